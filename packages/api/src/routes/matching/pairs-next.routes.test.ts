/** Routes of issue 12 item 3 and issue 13 item 9: next pair, follow-up, scoring a pair, cancel, the export in Chinese. */
import { runJob } from '@social-affairs/core/matching';
import { composeResidentId, plainDateOf } from '@social-affairs/kernel';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'matching routes: next pair, follow-up, score, cancel, export',
  (t) => {
    async function setup() {
      const env = await testApp(t.db);
      const reviewer = await env.signIn('county_reviewer', '430100');
      const clerk = await env.signIn('registrar', '430100');
      const as = (cookie: string) => ({ headers: { cookie } });
      const residentId = composeResidentId('430102', plainDateOf(1950, 3, 7), 13);
      const person = await env.app.inject({
        method: 'POST',
        url: '/api/people',
        ...as(clerk.cookie),
        payload: { residentId, name: '张伟', hukouDivisionCode: '430102', source: '户籍' },
      });
      await env.app.inject({
        method: 'POST',
        url: '/api/people',
        ...as(clerk.cookie),
        payload: {
          name: '李秀英',
          sex: 'female',
          birthDate: '1948-11-02',
          hukouDivisionCode: '430102',
          source: '户籍',
        },
      });
      await env.app.inject({
        method: 'POST',
        url: '/api/matching/rolls',
        ...as(reviewer.cookie),
        payload: {
          source: '殡仪馆火化名单',
          records: [
            { externalRef: 'HZ-1', name: '张伟', residentId, divisionCode: '430102' },
            {
              externalRef: 'HZ-2',
              name: '李秀瑛',
              sex: 'female',
              birthDate: '1948-11-02',
              divisionCode: '430102',
            },
          ],
        },
      });
      const job = (
        await env.app.inject({
          method: 'POST',
          url: '/api/matching/jobs',
          ...as(reviewer.cookie),
          payload: {
            name: '十月火化名单比对',
            ruleSet: 'reverification',
            left: { kind: 'people' },
            right: { kind: 'records', source: '殡仪馆火化名单' },
          },
        })
      ).json<{ id: string }>();
      return { ...env, reviewer, clerk, as, residentId, job, personId: person.json<{ id: string }>().id };
    }

    it('moves to the next pair after each decision, then to the confirmed pair’s follow-up', async () => {
      const { app, core, reviewer, as, job } = await setup();
      expect(await runJob(core, job.id)).toBe('completed');
      const seen: string[] = [];
      for (;;) {
        const next = await app.inject({
          method: 'POST',
          url: '/api/matching/pairs/next',
          ...as(reviewer.cookie),
          payload: { jobId: job.id },
        });
        expect(next.statusCode).toBe(200);
        const pair = next.json<{ pair: { id: string; status: string; claimedBy: string } | null }>().pair;
        if (!pair) break;
        expect(pair).toMatchObject({ status: 'claimed', claimedBy: reviewer.username });
        expect(seen).not.toContain(pair.id);
        seen.push(pair.id);
        const decided = await app.inject({
          method: 'POST',
          url: `/api/matching/pairs/${pair.id}/decision`,
          ...as(reviewer.cookie),
          payload: { decision: seen.length === 1 ? 'confirm' : 'reject', reason: '已核对档案' },
        });
        expect(decided.statusCode).toBe(200);
      }
      expect(seen).toHaveLength(2);
      const pending = await app.inject({
        method: 'GET',
        url: '/api/matching/pairs?status=confirmed&followUp=pending',
        ...as(reviewer.cookie),
      });
      expect(pending.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([seen[0]]);
      const cmp = await app.inject({
        method: 'GET',
        url: `/api/matching/pairs/${seen[0]}`,
        ...as(reviewer.cookie),
      });
      expect(cmp.json()).toMatchObject({ followUp: { status: 'pending' } });
      const done = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${seen[0]}/follow-up`,
        ...as(reviewer.cookie),
        payload: { note: '已通知民政所停发核实' },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', doneBy: reviewer.username });
      const again = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${seen[0]}/follow-up`,
        ...as(reviewer.cookie),
        payload: { note: '再次办结' },
      });
      expect(again.statusCode).toBe(409);
      const rejected = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${seen[1]}/follow-up`,
        ...as(reviewer.cookie),
        payload: { note: '不需要' },
      });
      expect(rejected.json()).toMatchObject({ error: { code: 'FOLLOW_UP_NOT_PENDING' } });
    });

    it('scores two chosen records by id, in scope only, with weights that add up', async () => {
      const { app, core, reviewer, as, personId, signIn } = await setup();
      const record = await core.db.kysely
        .selectFrom('matchRecords')
        .select('id')
        .where('externalRef', '=', 'HZ-1')
        .executeTakeFirstOrThrow();
      const body = { left: { kind: 'people', id: personId }, right: { kind: 'records', id: record.id } };
      const res = await app.inject({
        method: 'POST',
        url: '/api/matching/pairs/score',
        ...as(reviewer.cookie),
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      const score = res.json<{ weight: number; band: string; fields: { field: string; weight: number }[] }>();
      expect(score.band).toBe('fast-track');
      expect(score.weight).toBeCloseTo(
        score.fields.reduce((s, f) => s + f.weight, 0),
        6,
      );
      expect(res.body).not.toMatch(/\d{17}[\dX]/);
      const outsider = await signIn('county_reviewer', '430181');
      const hidden = await app.inject({
        method: 'POST',
        url: '/api/matching/pairs/score',
        ...as(outsider.cookie),
        payload: body,
      });
      expect(hidden.statusCode).toBe(404);
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/matching/pairs/score',
        ...as(reviewer.cookie),
        payload: { ...body, right: { kind: 'nothing', id: record.id } },
      });
      expect(unknown.statusCode).toBe(400);
    });

    it('cancels a running job through the API; the run stops at its next chunk', async () => {
      const { app, core, reviewer, as, job } = await setup();
      let chunks = 0;
      let cancel: { statusCode: number } | undefined;
      const outcome = await runJob(core, job.id, {
        chunkSize: 1,
        onProgress: () => void chunks++,
        // A reviewer cancels while the job is running (after its first chunk).
        shouldStop: async () => {
          if (chunks === 1 && !cancel)
            cancel = await app.inject({
              method: 'POST',
              url: `/api/matching/jobs/${job.id}/cancel`,
              ...as(reviewer.cookie),
              payload: { reason: '名单选错了' },
            });
          return false;
        },
      });
      expect(cancel?.statusCode).toBe(200);
      expect(chunks).toBe(1);
      expect(outcome).toBe('cancelled');
      const detail = await app.inject({
        method: 'GET',
        url: `/api/matching/jobs/${job.id}`,
        ...as(reviewer.cookie),
      });
      expect(detail.json()).toMatchObject({ status: 'cancelled' });
      const again = await app.inject({
        method: 'POST',
        url: `/api/matching/jobs/${job.id}/cancel`,
        ...as(reviewer.cookie),
        payload: { reason: '再取消一次' },
      });
      expect(again.statusCode).toBe(409);
    });

    it('exports the comparison with Chinese field levels and weights that add up to the shown weight', async () => {
      const { app, core, reviewer, as, job, residentId } = await setup();
      expect(await runJob(core, job.id)).toBe('completed');
      const exported = await app.inject({
        method: 'GET',
        url: `/api/matching/pairs/export?jobId=${job.id}`,
        ...as(reviewer.cookie),
      });
      expect(exported.statusCode).toBe(200);
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('核查队列')!;
      const text = JSON.stringify(sheet.getSheetValues());
      expect(text).not.toContain(residentId);
      expect(text).not.toMatch(/\b(name|dob|region|hanzi-exact|homophone):/);
      let header = 0;
      sheet.eachRow((row, n) => {
        if (row.values && JSON.stringify(row.values).includes('各项比较')) header = n;
      });
      expect(header).toBeGreaterThan(0);
      const headers = Array.from(sheet.getRow(header).values as unknown[], (v) =>
        typeof v === 'string' ? v : '',
      );
      const weightCol = headers.indexOf('匹配权重');
      const levelsCol = headers.findIndex((h) => h.startsWith('各项比较'));
      let rows = 0;
      sheet.eachRow((row, n) => {
        if (n <= header) return;
        const weight = Number(row.getCell(weightCol).value);
        const cell = row.getCell(levelsCol).value;
        const levels = typeof cell === 'string' ? cell : '';
        if (!levels.includes('姓名')) return;
        rows++;
        expect(levels).toMatch(/基础权重（先验）（-\d+\.\d\d）/);
        const parts = [...levels.matchAll(/（([+-]?\d+\.\d\d)）/g)].map((m) => Number(m[1]));
        expect(weight).toBeCloseTo(
          parts.reduce((s, x) => s + x, 0),
          6,
        );
      });
      expect(rows).toBe(2);
    });
  },
  { lines: serverManifests },
);
