import { runJob, MatchJobRunner } from '@social-affairs/core/matching';
import { composeResidentId, plainDateOf } from '@social-affairs/kernel';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'matching routes',
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
      expect(person.statusCode).toBe(201);
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
      return { ...env, reviewer, clerk, as, residentId, personId: person.json<{ id: string }>().id };
    }

    it('imports a roll, runs a job in the background runner and shows its progress and pairs', async () => {
      const { app, core, reviewer, as, residentId } = await setup();
      const roll = await app.inject({
        method: 'POST',
        url: '/api/matching/rolls',
        ...as(reviewer.cookie),
        payload: {
          source: '殡仪馆火化名单',
          records: [
            {
              externalRef: 'HZ-1',
              name: '张伟',
              residentId,
              eventDate: '2026-10-01',
              divisionCode: '430102',
            },
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
      expect(roll.statusCode).toBe(201);
      expect(
        (await app.inject({ method: 'GET', url: '/api/matching/rolls', ...as(reviewer.cookie) })).json(),
      ).toEqual([expect.objectContaining({ source: '殡仪馆火化名单', records: 2 })]);
      const created = await app.inject({
        method: 'POST',
        url: '/api/matching/jobs',
        ...as(reviewer.cookie),
        payload: {
          name: '十月火化名单比对',
          ruleSet: 'reverification',
          left: { kind: 'people', status: 'alive' },
          right: { kind: 'records', source: '殡仪馆火化名单' },
        },
      });
      expect(created.statusCode).toBe(201);
      const job = created.json<{ id: string; status: string }>();
      expect(job.status).toBe('queued');
      const runner = new MatchJobRunner(core);
      await runner.drain();
      await runner.stop();
      const detail = await app.inject({
        method: 'GET',
        url: `/api/matching/jobs/${job.id}`,
        ...as(reviewer.cookie),
      });
      expect(detail.json()).toMatchObject({
        status: 'completed',
        leftCount: 2,
        rightCount: 2,
        pairsFound: 2,
        review: { open: 2 },
      });
      const list = await app.inject({
        method: 'GET',
        url: '/api/matching/jobs?page=1&pageSize=10',
        ...as(reviewer.cookie),
      });
      expect(list.json()).toMatchObject({ total: 1, items: [{ id: job.id, status: 'completed' }] });
      const pairs = await app.inject({
        method: 'GET',
        url: `/api/matching/pairs?jobId=${job.id}`,
        ...as(reviewer.cookie),
      });
      expect(pairs.json()).toMatchObject({ total: 2 });
      expect(
        pairs
          .json<{ items: { leftName: string; rightName: string }[] }>()
          .items.map((p) => [p.leftName, p.rightName])
          .sort(),
      ).toEqual([
        ['张伟', '张伟'],
        ['李秀英', '李秀瑛'],
      ]);
      const exported = await app.inject({
        method: 'GET',
        url: `/api/matching/pairs/export?jobId=${job.id}`,
        ...as(reviewer.cookie),
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('spreadsheetml');
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('核查队列')!;
      // Title, time and exporter, filter, header, two pairs and the totals row (issue 13 item 7).
      expect(sheet.rowCount).toBe(7);
      expect(JSON.stringify(sheet.getSheetValues())).not.toContain(residentId);
    });

    it('walks a pair through claim, comparison and a reasoned decision; a second claim is a conflict', async () => {
      const { app, core, reviewer, as, residentId, signIn } = await setup();
      const other = await signIn('county_reviewer', '430102');
      await app.inject({
        method: 'POST',
        url: '/api/matching/rolls',
        ...as(reviewer.cookie),
        payload: { source: '死亡通知', records: [{ name: '张伟', residentId, divisionCode: '430102' }] },
      });
      const job = (
        await app.inject({
          method: 'POST',
          url: '/api/matching/jobs',
          ...as(reviewer.cookie),
          payload: {
            name: '死亡通知比对',
            ruleSet: 'reverification',
            left: { kind: 'people' },
            right: { kind: 'records', source: '死亡通知' },
          },
        })
      ).json<{ id: string }>();
      expect(await runJob(core, job.id)).toBe('completed');
      const queue = await app.inject({
        method: 'GET',
        url: '/api/matching/pairs?mine=false',
        ...as(reviewer.cookie),
      });
      const pair = queue.json<{ items: { id: string }[] }>().items[0]!;
      const assignedAway = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${pair.id}/assign`,
        ...as(reviewer.cookie),
        payload: { username: other.username },
      });
      expect(assignedAway.json()).toMatchObject({ status: 'claimed', claimedBy: other.username });
      await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${pair.id}/release`,
        ...as(other.cookie),
      });
      const claim = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${pair.id}/claim`,
        ...as(reviewer.cookie),
      });
      expect(claim.statusCode).toBe(200);
      const second = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${pair.id}/claim`,
        ...as(other.cookie),
      });
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ error: { code: 'PAIR_ALREADY_CLAIMED' } });
      const cmp = await app.inject({
        method: 'GET',
        url: `/api/matching/pairs/${pair.id}?reason=${encodeURIComponent('人工核查')}`,
        ...as(reviewer.cookie),
      });
      expect(cmp.statusCode).toBe(200);
      expect(cmp.json()).toMatchObject({
        left: { name: '张伟', kind: 'people' },
        right: { name: '张伟', source: '死亡通知' },
      });
      expect(cmp.body).not.toContain(residentId);
      const noReason = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${pair.id}/decision`,
        ...as(reviewer.cookie),
        payload: { decision: 'confirm' },
      });
      expect(noReason.statusCode).toBe(400);
      const decided = await app.inject({
        method: 'POST',
        url: `/api/matching/pairs/${pair.id}/decision`,
        ...as(reviewer.cookie),
        payload: { decision: 'confirm', reason: '身份证号码一致' },
      });
      expect(decided.json()).toMatchObject({ status: 'confirmed', decisionReason: '身份证号码一致' });
    });

    it('registers a missing-person report and finds it from a name heard in dialect', async () => {
      const { app, reviewer, as, signIn } = await setup();
      const created = await app.inject({
        method: 'POST',
        url: '/api/matching/missing-reports',
        ...as(reviewer.cookie),
        payload: {
          name: '刘芳',
          sex: 'female',
          birthYear: 1990,
          lostDivisionCode: '430181',
          features: '左眉有痣',
        },
      });
      expect(created.statusCode).toBe(201);
      const supervisor = await signIn('supervisor', '430000');
      const res = await app.inject({
        method: 'POST',
        url: '/api/matching/family-search',
        ...as(supervisor.cookie),
        payload: {
          name: 'niu huang',
          sex: 'female',
          age: { estimate: 36, range: 5 },
          regionHints: ['43'],
          dialect: 'hunan',
          features: '眉毛上有痣',
        },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        indexed: 1,
        items: [{ report: { name: '刘芳', lostDivisionName: '浏阳市' }, explanation: { sex: 'equal' } }],
      });
      const vague = await app.inject({
        method: 'POST',
        url: '/api/matching/family-search',
        ...as(supervisor.cookie),
        payload: {},
      });
      expect(vague.statusCode).toBe(422);
      const forbidden = await app.inject({
        method: 'POST',
        url: '/api/matching/missing-reports',
        ...as(supervisor.cookie),
        payload: { name: '王五' },
      });
      expect(forbidden.statusCode).toBe(403);
    });
  },
  { lines: serverManifests },
);
