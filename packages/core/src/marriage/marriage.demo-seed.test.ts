import { addDays } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { seedDemoData } from '../seed/index';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { marriageLine } from './line';
import { DEMO_MONTHS, demoQualificationNo, seedMarriageDemo } from './marriage.demo-seed';
import { marriageToday } from './registry.service';

describeEachDatabase(
  'marriage demo data',
  (t) => {
    it('spreads registrations over three years, lets divorces reach their certificate, and runs once', async () => {
      const ctx = testContext(t.db);
      await seedDemoData(ctx, { size: 'demo', seed: 1 });
      const first = await seedMarriageDemo(ctx);
      expect(first.registries).toBe(3);
      expect(first.marriages).toBeGreaterThan(200);
      expect(first.divorces).toBeGreaterThan(20);
      expect(await seedMarriageDemo(ctx)).toEqual({ registries: 0, marriages: 0, divorces: 0 });
      const k = t.db.kysely;
      const today = marriageToday(ctx);
      // Every one of the last 36 months has registrations, none is in the future.
      const marriages = await k.selectFrom('marriages').select(['registeredOn', 'certificateNo']).execute();
      const months = new Set(marriages.map((m) => m.registeredOn.slice(0, 7)));
      expect(months.size).toBe(DEMO_MONTHS);
      expect(marriages.every((m) => m.registeredOn <= today)).toBe(true);
      expect(marriages.some((m) => m.registeredOn < addDays(today, -2 * 365 - 300))).toBe(true);
      // Divorces: most reach the certificate after the cooling-off period; some lapse; some are open today.
      const divorces = await k
        .selectFrom('divorceApplications')
        .select(['status', 'certificateNo'])
        .execute();
      const by = (s: string) => divorces.filter((d) => d.status === s);
      expect(by('registered').length).toBeGreaterThan(15);
      expect(by('registered').every((d) => d.certificateNo !== null)).toBe(true);
      expect(by('cooling_off').length).toBeGreaterThan(0);
      expect(by('deemed_withdrawn').length).toBeGreaterThan(0);
      const ended = await k
        .selectFrom('marriages')
        .select('endedOn')
        .where('status', '=', 'divorced')
        .execute();
      expect(ended.length).toBe(by('registered').length);
      expect(new Set(ended.map((m) => (m.endedOn as string).slice(0, 4))).size).toBeGreaterThan(1);
      // Refusals (不予登记) are recorded too.
      expect((await k.selectFrom('marriageRefusals').select('id').execute()).length).toBeGreaterThan(0);
      // Qualification numbers in the province's form, valid over the whole demo period.
      const quals = await k
        .selectFrom('registrarQualifications as q')
        .innerJoin('users as u', 'u.id', 'q.userId')
        .select(['u.username', 'q.certificateNo', 'q.validFrom'])
        .execute();
      expect(quals.filter((q) => q.username === 'registrar.county')).toHaveLength(1);
      for (const q of quals) {
        expect(q.certificateNo).toMatch(/^湘民婚登资字〔\d{4}〕第43\d{7}号$/);
        expect(q.validFrom <= addDays(today, -DEMO_MONTHS * 31)).toBe(true);
      }
      expect(demoQualificationNo(2023, '430181', 7)).toBe('湘民婚登资字〔2023〕第430181007号');
    }, 300_000);
  },
  { lines: [marriageLine] },
);
