/**
 * Lists (issue 13 items 3, 4, 7): server-side sort with an allow-list on the ledgers, exports headed by
 * title, time and exporter and closed by a totals row, statistics trend, import-error to-dos, and the
 * person page's panel reads audited with the person as subject.
 */
import { registerMarriage } from '@social-affairs/core/marriage';
import { aCouple, aMarriageDesk, beijingMorning } from '@social-affairs/core/marriage/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { newId } from '@social-affairs/kernel';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

async function sheetOf(payload: Buffer, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(name)!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describeEachDatabase(
  'ledger sort, export head and totals, trend, to-dos and panels',
  (t) => {
    it('sorts the people ledger by an allowed column, refuses any other, and exports in that order with head and totals', async () => {
      const { app, signIn } = await testApp(t.db);
      const clerk = await signIn('registrar', '430181');
      const headers = { cookie: clerk.cookie };
      for (const [name, birthDate] of [
        ['王芳', '1990-01-01'],
        ['李昂', '1985-05-05'],
        ['张伟', '2000-02-02'],
      ] as const) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/people',
          headers,
          payload: { name, sex: 'female', birthDate, hukouDivisionCode: '430181', residentId: null },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const list = async (sort: string) =>
        app.inject({ method: 'GET', url: `/api/people?division=430181&sort=${sort}`, headers });
      const byName = await list('name');
      expect(byName.statusCode, byName.body).toBe(200);
      expect(byName.json<{ items: { name: string }[] }>().items.map((p) => p.name)).toEqual([
        '李昂',
        '王芳',
        '张伟',
      ]);
      const byBirth = await list('-birthDate');
      expect(byBirth.json<{ items: { name: string }[] }>().items.map((p) => p.name)).toEqual([
        '张伟',
        '王芳',
        '李昂',
      ]);
      const refused = await list('residentId');
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

      const xlsx = await app.inject({
        method: 'GET',
        url: '/api/people/export?division=430181&sort=-name',
        headers,
      });
      expect(xlsx.statusCode).toBe(200);
      const rows = await sheetOf(xlsx.rawPayload, '人员台账');
      expect(rows[0]).toEqual(['人员台账']);
      expect(String(rows[1]?.[0])).toMatch(
        /^导出时间：2026-11-02 \d\d:\d\d:\d\d；导出人：测试用户\d+（.+）$|^导出时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d；导出人：.+（.+）$/,
      );
      expect(rows[2]).toEqual(['筛选条件：区划：浏阳市；排序：姓名（拼音）降序']);
      expect(rows[3]?.[0]).toBe('姓名');
      expect(rows.slice(4, 7).map((r) => r[0])).toEqual(['张伟', '王芳', '李昂']);
      expect(rows[7]?.[0]).toBe('合计（3 条）');
    });

    it('sorts marriage records by certificate number and by the husband’s name in pinyin', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set(beijingMorning('2026-11-02'));
      const desk = await aMarriageDesk(core);
      const certs: string[] = [];
      for (const [i, husbandBirth] of ['1990-01-01', '1991-02-02', '1992-03-03'].entries()) {
        const m = await registerMarriage(
          core,
          desk.registrar,
          aCouple(desk.registry.id, { husbandBirth, wifeBirth: `199${i}-06-0${i + 1}` }),
        );
        certs.push(m.certificateNo!);
      }
      const registrar = await signIn('registrar', '430181');
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: registrar.cookie } });
      const asc = await get('/api/marriage/marriages?sort=certificateNo');
      expect(asc.statusCode, asc.body).toBe(200);
      expect(asc.json<{ items: { certificateNo: string }[] }>().items.map((m) => m.certificateNo)).toEqual(
        [...certs].sort(),
      );
      const desc = await get('/api/marriage/marriages?sort=-certificateNo');
      expect(desc.json<{ items: { certificateNo: string }[] }>().items.map((m) => m.certificateNo)).toEqual(
        [...certs].sort().reverse(),
      );
      expect((await get('/api/marriage/marriages?sort=husbandName')).statusCode).toBe(200);
      expect((await get('/api/marriage/marriages?sort=divisionCode')).statusCode).toBe(400);
    });

    it('gives the statistics a monthly trend and exports the distribution with living-only bands and a totals row', async () => {
      const { app, signIn } = await testApp(t.db);
      const user = await signIn('registrar', '430000');
      const headers = { cookie: user.cookie };
      const trend = await app.inject({ method: 'GET', url: '/api/stats/people-trend?months=36', headers });
      expect(trend.statusCode, trend.body).toBe(200);
      expect(trend.json<{ months: unknown[] }>().months).toHaveLength(36);
      const wrong = await app.inject({ method: 'GET', url: '/api/stats/people-trend?months=7', headers });
      expect(wrong.statusCode).toBe(400);
      const xlsx = await app.inject({
        method: 'GET',
        url: '/api/stats/people-by-division/export?division=430000',
        headers,
      });
      expect(xlsx.statusCode).toBe(200);
      const rows = await sheetOf(xlsx.rawPayload, '人员分布');
      expect(String(rows[0]?.[0])).toContain('人员分布统计（湖南省');
      expect(rows[3]).toContain('在世合计');
      expect(String(rows.at(-1)?.[0])).toMatch(/^合计（\d+ 条）$/);
    });

    it('lists an import that refused rows as a to-do of the person who ran it', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const registrar = await signIn('registrar', '430181');
      const todos = async () =>
        (await app.inject({ method: 'GET', url: '/api/todos', headers: { cookie: registrar.cookie } })).json<{
          items: { kind: string; count: number; link: string }[];
        }>().items;
      expect((await todos()).map((i) => i.kind)).not.toContain('marriage.import-errors');
      const now = core.clock.now().toISOString();
      await core.db.kysely
        .insertInto('importRuns')
        .values({
          id: newId(),
          importKind: 'marriage.backfill:430181',
          sha256: 'a'.repeat(64),
          fileName: 'old.csv',
          format: 'csv',
          divisionCode: '430181',
          status: 'completed',
          rowsRead: 3,
          rowsApplied: 2,
          rowsUnchanged: 0,
          rowsRefused: 1,
          error: null,
          createdBy: registrar.username,
          startedAt: now,
          finishedAt: now,
        })
        .execute();
      expect((await todos()).find((i) => i.kind === 'marriage.import-errors')).toMatchObject({
        count: 1,
        link: '/marriage/import',
      });
      const other = await signIn('registrar', '430181');
      const theirs = await app.inject({
        method: 'GET',
        url: '/api/todos',
        headers: { cookie: other.cookie },
      });
      expect(theirs.json<{ items: { kind: string }[] }>().items.map((i) => i.kind)).not.toContain(
        'marriage.import-errors',
      );
    });

    it('audits each panel read with the person as its subject and shows recorders by name', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set(beijingMorning('2026-11-02'));
      const desk = await aMarriageDesk(core);
      const m = await registerMarriage(core, desk.registrar, aCouple(desk.registry.id));
      const registrar = await signIn('registrar', '430181');
      const res = await app.inject({
        method: 'GET',
        url: `/api/people/${m.husband.personId}/panels`,
        headers: { cookie: registrar.cookie },
      });
      expect(res.statusCode).toBe(200);
      const rows = await core.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'subjectPersonId'])
        .where('actorUsername', '=', registrar.username)
        .where('action', '=', 'marriage.status-read')
        .execute();
      expect(rows).toEqual([{ action: 'marriage.status-read', subjectPersonId: m.husband.personId }]);
      const detail = await app.inject({
        method: 'GET',
        url: `/api/people/${m.husband.personId}`,
        headers: { cookie: registrar.cookie },
      });
      const facts = detail.json<{ facts: { recordedBy: string; recordedByName: string }[] }>().facts;
      expect(facts.length).toBeGreaterThan(0);
      for (const f of facts) expect(f.recordedByName).not.toBe(f.recordedBy);
    });
  },
  { lines: serverManifests },
);
