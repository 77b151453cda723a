import { expect, it } from 'vitest';
import { personPanels } from '../line-views';
import { peopleByDivision, peopleTrend } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation } from './rescue.fixtures';

describeEachDatabase(
  'what a station clerk sees outside the line (ADR 0009 §5: the people index is shared at the county level)',
  (t) => {
    it('the person page shows station staff the 救助记录 panel of a person of their county', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-01T02:00:00.000Z'));
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueCase(ctx, st, { estimatedAge: 40 });
      const panels = await personPanels(ctx, st.staff, c.personId);
      expect(panels.map((p) => p.title)).toContain('救助记录');
    });

    it('the home page figures open on the station’s county instead of refusing the clerk', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-01T02:00:00.000Z'));
      const st = await aRescueStation(ctx, { county: '430102' });
      await aRescueCase(ctx, st, { estimatedAge: 40 });
      expect((await peopleByDivision(ctx, st.staff)).division.code).toBe('430102');
      expect((await peopleTrend(ctx, st.staff, undefined, 6)).division.code).toBe('430102');
      // Another county is still refused.
      await expect(peopleByDivision(ctx, st.staff, '430181')).rejects.toMatchObject({
        code: 'DIVISION_OUT_OF_SCOPE',
      });
    });
  },
  { lines: [rescueLine] },
);
