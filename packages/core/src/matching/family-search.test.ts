import { expect, it } from 'vitest';
import { DomainError } from '@social-affairs/kernel';
import { systemActor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import {
  publishFamilySearchRecord,
  withdrawFamilySearchRecord,
  type FamilySearchRecordInput,
} from './family-search-entries.service';
import {
  changeMissingReportStatus,
  createMissingReport,
  familyCandidates,
  familySearch,
  getMissingReport,
  listMissingReports,
  refreshFamilyIndex,
} from './family-search.service';
import { matchingLine } from './line';
import { newId } from '@social-affairs/kernel';
import { sql, type Kysely } from 'kysely';
import * as m0014 from './migrations/0014-family-search-entries';

/** What the rescue and funeral lines will do: append their audit row, then publish, in one transaction. */
async function publishAsLine(
  ctx: CoreContext,
  record: Omit<FamilySearchRecordInput, 'ownerId'> & { ownerId?: string },
) {
  const ownerId = record.ownerId ?? newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, systemActor(record.ownerLine, '430000'), {
      action: `${record.ownerLine}.test-record`,
      targetType: `${record.ownerLine}_record`,
      targetId: ownerId,
      divisionCode: record.divisionCode,
    });
    await publishFamilySearchRecord(ctx, trx, { ...record, ownerId });
  });
  return ownerId;
}

async function withdrawAsLine(ctx: CoreContext, ownerLine: string, ownerId: string) {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, systemActor(ownerLine, '430000'), {
      action: `${ownerLine}.test-identified`,
      targetType: `${ownerLine}_record`,
      targetId: ownerId,
    });
    await withdrawFamilySearchRecord(ctx, trx, ownerLine, ownerId);
  });
}

describeEachDatabase(
  'family search',
  (t) => {
    async function setup() {
      const ctx = testContext(t.db);
      const { actor: office } = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' });
      const reports = {
        liu: await createMissingReport(ctx, office, {
          name: '刘芳',
          sex: 'female',
          birthYear: 1990,
          lostOn: '1995-04-02',
          lostDivisionCode: '430181',
          features: '左眉有痣，说浏阳话',
          contactName: '刘建华',
          contactPhone: '13812345678',
        }),
        zhang: await createMissingReport(ctx, office, {
          name: '张小军',
          sex: 'male',
          birthYear: 1988,
          birthYearUncertainty: 3,
          lostDivisionCode: '430102',
          features: '右手有烫伤疤痕',
        }),
        wang: await createMissingReport(ctx, office, {
          name: '王建国',
          sex: 'male',
          birthYear: 1960,
          lostDivisionCode: '430602',
        }),
      };
      // Synthetic records of the two other kinds, published as the rescue and funeral lines will.
      const living = {
        // A woman taken in by 浏阳市's station, who gives her name as 刘方 (a homophone).
        liu: await publishAsLine(ctx, {
          ownerLine: 'rescue',
          kind: 'unidentified-living',
          reference: '救助〔2025〕0031',
          name: '刘方',
          sex: 'female',
          estimatedAge: { estimate: 35, range: 3, asOf: '2025-06-01' },
          eventDate: '2025-06-01',
          placeCode: '430181',
          features: '左眉有痣，智力障碍',
          photoRef: 'attachment-liu',
          divisionCode: '430181',
        }),
        // A man without a name, about 60 when found in 岳阳.
        old: await publishAsLine(ctx, {
          ownerLine: 'rescue',
          kind: 'unidentified-living',
          sex: 'male',
          estimatedAge: { estimate: 60, range: 5, asOf: '2020-03-01' },
          eventDate: '2020-03-01',
          placeCode: '430602',
          features: '左腿残疾',
          divisionCode: '430602',
        }),
      };
      const deceased = {
        // An unidentified body in 芙蓉区, about 38 on 2026-10-01, with a burn scar on the right hand.
        burn: await publishAsLine(ctx, {
          ownerLine: 'funeral',
          kind: 'unidentified-deceased',
          reference: '无名遗体〔2026〕007',
          sex: 'male',
          estimatedAge: { estimate: 38, range: 5, asOf: '2026-10-01' },
          eventDate: '2026-10-01',
          placeCode: '430102',
          features: '右手烫伤疤痕，身高约170厘米',
          photoRef: 'attachment-burn',
          divisionCode: '430102',
        }),
      };
      return { ctx, office, reports, living, deceased };
    }

    it('finds records of the other two kinds from a query of each kind, with explanations', async () => {
      const { ctx, office, reports, living, deceased } = await setup();

      // From a family (a report's description): rescue and funeral records only.
      const fromFamily = await familySearch(ctx, office, {
        name: '刘芳',
        sex: 'female',
        age: { estimate: 35, range: 5 },
        asOf: '2025-06-01',
        regionHints: ['430181'],
        fromKind: 'missing-report',
      });
      expect(fromFamily.items[0]).toMatchObject({
        id: living.liu,
        kind: 'unidentified-living',
        photoRef: 'attachment-liu',
        record: { ownerLine: 'rescue', reference: '救助〔2025〕0031', name: '刘方', placeCode: '430181' },
        report: null,
        explanation: { sex: 'equal', region: 'county' },
      });
      expect(fromFamily.items[0]!.explanation.name).not.toBe('none');
      expect(fromFamily.items.every((h) => h.kind !== 'missing-report')).toBe(true);
      expect(fromFamily.asOf).toBe('2025-06-01');

      // From a rescued person: the reports (with the family's contact masked) and the deceased.
      const forLiving = await familyCandidates(ctx, office, living.liu);
      expect(forLiving.from).toMatchObject({ id: living.liu, kind: 'unidentified-living' });
      expect(forLiving.items[0]).toMatchObject({
        id: reports.liu.id,
        kind: 'missing-report',
        report: { name: '刘芳', contactName: '刘建华', contactPhoneMasked: '138****5678' },
      });
      expect(forLiving.items.every((h) => h.kind !== 'unidentified-living')).toBe(true);
      expect(JSON.stringify(forLiving)).not.toContain('13812345678');

      // From an unidentified body (no name): the report whose age, place, sex and scar agree.
      const forBody = await familyCandidates(ctx, office, deceased.burn);
      expect(forBody.items[0]).toMatchObject({
        id: reports.zhang.id,
        kind: 'missing-report',
        explanation: { sex: 'equal', region: 'county' },
      });
      expect(forBody.items[0]!.explanation.sharedFeatures.length).toBeGreaterThan(0);
      expect(forBody.items.every((h) => h.kind !== 'unidentified-deceased')).toBe(true);

      // From a report: the body and the rescued man, never another report.
      const forReport = await familyCandidates(ctx, office, reports.zhang.id);
      expect(forReport.items[0]).toMatchObject({ id: deceased.burn, kind: 'unidentified-deceased' });
      expect(forReport.items.map((h) => h.kind)).not.toContain('missing-report');
      const forWang = await familyCandidates(ctx, office, reports.wang.id);
      expect(forWang.items[0]).toMatchObject({ id: living.old, kind: 'unidentified-living' });

      // Every search and candidate list is an audited read.
      const rows = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'targetId'])
        .where('action', 'in', ['matching.family-search', 'matching.family-search-candidates'])
        .execute();
      expect(rows).toHaveLength(5);
    });

    it('hides the records of another county, and a stored record outside scope is not found', async () => {
      const { ctx, deceased, reports, living } = await setup();
      const { actor: liuyang } = await aUser(ctx, { role: 'supervisor', divisionCode: '430181' });
      const { items } = await familySearch(ctx, liuyang, { age: { estimate: 40, range: 30 } });
      expect(items.map((h) => h.id).sort()).toEqual([reports.liu.id, living.liu].sort());
      await expect(familyCandidates(ctx, liuyang, deceased.burn)).rejects.toMatchObject({
        kind: 'not_found',
      });
      await expect(getMissingReport(ctx, liuyang, reports.zhang.id)).rejects.toMatchObject({
        kind: 'not_found',
      });
      await expect(
        changeMissingReportStatus(ctx, liuyang, reports.zhang.id, { status: 'found', reason: '已找到' }),
      ).rejects.toMatchObject({ kind: 'forbidden' }); // a supervisor may not change reports at all
      const { actor: liuyangReviewer } = await aUser(ctx, {
        role: 'county_reviewer',
        divisionCode: '430181',
      });
      await expect(
        changeMissingReportStatus(ctx, liuyangReviewer, reports.zhang.id, {
          status: 'found',
          reason: '已找到',
        }),
      ).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('found, withdrawn and withdrawn-by-owner records leave the index, also in a second process', async () => {
      const { ctx, office, reports, living, deceased } = await setup();
      // A second process: its own index over the same database, loaded before the changes.
      const other: CoreContext = { ...ctx, db: { ...ctx.db } };
      expect((await refreshFamilyIndex(other)).size).toBe(6);
      const all = ['missing-report', 'unidentified-living', 'unidentified-deceased'] as const;
      const ids = async (c: CoreContext, actor: Actor) =>
        (
          await familySearch(c, actor, { age: { estimate: 40, range: 40 }, kinds: [...all], limit: 50 })
        ).items.map((h) => h.id);
      expect(await ids(other, office)).toHaveLength(6);

      const found = await changeMissingReportStatus(ctx, office, reports.liu.id, {
        status: 'found',
        reason: '经 DNA 比对确认，家属已认领',
      });
      expect(found).toMatchObject({ status: 'found', statusReason: '经 DNA 比对确认，家属已认领' });
      await changeMissingReportStatus(ctx, office, reports.zhang.id, {
        status: 'withdrawn',
        reason: '家属撤销',
      });
      await withdrawAsLine(ctx, 'rescue', living.old);

      for (const c of [ctx, other]) {
        const left = await ids(c, office);
        expect(left.sort()).toEqual([reports.wang.id, living.liu, deceased.burn].sort());
      }
      expect((await refreshFamilyIndex(other)).size).toBe(3);

      // Republishing an id replaces what the search holds about it (here: the rescued woman is named).
      await publishAsLine(ctx, {
        ownerId: living.liu,
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        name: '欧阳娜娜',
        sex: 'female',
        estimatedAge: { estimate: 35, range: 3, asOf: '2025-06-01' },
        divisionCode: '430181',
      });
      const renamed = await familySearch(other, office, { name: '欧阳娜娜', kinds: ['unidentified-living'] });
      expect(renamed.items[0]).toMatchObject({ id: living.liu, record: { name: '欧阳娜娜' } });
      expect(renamed.indexed).toBe(3);

      // A closed report stays closed; a line cannot withdraw or overwrite another line's record.
      await expect(
        changeMissingReportStatus(ctx, office, reports.liu.id, { status: 'withdrawn', reason: '重复登记' }),
      ).rejects.toMatchObject({ kind: 'conflict', code: 'REPORT_ALREADY_CLOSED' });
      await expect(withdrawAsLine(ctx, 'funeral', living.liu)).rejects.toMatchObject({
        code: 'FAMILY_RECORD_OWNED_ELSEWHERE',
      });
      await expect(
        publishAsLine(ctx, {
          ownerId: reports.wang.id,
          ownerLine: 'funeral',
          kind: 'unidentified-deceased',
          divisionCode: '430602',
        }),
      ).rejects.toMatchObject({ code: 'FAMILY_RECORD_OWNED_ELSEWHERE' });

      const closes = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'reason', 'targetId'])
        .where('action', 'in', ['matching.missing-report-found', 'matching.missing-report-withdrawn'])
        .orderBy('seq')
        .execute();
      expect(closes).toEqual([
        {
          action: 'matching.missing-report-found',
          reason: '经 DNA 比对确认，家属已认领',
          targetId: reports.liu.id,
        },
        { action: 'matching.missing-report-withdrawn', reason: '家属撤销', targetId: reports.zhang.id },
      ]);
    });

    it('takes the age as of the given date', async () => {
      const { ctx, office, reports } = await setup();
      // A six-year-old in early 1996 was born about 1990: 刘芳's report.
      const then = await familySearch(ctx, office, {
        sex: 'female',
        age: { estimate: 6, range: 1 },
        asOf: '1996-01-01',
        kinds: ['missing-report'],
      });
      expect(then.items[0]).toMatchObject({ id: reports.liu.id });
      expect(Math.abs(then.items[0]!.explanation.ageDifference!)).toBeLessThanOrEqual(1);
      // The same age today (2026-11-29) points to a child born about 2020.
      const now = await familySearch(ctx, office, {
        sex: 'female',
        age: { estimate: 6, range: 1 },
        kinds: ['missing-report'],
      });
      expect(now.asOf).toBe('2026-11-29');
      const liu = now.items.find((h) => h.id === reports.liu.id);
      expect(Math.abs(liu?.explanation.ageDifference ?? 99)).toBeGreaterThan(20);
    });

    it('lists reports with masked phones and shows the full contact in the audited detail', async () => {
      const { ctx, office, reports } = await setup();
      const page = await listMissingReports(ctx, office, { page: 1, pageSize: 10, q: '刘' });
      expect(page).toMatchObject({
        total: 1,
        items: [{ id: reports.liu.id, contactPhoneMasked: '138****5678' }],
      });
      expect(JSON.stringify(page)).not.toContain('13812345678');
      const open = await listMissingReports(ctx, office, { page: 1, pageSize: 10, status: 'open' });
      expect(open.total).toBe(3);
      const detail = await getMissingReport(ctx, office, reports.liu.id, '家属来电核实');
      expect(detail).toMatchObject({ contactName: '刘建华', contactPhone: '13812345678' });
      const read = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'reason', 'details'])
        .where('action', 'in', ['matching.missing-report-read', 'matching.missing-report-list'])
        .orderBy('seq')
        .execute();
      expect(read.map((r) => r.action)).toEqual([
        'matching.missing-report-list',
        'matching.missing-report-list',
        'matching.missing-report-read',
      ]);
      expect(read[2]?.reason).toBe('家属来电核实');
      expect(read.map((r) => r.details).join()).not.toContain('13812345678');
    });

    it('finds a report from a name heard in a Hunan accent and from a surname with features', async () => {
      const { ctx, office, reports } = await setup();
      const { items } = await familySearch(ctx, office, {
        name: 'niu huang',
        sex: 'female',
        age: { estimate: 36, range: 5 },
        regionHints: ['4301'],
        dialect: 'hunan',
        kinds: ['missing-report'],
      });
      expect(items[0]).toMatchObject({
        id: reports.liu.id,
        report: { name: '刘芳', lostDivisionName: '浏阳市' },
        explanation: { sex: 'equal', region: 'prefecture' },
      });
      const bySurname = await familySearch(ctx, office, {
        name: '张',
        surnameOnly: true,
        sex: 'male',
        features: '手上有疤痕',
        kinds: ['missing-report'],
      });
      expect(bySurname.items[0]?.id).toBe(reports.zhang.id);
    });

    it('migration 0014 copies the reports filed before it into the feed, open ones active', async () => {
      const db = t.db.kysely as unknown as Kysely<unknown>;
      await m0014.down(db);
      // Two reports as filed before 0014 (no contact columns yet).
      for (const [id, seq, status] of [
        ['r-open', 1, 'open'],
        ['r-found', 2, 'found'],
      ] as const) {
        await sql`insert into missing_person_reports (id, seq, name, sex, birth_year, birth_year_uncertainty,
            lost_on, lost_division_code, features, division_code, status, created_by, created_at)
          values (${id}, ${seq}, '刘芳', 'female', 1990, 2, '1995-04-02', '430181', '左眉有痣', '430181',
            ${status}, 'old', '2026-01-01T00:00:00.000Z')`.execute(db);
      }
      await m0014.up(db);
      const ctx = testContext(t.db);
      const feed = await ctx.db.kysely
        .selectFrom('familySearchEntries')
        .select(['id', 'kind', 'ownerLine', 'status', 'seq', 'placeCode', 'eventDate'])
        .orderBy('seq')
        .execute();
      expect(feed).toEqual([
        {
          id: 'r-open',
          kind: 'missing-report',
          ownerLine: 'matching',
          status: 'active',
          seq: 1,
          placeCode: '430181',
          eventDate: '1995-04-02',
        },
        {
          id: 'r-found',
          kind: 'missing-report',
          ownerLine: 'matching',
          status: 'removed',
          seq: 2,
          placeCode: '430181',
          eventDate: '1995-04-02',
        },
      ]);
      expect((await refreshFamilyIndex(ctx)).size).toBe(1);
    });

    it('refuses an empty description, a vague report and a malformed published record', async () => {
      const { ctx, office } = await setup();
      await expect(familySearch(ctx, office, {})).rejects.toBeInstanceOf(DomainError);
      await expect(createMissingReport(ctx, office, { sex: 'male' })).rejects.toMatchObject({
        code: 'REPORT_TOO_VAGUE',
      });
      await expect(
        publishAsLine(ctx, {
          ownerLine: 'rescue',
          kind: 'unidentified-living',
          estimatedAge: { estimate: 30, asOf: '2026-02-30' },
          divisionCode: '430181',
        }),
      ).rejects.toMatchObject({ kind: 'invalid', code: 'DATE_INVALID' });
      await expect(
        publishAsLine(ctx, { ownerLine: 'rescue', kind: 'unidentified-living', divisionCode: '999999' }),
      ).rejects.toMatchObject({ kind: 'invalid', code: 'DIVISION_UNKNOWN' });
      expect((await refreshFamilyIndex(ctx)).size).toBe(6);
    });
  },
  { lines: [matchingLine] },
);
