/**
 * person.death-revoked (a death recorded against the wrong person, revoked after review; ADR 0028) → the
 * marriages that `person.deceased` ended for that person subsist again (the death never happened, so the
 * marriage never ended), unless either spouse has registered another marriage since: then the marriage
 * stays ended and the audit row `marriage.death-revoked.needs-review` asks a registrar to sort it out by
 * hand (a court or the registry decides, not the platform). A divorce application terminated by the death
 * stays terminated: the couple applies again. Idempotent: a replay finds nothing ended by that death.
 */
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { appendAudit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { marriagesEndedByDeathOf, restoreMarriage } from './death-revoked.repository';
import { subsistingMarriagesOf } from './marriage.repository';

export const SPOUSE_DEATH_REVOKED_SUBSCRIBER = 'marriage.spouse-death-revoked';

export async function onPersonDeathRevoked(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.death-revoked'>,
): Promise<void> {
  const { personId, revokedDeathDate, revocationId } = event.payload;
  const actor = systemActor(SPOUSE_DEATH_REVOKED_SUBSCRIBER, '000000');
  const at = ctx.clock.now().toISOString();
  for (const m of await marriagesEndedByDeathOf(trx, personId)) {
    const since = await subsistingMarriagesOf(trx, [m.husbandId, m.wifeId]);
    const restored = since.length === 0 && (await restoreMarriage(trx, m.id, at));
    await appendAudit(trx, ctx, actor, {
      action: restored ? 'marriage.restored-death-revoked' : 'marriage.death-revoked.needs-review',
      targetType: 'marriage',
      targetId: m.id,
      divisionCode: m.divisionCode,
      details: {
        personId,
        revokedDeathDate,
        revocationId,
        eventId: event.id,
        endedOn: m.endedOn,
        laterMarriages: since.map((x) => x.id),
      },
    });
  }
}
