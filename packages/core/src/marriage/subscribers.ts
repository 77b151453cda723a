import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { appendAudit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { closeDivorce, openDivorceOfMarriage } from './divorce.repository';
import { expireDivorceApplications, refreshProvisionalWindows } from './divorce.service';
import { endMarriage, subsistingMarriagesOf } from './marriage.repository';

export const SPOUSE_DECEASED_SUBSCRIBER = 'marriage.spouse-deceased';

/**
 * person.deceased → the deceased's subsisting marriage ends by death from the death date (the survivor
 * is 丧偶), and an open divorce application of that marriage ends (离婚登记程序终止). Idempotent: a
 * replayed event finds no subsisting marriage and changes nothing.
 */
export async function onPersonDeceased(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.deceased'>,
): Promise<void> {
  const { personId, deathDate } = event.payload;
  const actor = systemActor(SPOUSE_DECEASED_SUBSCRIBER, '000000');
  const at = ctx.clock.now().toISOString();
  for (const m of await subsistingMarriagesOf(trx, [personId])) {
    // A death recorded before the registration date is a data error: end on the registration date and say so.
    const endedOn = deathDate < m.registeredOn ? m.registeredOn : deathDate;
    if (!(await endMarriage(trx, m.id, 'ended_by_death', endedOn, personId, at))) continue;
    await appendAudit(trx, ctx, actor, {
      action: 'marriage.end-by-death',
      targetType: 'marriage',
      targetId: m.id,
      divisionCode: m.divisionCode,
      details: {
        deceasedPersonId: personId,
        deathDate,
        endedOn,
        eventId: event.id,
        deathBeforeRegistration: endedOn !== deathDate,
      },
    });
    // At most one application is open per marriage (divorce_applications_open_uq).
    const open = await openDivorceOfMarriage(trx, m.id);
    for (const d of open ? [open] : []) {
      if (!(await closeDivorce(trx, d.id, { status: 'terminated_by_death', closedOn: endedOn, at })))
        continue;
      await appendAudit(trx, ctx, actor, {
        action: 'marriage.divorce.terminated-by-death',
        targetType: 'divorce_application',
        targetId: d.id,
        divisionCode: d.divisionCode,
        details: { deceasedPersonId: personId, eventId: event.id },
      });
    }
  }
}

/**
 * The deadline job: provisional cooling-off windows made final once their year's holidays are loaded, then
 * applications whose 30-day certificate window passed deemed withdrawn (R-MAR-12). Idempotent.
 */
export async function runDivorceDeadlines(
  ctx: CoreContext,
): Promise<{ refreshed: number; withdrawn: number }> {
  const refreshed = await refreshProvisionalWindows(ctx);
  const withdrawn = await expireDivorceApplications(ctx);
  return { refreshed, withdrawn };
}
