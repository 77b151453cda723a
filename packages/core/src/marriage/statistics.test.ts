import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { aCouple, aMarriageDesk, aParty, aResidentId } from './marriage.fixtures';
import { registerMarriage } from './registration.service';
import { reissueCertificate } from './reissue.service';
import { MARRIAGE_STAT_CATEGORIES, marriageStatistics } from './statistics.service';
import { marriageLine } from './line';

const col = (key: string) => MARRIAGE_STAT_CATEGORIES.findIndex((c) => c.key === key);

describeEachDatabase(
  'marriage statistics (R-MAR-18)',
  (t) => {
    it('counts registration acts by category and drills from province to prefecture to county', async () => {
      const ctx = testContext(t.db);
      const liuyang = await aMarriageDesk(ctx, { county: '430181', competence: 'mainland_and_cross_border' });
      const jishou = await aMarriageDesk(ctx, { county: '433101', admin: liuyang.admin });
      const m1 = await registerMarriage(ctx, liuyang.registrar, aCouple(liuyang.registry.id));
      await registerMarriage(ctx, liuyang.registrar, {
        ...aCouple(liuyang.registry.id),
        cohabitingSince: '2020-01-01' as never,
      });
      const hk = aCouple(liuyang.registry.id);
      hk.wife = aParty(aResidentId('810000', '1995-05-05', 'female'), '陈美玲');
      await registerMarriage(ctx, liuyang.registrar, hk);
      await registerMarriage(ctx, jishou.registrar, aCouple(jishou.registry.id, { county: '433101' }));
      await reissueCertificate(ctx, liuyang.registrar, {
        marriageId: m1.id,
        registryId: liuyang.registry.id,
        certificate: 'marriage',
        applicant: 'both',
        archiveConfirmed: true,
      });
      const { actor: province } = await aUser(ctx, { role: 'supervisor', divisionCode: '430000' });
      const p = await marriageStatistics(ctx, province, {});
      expect(p).toMatchObject({ from: '2026-01-01', to: '2026-11-29', division: { code: '430000' } });
      expect(p.rows).toHaveLength(14);
      const cs = p.rows.find((r) => r.divisionCode === '430100');
      expect(cs?.counts[col('marriage_mainland')]).toBe(1);
      expect(cs?.counts[col('supplementary')]).toBe(1);
      expect(cs?.counts[col('marriage_hmt')]).toBe(1);
      expect(cs?.counts[col('reissue_marriage')]).toBe(1);
      expect(cs?.total).toBe(4);
      expect(p.rows.find((r) => r.divisionCode === '433100')?.total).toBe(1);
      expect(p.totals[col('marriage_mainland')]).toBe(2);
      const city = await marriageStatistics(ctx, province, { division: '430100' });
      expect(city.rows.find((r) => r.divisionCode === '430181')?.total).toBe(4);
      const county = await marriageStatistics(ctx, province, { division: '430181' });
      expect(county.rows).toEqual([
        expect.objectContaining({ divisionCode: '430181', divisionName: '浏阳市', total: 4 }),
      ]);
      const lastYear = await marriageStatistics(ctx, province, { from: '2025-01-01', to: '2025-12-31' });
      expect(lastYear.totals.every((n) => n === 0)).toBe(true);
      await expect(marriageStatistics(ctx, liuyang.registrar, { division: '433100' })).rejects.toMatchObject({
        code: 'DIVISION_OUT_OF_SCOPE',
      });
    });
  },
  { lines: [marriageLine] },
);
