import { expect, it } from 'vitest';
import { DomainError } from '@social-affairs/kernel';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { createMissingReport, familySearch, refreshFamilyIndex } from './family-search.service';
import { matchingLine } from './line';

describeEachDatabase(
  'family search',
  (t) => {
    async function setup() {
      const ctx = testContext(t.db);
      const { actor: office } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      const reports = {
        niu: await createMissingReport(ctx, office, {
          name: '刘芳',
          sex: 'female',
          birthYear: 1990,
          lostOn: '1995-04-02',
          lostDivisionCode: '430181',
          features: '左眉有痣，说浏阳话',
        }),
        zhang: await createMissingReport(ctx, office, {
          name: '张小军',
          sex: 'male',
          birthYear: 1988,
          birthYearUncertainty: 3,
          lostDivisionCode: '430102',
          features: '右手有烫伤疤痕',
        }),
        other: await createMissingReport(ctx, office, {
          name: '王建国',
          sex: 'male',
          birthYear: 1960,
          lostDivisionCode: '430602',
        }),
      };
      return { ctx, office, reports };
    }

    it('finds a report from a name heard in a Hunan accent, typed in pinyin, with the explanation', async () => {
      const { ctx, office, reports } = await setup();
      // 刘芳 liu fang, heard as "niu huang" (n/l and f/h mergers).
      const { items } = await familySearch(ctx, office, {
        name: 'niu huang',
        sex: 'female',
        age: { estimate: 36, range: 5 },
        regionHints: ['4301'],
        dialect: 'hunan',
      });
      expect(items[0]?.report.id).toBe(reports.niu.id);
      expect(items[0]?.explanation).toMatchObject({ sex: 'equal', region: 'prefecture' });
      expect(['dialect-profile', 'heavy-fuzzy', 'any-dialect']).toContain(items[0]?.explanation.name);
      expect(items[0]?.report).toMatchObject({ name: '刘芳', lostDivisionName: '浏阳市' });
    });

    it('finds a report from a surname and features alone, and ranks the hanzi-exact name first', async () => {
      const { ctx, office, reports } = await setup();
      const bySurname = await familySearch(ctx, office, {
        name: '张',
        surnameOnly: true,
        sex: 'male',
        features: '手上有疤痕',
      });
      expect(bySurname.items[0]?.report.id).toBe(reports.zhang.id);
      expect(bySurname.items[0]?.explanation.sharedFeatures.length).toBeGreaterThan(0);
      const exact = await familySearch(ctx, office, { name: '王建国' });
      expect(exact.items[0]).toMatchObject({
        report: { id: reports.other.id },
        explanation: { name: 'hanzi-exact' },
      });
    });

    it('picks up reports added after the index was built, incrementally', async () => {
      const { ctx, office } = await setup();
      expect((await refreshFamilyIndex(ctx)).size).toBe(3);
      const late = await createMissingReport(ctx, office, {
        name: '欧阳娜娜',
        sex: 'female',
        birthYear: 2001,
        lostDivisionCode: '430103',
      });
      const { items, indexed } = await familySearch(ctx, office, { name: 'ouyang nana' });
      expect(indexed).toBe(4);
      expect(items[0]?.report.id).toBe(late.id);
    });

    it('returns only reports inside the caller’s scope and audits each search', async () => {
      const { ctx, reports } = await setup();
      const { actor: county } = await aUser(ctx, { role: 'supervisor', divisionCode: '430102' });
      const { items } = await familySearch(ctx, county, {
        age: { estimate: 37, range: 10 },
        reason: '家属来访',
      });
      expect(items.map((h) => h.report.id)).toEqual([reports.zhang.id]);
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'matching.family-search')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorUsername: county.username, reason: '家属来访' });
    });

    it('refuses an empty description and a report with nothing to search by', async () => {
      const { ctx, office } = await setup();
      await expect(familySearch(ctx, office, {})).rejects.toBeInstanceOf(DomainError);
      await expect(createMissingReport(ctx, office, { sex: 'male' })).rejects.toMatchObject({
        code: 'REPORT_TOO_VAGUE',
      });
    });
  },
  { lines: [matchingLine] },
);
