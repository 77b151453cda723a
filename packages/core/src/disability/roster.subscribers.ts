/**
 * The roster concern's side of deaths (ADR 0028, issue 18 item 5):
 *
 * - `person.deceased`: every open entitlement of the person stops with reason `death` and the death date
 *   (`stopEntitlement`: the death's month is the last month paid, R-DIS-07 — death on 2025-03-15 → March
 *   paid, no April). The next roster shows a `stopped` line with reason 死亡. A death arriving twice finds
 *   nothing open and stops nothing.
 * - `person.death-revoked` (被死亡 corrected after review): each entitlement that death stopped is
 *   reinstated (status active, last month cleared, a `reinstated` event with reason `death_revoked`), so
 *   the next roster pays every month since the last one paid (arrears, not capped: the stop was the
 *   platform's error). If the person has meanwhile been granted the subsidy again, nothing is reopened and
 *   the audit row says so (a clerk reviews).
 */
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { insertEntitlementEvent, openEntitlement } from './disability.repository';
import { stopEntitlement } from './entitlements';
import { entitlementsStoppedByDeath, openEntitlementsOfPerson, reopenEntitlement } from './roster.repository';
import { addMonthsToMonth, monthOf } from './rules';

export const ENTITLEMENT_DECEASED_SUBSCRIBER = 'disability.entitlement-person-deceased';
export const ENTITLEMENT_DEATH_REVOKED_SUBSCRIBER = 'disability.entitlement-death-revoked';

export async function onEntitlementPersonDeceased(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.deceased'>,
): Promise<void> {
  const { personId, deathDate, source } = event.payload;
  const at = ctx.clock.now().toISOString();
  for (const e of await openEntitlementsOfPerson(trx, personId)) {
    const actor = systemActor(ENTITLEMENT_DECEASED_SUBSCRIBER, e.divisionCode);
    const { row, changed } = await stopEntitlement(
      trx,
      actor,
      e,
      {
        reason: 'death',
        eventDate: deathDate,
        source: 'death',
        sourceId: event.id,
        note: `死亡（来源：${source}，死亡日期：${deathDate}）`,
      },
      at,
    );
    if (!changed) continue;
    await audit(ctx, trx, actor, {
      action: 'disability.entitlement.stopped-by-death',
      targetType: 'disability_entitlement',
      targetId: e.id,
      divisionCode: e.divisionCode,
      subjectPersonId: personId,
      details: { subsidy: e.subsidy, deathDate, lastPaidMonth: row.toMonth, source, eventId: event.id },
    });
  }
}

export async function onEntitlementDeathRevoked(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.death-revoked'>,
): Promise<void> {
  const { personId, revokedDeathDate, revocationId } = event.payload;
  const at = ctx.clock.now().toISOString();
  for (const e of await entitlementsStoppedByDeath(trx, personId, revokedDeathDate)) {
    const actor = systemActor(ENTITLEMENT_DEATH_REVOKED_SUBSCRIBER, e.divisionCode);
    if (await openEntitlement(trx, personId, e.subsidy)) {
      await audit(ctx, trx, actor, {
        action: 'disability.entitlement.death-revoked-review',
        targetType: 'disability_entitlement',
        targetId: e.id,
        divisionCode: e.divisionCode,
        subjectPersonId: personId,
        details: { subsidy: e.subsidy, revokedDeathDate, revocationId, reopened: false },
      });
      continue;
    }
    if (!(await reopenEntitlement(trx, e.id, at))) continue;
    await insertEntitlementEvent(trx, {
      entitlementId: e.id,
      kind: 'reinstated',
      // The first month the stop left unpaid: the next roster pays from there (arrears).
      effectiveMonth: addMonthsToMonth(e.toMonth ?? monthOf(revokedDeathDate), 1),
      reasonCode: 'death_revoked',
      note: `死亡登记（${revokedDeathDate}）经复核撤销，恢复发放并补发停发月份`,
      source: 'death_revoked',
      sourceId: revocationId,
      actorId: ENTITLEMENT_DEATH_REVOKED_SUBSCRIBER,
      at,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.entitlement.reinstated',
      targetType: 'disability_entitlement',
      targetId: e.id,
      divisionCode: e.divisionCode,
      subjectPersonId: personId,
      details: { subsidy: e.subsidy, revokedDeathDate, revocationId },
    });
  }
}
