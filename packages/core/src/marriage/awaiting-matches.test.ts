import { expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import { createPerson } from '../people/index';
import { ManualClock, aPerson, aPersonInput, testContext } from '../testing/factories';
import { exportAwaitingMatches, listAwaitingMatches } from './awaiting-matches.service';
import {
  IMPORT_COLUMNS,
  importMarriages,
  resolveImportRow,
  type MarriagePartyMatcher,
} from './import.service';
import { getMaritalStatus } from './marital-status.service';
import { aMarriageDesk, aResidentId, type MarriageDesk } from './marriage.fixtures';
import type { CoreContext } from '../context';
import { marriageLine } from './line';

type Column = (typeof IMPORT_COLUMNS)[number]['key'];

function csv(rows: Partial<Record<Column, string>>[]): string {
  const base: Partial<Record<Column, string>> = {
    kind: '结婚',
    registeredOn: '1990-05-01',
    registryName: '浏阳市民政局婚姻登记处',
    crossBorder: '内地',
    status: '存续',
  };
  return [
    IMPORT_COLUMNS.map((c) => c.header).join(','),
    ...rows.map((r) => IMPORT_COLUMNS.map((c) => ({ ...base, ...r })[c.key] ?? '').join(',')),
  ].join('\n');
}

async function importRows(
  ctx: CoreContext,
  desk: MarriageDesk,
  fileName: string,
  rows: Partial<Record<Column, string>>[],
  opts: { division?: string; matcher?: MarriagePartyMatcher } = {},
) {
  return importMarriages(
    ctx,
    desk.registrar,
    { fileName, format: 'csv', content: csv(rows), divisionCode: opts.division ?? '430181' },
    opts.matcher,
  );
}

describeEachDatabase(
  'back-filled rows awaiting a match',
  (t) => {
    it('lists the awaiting rows of every batch in scope, searchable by name, pinyin, certificate number and date, with paging', async () => {
      const clock = new ManualClock();
      const ctx = testContext(t.db, clock);
      const desk = await aMarriageDesk(ctx, { county: '430181' });
      const wifeId = aResidentId('430181', '1962-02-02', 'female');
      const first = await importRows(ctx, desk, '浏阳1990.csv', [
        { husbandName: '罗德胜', husbandBirthDate: '1960-01-01', wifeName: '邓秀兰', wifeId },
        {
          husbandName: '彭国强',
          husbandBirthDate: '1958-03-03',
          wifeName: '谢桂英',
          registeredOn: '1985-01-01',
        },
        {
          husbandName: '唐建军',
          husbandId: aResidentId('430181', '1961-01-01', 'male'),
          wifeName: '易春花',
          wifeId: aResidentId('430181', '1963-01-01', 'female'),
        },
      ]);
      expect(first).toMatchObject({ importedRows: 1, awaitingRows: 2 });
      clock.advanceMinutes(10);
      await importRows(ctx, desk, '浏阳1992.csv', [
        {
          husbandName: '周志明',
          wifeName: '吴小红',
          registeredOn: '1992-08-08',
          certificateNo: '浏婚字1992-088',
          status: '离婚',
          endedOn: '2000-01-01',
        },
      ]);
      // Another county's backlog stays out of this clerk's list.
      const furong = await aMarriageDesk(ctx, { county: '430102', admin: desk.admin });
      await importRows(ctx, furong, '芙蓉.csv', [{ husbandName: '罗德胜', wifeName: '某某' }], {
        division: '430102',
      });

      const all = await listAwaitingMatches(ctx, desk.registrar, { page: 1, pageSize: 20 });
      expect(all.total).toBe(3);
      // Newest batch first, then by row.
      expect(all.items.map((r) => [r.fileName, r.rowNo])).toEqual([
        ['浏阳1992.csv', 2],
        ['浏阳1990.csv', 2],
        ['浏阳1990.csv', 3],
      ]);
      const luo = all.items[1];
      expect(luo).toMatchObject({
        registeredOn: '1990-05-01',
        registryName: '浏阳市民政局婚姻登记处',
        status: 'subsisting',
        husband: {
          name: '罗德胜',
          sex: 'male',
          birthDate: '1960-01-01',
          residentIdMasked: null,
          candidates: [],
        },
        wife: { name: '邓秀兰', residentIdMasked: expect.stringMatching(/^430181\*{8}/) },
      });
      expect(JSON.stringify(all)).not.toContain(wifeId);

      const search = async (q: Record<string, string>) =>
        (await listAwaitingMatches(ctx, desk.registrar, { ...q, page: 1, pageSize: 20 })).items.map(
          (r) => r.husband.name,
        );
      expect(await search({ q: '秀兰' })).toEqual(['罗德胜']);
      expect(await search({ q: 'luode' })).toEqual(['罗德胜']);
      expect(await search({ q: 'PGQ' })).toEqual(['彭国强']);
      expect(await search({ q: '1992-088' })).toEqual(['周志明']);
      expect(await search({ from: '1986-01-01', to: '1991-12-31' })).toEqual(['罗德胜']);
      expect(await search({ importId: first.id })).toEqual(['罗德胜', '彭国强']);
      const page2 = await listAwaitingMatches(ctx, desk.registrar, { page: 2, pageSize: 2 });
      expect(page2).toMatchObject({ total: 3, page: 2, items: [{ husband: { name: '彭国强' } }] });

      // The picked division must be in scope; a county-level clerk cannot list the province.
      await expect(
        listAwaitingMatches(ctx, desk.registrar, { division: '430102', page: 1, pageSize: 20 }),
      ).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });

      const exported: string[] = [];
      for await (const r of await exportAwaitingMatches(ctx, desk.registrar, { q: '罗' }))
        exported.push(r.husband.name);
      expect(exported).toEqual(['罗德胜']);
      const exportAudit = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', '=', 'marriage.import.awaiting-export')
        .execute();
      expect(exportAudit).toHaveLength(1);
    });

    it('shows the matching engine’s candidates the clerk may see, best first', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { county: '430181' });
      const near = await aPerson(ctx, desk.registrar, {
        county: '430181',
        name: '罗德胜',
        birth: [1960, 1, 1],
      });
      const close = await aPerson(ctx, desk.registrar, {
        county: '430181',
        name: '罗德生',
        birth: [1960, 1, 2],
      });
      const furong = await aMarriageDesk(ctx, { county: '430102', admin: desk.admin });
      const outside = await aPerson(ctx, furong.registrar, { county: '430102', name: '罗德胜' });
      const matcher: MarriagePartyMatcher = {
        candidates: async (p) =>
          p.sex === 'male'
            ? [
                { personId: close.id, score: 0.81 },
                { personId: outside.id, score: 0.9 },
                { personId: near.id, score: 0.97 },
              ]
            : [],
      };
      await importRows(
        ctx,
        desk,
        'a.csv',
        [
          {
            husbandName: '罗德胜',
            husbandBirthDate: '1960-01-01',
            wifeName: '邓秀兰',
            wifeId: aResidentId('430181', '1962-02-02', 'female'),
          },
        ],
        { matcher },
      );
      const [row] = (await listAwaitingMatches(ctx, desk.registrar, { page: 1, pageSize: 20 })).items;
      expect(row?.husband.candidates.map((c) => [c.name, c.score, c.birthDate])).toEqual([
        ['罗德胜', 0.97, '1960-01-01'],
        ['罗德生', 0.81, '1960-01-02'],
      ]);
      expect(row?.husband.candidates[0]?.residentIdMasked).toMatch(/^430181\*{8}/);
    });

    it('resolves a row by linking one party to an existing person and creating the other, audited', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { county: '430181' });
      const report = await importRows(ctx, desk, 'a.csv', [
        {
          husbandName: '罗德胜',
          husbandBirthDate: '1960-01-01',
          wifeName: '邓秀兰',
          wifeBirthDate: '1962-02-02',
        },
      ]);
      const husbandInput = aPersonInput({ county: '430181', name: '罗德胜', birth: [1960, 1, 1] });
      const husband = await createPerson(ctx, desk.registrar, husbandInput);
      const resolved = await resolveImportRow(ctx, desk.registrar, report.id, 2, {
        husbandPersonId: husband.id,
        wifeAsNewPerson: true,
      });
      expect(resolved).toMatchObject({ status: 'matched', marriageId: expect.any(String) });
      const m = await t.db.kysely
        .selectFrom('marriages')
        .selectAll()
        .where('id', '=', resolved.marriageId ?? '')
        .executeTakeFirstOrThrow();
      expect(m).toMatchObject({ husbandId: husband.id, kind: 'backfill', registeredOn: '1990-05-01' });
      const wife = await t.db.kysely
        .selectFrom('people')
        .selectAll()
        .where('id', '=', m.wifeId)
        .executeTakeFirstOrThrow();
      expect(wife).toMatchObject({
        name: '邓秀兰',
        sex: 'female',
        birthDate: '1962-02-02',
        residentId: null,
        hukouDivisionCode: '430181',
      });
      // The linked husband now reads married (初婚), and the row has left the list.
      const status = await getMaritalStatus(ctx, desk.registrar, {
        residentId: husbandInput.residentId ?? '',
        reason: '核对补录',
      });
      expect(status.code).toBe('21');
      expect((await listAwaitingMatches(ctx, desk.registrar, { page: 1, pageSize: 20 })).total).toBe(0);
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('action', '=', 'marriage.import.resolve')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details ?? '{}')).toMatchObject({
        rowNo: 2,
        marriageId: m.id,
        husband: 'linked',
        wife: 'new_person',
      });
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('refuses a person outside the clerk’s scope or of the other sex, both choices at once, and a new person for a party with an id', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx, { county: '430181' });
      const report = await importRows(ctx, desk, 'a.csv', [
        {
          husbandName: '罗德胜',
          husbandBirthDate: '1960-01-01',
          wifeName: '邓秀兰',
          wifeId: aResidentId('430181', '1962-02-02', 'female'),
        },
      ]);
      const furong = await aMarriageDesk(ctx, { county: '430102', admin: desk.admin });
      const outside = await aPerson(ctx, furong.registrar, { county: '430102', name: '罗德胜' });
      const woman = await aPerson(ctx, desk.registrar, { county: '430181', name: '罗德胜', sex: 'female' });
      // Born long before the row's 1990 registration (a man born 1990 was under age then: issue 11).
      const man = await aPerson(ctx, desk.registrar, {
        county: '430181',
        name: '罗德胜',
        birth: [1960, 3, 7],
      });
      const attempt = (body: Parameters<typeof resolveImportRow>[4]) =>
        resolveImportRow(ctx, desk.registrar, report.id, 2, body);
      await expect(attempt({ husbandPersonId: outside.id })).rejects.toMatchObject({
        code: 'IMPORT_PARTY_INVALID',
        details: { field: 'husbandPersonId' },
      });
      await expect(attempt({ husbandPersonId: woman.id })).rejects.toMatchObject({
        code: 'IMPORT_PARTY_INVALID',
      });
      await expect(attempt({ husbandPersonId: man.id, husbandAsNewPerson: true })).rejects.toMatchObject({
        code: 'IMPORT_PARTY_CHOICE_CONFLICT',
      });
      await expect(attempt({ husbandPersonId: man.id, wifeAsNewPerson: true })).rejects.toMatchObject({
        code: 'IMPORT_PARTY_HAS_ID',
        details: { field: 'wifeAsNewPerson' },
      });
      await expect(attempt({})).rejects.toMatchObject({ code: 'IMPORT_PARTY_UNRESOLVED' });
      // Nothing was written by the refusals; the row still waits.
      expect((await listAwaitingMatches(ctx, desk.registrar, { page: 1, pageSize: 20 })).total).toBe(1);
      expect(await attempt({ husbandPersonId: man.id })).toMatchObject({ status: 'matched' });
    });
  },
  { lines: [marriageLine] },
);
