/**
 * Demo data of the deaths concern (runs after the custody concern's seed): the death certificates the
 * custody demo wrote directly reach the people index as a clerk's recording would (the death recorded
 * once, source 殡葬, a registration row for the 死亡登记 ledger), and the unidentified bodies join the family
 * search, so the matching line's job pairs them with the demo's missing-person reports. Idempotent: a
 * certificate already registered and a body already published are left alone.
 */
import { newId } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { findIndexedPerson, recordDeathInTransaction } from '../people/index';
import { findFuneralCase } from './cases.repository';
import { insertDeathRegistration, unregisteredCertificates } from './deaths.repository';
import { DEATH_SOURCE } from './deaths.service';
import { funeralConfig } from './funeral.config';
import { ruleEraOf } from './rules';
import { backfillFuneralFamilySearch } from './unidentified.service';

export async function seedDeathsDemo(ctx: CoreContext): Promise<void> {
  for (const doc of await unregisteredCertificates(ctx.db.kysely)) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const c = await findFuneralCase(trx, doc.caseId);
      const person = c && (await findIndexedPerson(trx, c.personId));
      if (!c?.deathDate || !person) return;
      const at = ctx.clock.now().toISOString();
      let outcome: 'recorded' | 'already_recorded' = 'already_recorded';
      if (person.status === 'alive') {
        await recordDeathInTransaction(ctx, trx, systemActor('funeral.demo-seed', person.divisionCode), {
          personId: person.id,
          deathDate: c.deathDate,
          source: DEATH_SOURCE,
          reason: `演示数据：遗体档案 ${c.caseNo}`,
        });
        outcome = 'recorded';
      }
      await insertDeathRegistration(trx, {
        id: newId(),
        caseId: c.id,
        documentId: doc.documentId,
        facilityId: c.facilityId,
        divisionCode: c.divisionCode,
        personId: person.id,
        deathDate: c.deathDate,
        era: ruleEraOf(funeralConfig(ctx), 'death_certificate', doc.issuedOn ?? c.deathDate),
        identifierKind: /^[0-9]{17}[0-9X]$/.test(doc.number ?? '') ? 'resident_id' : 'legacy',
        outcome,
        mergeId: null,
        status: 'active',
        revocationId: null,
        recordedBy: 'seed',
        recordedAt: at,
        updatedAt: at,
      });
    });
  }
  ctx.events.kick();
  await backfillFuneralFamilySearch(ctx);
}
