/**
 * Registrars on different registries register at the same time (ADR 0016, "write path"): every
 * registration commits with its audit rows on one valid chain, and each registry's certificate numbers
 * stay gapless. (One registry's numbers are gapless per year, so its registrations are serial by design.)
 */
import { expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { aCouple, aMarriageDesk } from './marriage.fixtures';
import { registerMarriage } from './registration.service';
import { marriageLine } from './line';

describeEachDatabase(
  'concurrent marriage registrations',
  (t) => {
    it('16 registrars on 16 registries at once: all commit, one valid chain, numbers gapless per registry', async () => {
      const ctx = testContext(t.db);
      const desks = [];
      const first = await aMarriageDesk(ctx);
      desks.push(first);
      for (let i = 1; i < 16; i++) desks.push(await aMarriageDesk(ctx, { admin: first.admin }));
      const before = await t.db.kysely.selectFrom('auditLog').select('seq').execute();
      const results = await Promise.all(
        desks.flatMap((d) => [0, 1].map(() => registerMarriage(ctx, d.registrar, aCouple(d.registry.id)))),
      );
      expect(results).toHaveLength(32);
      for (const d of desks) {
        const numbers = results
          .filter((r) => r.certificateNo?.startsWith(`J${d.registry.code}-`))
          .map((r) => r.certificateNo)
          .sort();
        expect(numbers).toEqual([`J${d.registry.code}-2026-000001`, `J${d.registry.code}-2026-000002`]);
      }
      const chain = await verifyAuditChain(ctx);
      expect(chain).toMatchObject({ ok: true });
      expect(chain.checked).toBeGreaterThanOrEqual(before.length + 32);
      const marriages = await t.db.kysely.selectFrom('marriages').select('id').execute();
      expect(marriages).toHaveLength(32);
    });
  },
  { lines: [marriageLine] },
);
