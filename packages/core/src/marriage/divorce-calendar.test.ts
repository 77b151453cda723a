import { loadedHolidayYears, registerHolidayCalendar, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { coreContext } from '../platform';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock } from '../testing/factories';
import { applyForDivorce, getDivorce, refreshProvisionalWindows } from './divorce.service';
import { aCouple, aMarriageDesk, beijingMorning, aDivorceApplication } from './marriage.fixtures';
import { registerMarriage } from './registration.service';
import { marriageLine } from './line';

// Loads made-up schedules for the first year(s) after the official data into the process-wide
// calendar (each run takes the next missing year), so the file never depends on which engine ran first.
describeEachDatabase(
  'provisional cooling-off deadlines',
  (t) => {
    it('makes a provisional deadline final once the year’s schedule is loaded, and audits the change', async () => {
      const missing = Math.max(...loadedHolidayYears()) + 1;
      const ctx = coreContext(t.db, {
        clock: new ManualClock(beijingMorning(`${missing - 1}-11-29`)),
        lines: [marriageLine],
        config: { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
      });
      const desk = await aMarriageDesk(ctx);
      const marriage = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const d = await applyForDivorce(
        ctx,
        desk.registrar,
        aDivorceApplication(marriage.id, desk.registry.id),
      );
      expect(d.provisional).toBe(true);
      expect(d.jointRequestEndsOn.startsWith(String(missing))).toBe(true);
      expect(await refreshProvisionalWindows(ctx)).toBe(0);
      const provisionalEnd = d.jointRequestEndsOn as PlainDate;
      registerHolidayCalendar({
        years: {
          [String(missing)]: {
            notices: [
              {
                title: '测试用节假日安排（非官方）',
                number: null,
                date: `${missing - 1}-11-01` as PlainDate,
              },
            ],
            holidays: [{ name: '测试假日', rest: [provisionalEnd, provisionalEnd], work: [] }],
          },
        },
      });
      expect(await refreshProvisionalWindows(ctx)).toBe(1);
      expect(await refreshProvisionalWindows(ctx)).toBe(0);
      const final = await getDivorce(ctx, desk.registrar, d.id);
      expect(final.provisional).toBe(false);
      expect(final.jointRequestEndsOn > provisionalEnd).toBe(true);
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', d.id)
        .where('action', '<>', 'marriage.divorce.read')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'marriage.divorce.accept',
        'marriage.divorce.windows-final',
      ]);
    });
  },
  { lines: [marriageLine] },
);
