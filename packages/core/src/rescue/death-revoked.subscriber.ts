/**
 * person.death-revoked (a death recorded against the wrong person, revoked after review; ADR 0028) → a
 * case the death closed (status `deceased`, close kind `death`) is flagged for review: close kind
 * `death_revoked`, the note naming the revoked date. It is not reopened automatically — where the person
 * is now is for a caseworker to find out (a new stay is a new intake). Idempotent: a flagged case is not
 * flagged again.
 */
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { casesClosedByDeathOf, flagCaseDeathRevoked } from './death-revoked.repository';

export const CASE_DEATH_REVOKED_SUBSCRIBER = 'rescue.case-death-revoked';

export async function onCaseDeathRevoked(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.death-revoked'>,
): Promise<void> {
  const { personId, revokedDeathDate, revocationId } = event.payload;
  const at = ctx.clock.now().toISOString();
  for (const c of await casesClosedByDeathOf(trx, personId)) {
    const note = `【待复核】该受助人员${revokedDeathDate}的死亡登记已被撤销（被死亡更正），本案件按死亡结案有误，请核实去向。原结案说明：${c.closeNote ?? ''}`;
    if (!(await flagCaseDeathRevoked(trx, c.id, note.slice(0, 1000), at))) continue;
    await audit(ctx, trx, systemActor(CASE_DEATH_REVOKED_SUBSCRIBER, c.divisionCode), {
      action: 'rescue.case.death-revoked',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: personId,
      details: { revocationId, revokedDeathDate, eventId: event.id },
    });
  }
}
