import type { Transaction } from 'kysely';
import { systemActor } from '../access/actor';
import { appendAudit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import type { Database } from '../db/schema';
import type { StoredEvent } from '../events/outbox';
import { closeDivorce } from './divorce.repository';
import { expireDivorceApplications, refreshProvisionalWindows } from './divorce.service';
import { endMarriage, subsistingMarriagesOf } from './marriage.repository';

const SUBSCRIBER = 'marriage.spouse-deceased';

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
  const actor = systemActor(SUBSCRIBER, '000000');
  const at = ctx.clock.now().toISOString();
  for (const m of await subsistingMarriagesOf(trx, [personId])) {
    // A death recorded before the registration date is a data error: end on the registration date and say so.
    const endedOn = deathDate < m.registeredOn ? m.registeredOn : deathDate;
    if (!(await endMarriage(trx, m.id, 'ended_by_death', endedOn, personId, at))) continue;
    await appendAudit(trx, ctx.db.dialect, ctx.clock, actor, {
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
    const open = await trx
      .selectFrom('divorceApplications')
      .select(['id', 'divisionCode'])
      .where('marriageId', '=', m.id)
      .where('status', '=', 'cooling_off')
      .execute();
    for (const d of open) {
      if (!(await closeDivorce(trx, d.id, { status: 'terminated_by_death', closedOn: endedOn, at })))
        continue;
      await appendAudit(trx, ctx.db.dialect, ctx.clock, actor, {
        action: 'marriage.divorce.terminated-by-death',
        targetType: 'divorce_application',
        targetId: d.id,
        divisionCode: d.divisionCode,
        details: { deceasedPersonId: personId, eventId: event.id },
      });
    }
  }
}

/** Subscribes the marriage line to other lines' events (called once per process by start and test app). */
export function registerMarriageSubscribers(ctx: CoreContext): void {
  ctx.events.subscribe(SUBSCRIBER, 'person.deceased', (trx, event) => onPersonDeceased(ctx, trx, event));
}

export interface MarriageJobs {
  stop(): void;
}

/**
 * Runs the deadline jobs (provisional windows made final, then deemed-withdrawn) now (start-up catch-up) and then every
 * `marriage.divorceExpiryIntervalMinutes`. Failures are logged and retried on the next round.
 */
export async function startMarriageJobs(
  ctx: CoreContext,
  logger: { error(obj: unknown, msg?: string): void } = { error: () => undefined },
): Promise<MarriageJobs> {
  const run = async () => {
    try {
      await refreshProvisionalWindows(ctx);
      await expireDivorceApplications(ctx);
    } catch (err) {
      logger.error({ err }, 'marriage divorce-expiry job failed; will retry');
    }
  };
  await run();
  const timer = setInterval(() => void run(), ctx.config.marriage.divorceExpiryIntervalMinutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
