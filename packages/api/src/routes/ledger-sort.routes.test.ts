/**
 * Server-side sort on the remaining ledgers (issue 13 item 7): the review queue, missing-person reports,
 * the audit log and the user list — each refuses a column outside its allow-list (400, Chinese message
 * naming the columns that do sort), orders by the column asked for and ends ties on a unique key — and
 * the export head in words a clerk reads (no raw `-score` nor job id).
 */
import { runJob } from '@social-affairs/core/matching';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { composeResidentId, plainDateOf } from '@social-affairs/kernel';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

type Page<T> = { items: T[]; total: number };

async function sheetRows(payload: Buffer, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Sorted by `key` in `dir`, ties by `tie` ascending (the order the server promises). */
function isOrdered<T>(items: T[], key: (t: T) => number | string, dir: 1 | -1, tie: (t: T) => string) {
  return items.every((b, i) => {
    if (i === 0) return true;
    const a = items[i - 1]!;
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * dir < 0;
    return tie(a) < tie(b);
  });
}

describeEachDatabase(
  'ledger sort: review queue, missing reports, audit log, users',
  (t) => {
    it('sorts the review queue by score, probability, creation and status, refuses other columns, and exports with a Chinese head', async () => {
      const env = await testApp(t.db);
      const reviewer = await env.signIn('county_reviewer', '430100');
      const clerk = await env.signIn('registrar', '430100');
      const as = (cookie: string) => ({ headers: { cookie } });
      const ids = [1, 2, 3].map((n) => composeResidentId('430102', plainDateOf(1950 + n, 3, 7), 10 + n));
      for (const [i, name] of ['张伟', '王建国', '刘德华'].entries())
        expect(
          (
            await env.app.inject({
              method: 'POST',
              url: '/api/people',
              ...as(clerk.cookie),
              payload: { residentId: ids[i], name, hukouDivisionCode: '430102', source: '户籍' },
            })
          ).statusCode,
        ).toBe(201);
      await env.app.inject({
        method: 'POST',
        url: '/api/matching/rolls',
        ...as(reviewer.cookie),
        payload: {
          source: '殡仪馆火化名单',
          records: [
            { externalRef: 'HZ-1', name: '张伟', residentId: ids[0], divisionCode: '430102' },
            // Same birth date, near name, no id: a weaker pair.
            {
              externalRef: 'HZ-2',
              name: '王建囯',
              birthDate: '1952-03-07',
              sex: 'male',
              divisionCode: '430102',
            },
            { externalRef: 'HZ-3', name: '刘德华', residentId: ids[2], divisionCode: '430102' },
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
      expect(await runJob(env.core, job.id)).toBe('completed');

      type Pair = { id: string; score: number; probability: number; status: string };
      const list = async (sort?: string) => {
        const res = await env.app.inject({
          method: 'GET',
          url: '/api/matching/pairs',
          query: { jobId: job.id, pageSize: '100', ...(sort ? { sort } : {}) },
          ...as(reviewer.cookie),
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page<Pair>>().items;
      };
      const byDefault = await list();
      expect(byDefault.length).toBeGreaterThanOrEqual(3);
      // Best score first stays the default; `-score` is the same order.
      expect(
        isOrdered(
          byDefault,
          (p) => p.score,
          -1,
          (p) => p.id,
        ),
      ).toBe(true);
      expect((await list('-score')).map((p) => p.id)).toEqual(byDefault.map((p) => p.id));
      const ascending = await list('score');
      expect(ascending.map((p) => p.score)).toEqual([...byDefault.map((p) => p.score)].sort((a, b) => a - b));
      const byProbability = (await list('-probability')).map((p) => p.probability);
      expect(byProbability).toEqual([...byProbability].sort((a, b) => b - a));
      const created = await list('created');
      // Pairs of one run share its instant: the tie ends on id (UUID v7, in creation order).
      expect(created.map((p) => p.id)).toEqual([...created.map((p) => p.id)].sort());

      // Status sorts in the order a pair moves through: open before claimed, whatever the codes say.
      const worst = ascending[0]!;
      expect(
        (
          await env.app.inject({
            method: 'POST',
            url: `/api/matching/pairs/${worst.id}/claim`,
            ...as(reviewer.cookie),
          })
        ).statusCode,
      ).toBe(200);
      const byStatus = await list('status');
      expect(byStatus.at(-1)).toMatchObject({ id: worst.id, status: 'claimed' });
      expect(
        isOrdered(
          byStatus.slice(0, -1),
          (p) => p.score,
          -1,
          (p) => p.id,
        ),
      ).toBe(true);
      expect((await list('-status'))[0]).toMatchObject({ id: worst.id });

      const refused = await env.app.inject({
        method: 'GET',
        url: '/api/matching/pairs?sort=divisionCode',
        ...as(reviewer.cookie),
      });
      expect(refused.statusCode).toBe(400);
      const error = refused.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain('不支持按该列排序');
      expect(error.message).toContain('匹配概率（probability）');

      const xlsx = await env.app.inject({
        method: 'GET',
        url: `/api/matching/pairs/export?jobId=${job.id}&band=review&mine=true&sort=-probability`,
        ...as(reviewer.cookie),
      });
      expect(xlsx.statusCode).toBe(200);
      const rows = await sheetRows(xlsx.rawPayload, '核查队列');
      expect(rows[2]).toEqual([
        '筛选条件：比对任务：十月火化名单比对；分档：人工核查；只看我领取的：是；排序：匹配概率降序',
      ]);
      expect(String(rows[2])).not.toContain(job.id);
    });

    it('sorts missing-person reports by loss date and birth year with the unknown last, and by status', async () => {
      const env = await testApp(t.db);
      const reviewer = await env.signIn('county_reviewer', '430100');
      const as = { headers: { cookie: reviewer.cookie } };
      const made: Record<string, string> = {};
      for (const [name, birthYear, lostOn] of [
        ['甲', 1990, '1995-04-02'],
        ['乙', null, '1992-01-01'],
        ['丙', 1980, null],
        ['丁', 1985, '1999-09-09'],
      ] as const) {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/matching/missing-reports',
          ...as,
          payload: { name, sex: 'female', birthYear, lostOn, lostDivisionCode: '430181' },
        });
        expect(res.statusCode, res.body).toBe(201);
        made[name] = res.json<{ id: string }>().id;
      }
      const names = async (sort?: string) => {
        const res = await env.app.inject({
          method: 'GET',
          url: '/api/matching/missing-reports',
          query: sort ? { sort } : {},
          ...as,
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page<{ name: string }>>().items.map((r) => r.name);
      };
      expect(await names()).toEqual(['丁', '丙', '乙', '甲']);
      expect(await names('created')).toEqual(['甲', '乙', '丙', '丁']);
      expect(await names('lostOn')).toEqual(['乙', '甲', '丁', '丙']);
      expect(await names('-lostOn')).toEqual(['丁', '甲', '乙', '丙']);
      expect(await names('-birthYear')).toEqual(['甲', '丁', '丙', '乙']);
      await env.app.inject({
        method: 'POST',
        url: `/api/matching/missing-reports/${made['丙']}/status`,
        ...as,
        payload: { status: 'found', reason: '家属已认领' },
      });
      // Open first (newest report first among them), then found.
      expect(await names('status')).toEqual(['丁', '乙', '甲', '丙']);
      expect(await names('-status')).toEqual(['丙', '丁', '乙', '甲']);
      const refused = await env.app.inject({
        method: 'GET',
        url: '/api/matching/missing-reports?sort=contactPhone',
        ...as,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toContain('不支持按该列排序');
    });

    it('refuses an awaiting-match sort outside the allow-list and accepts the listed ones', async () => {
      const env = await testApp(t.db);
      const clerk = await env.signIn('registrar', '430181');
      const get = (sort: string) =>
        env.app.inject({
          method: 'GET',
          url: `/api/marriage/awaiting-matches?sort=${sort}`,
          headers: { cookie: clerk.cookie },
        });
      expect((await get('-wifeName')).statusCode).toBe(200);
      const refused = await get('fileName');
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toContain(
        '女方姓名（拼音）（wifeName）',
      );
    });

    it('lists the audit log newest first by default, oldest first with sort=at, and refuses other columns', async () => {
      const env = await testApp(t.db);
      const auditor = await env.signIn('auditor', '430000');
      const as = { headers: { cookie: auditor.cookie } };
      const seqs = async (sort?: string) => {
        const res = await env.app.inject({
          method: 'GET',
          url: '/api/audit',
          query: { pageSize: '100', ...(sort ? { sort } : {}) },
          ...as,
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page<{ seq: number }>>().items.map((r) => r.seq);
      };
      const newest = await seqs();
      expect(newest.length).toBeGreaterThan(1);
      expect(newest).toEqual([...newest].sort((a, b) => b - a));
      expect(await seqs('-at')).toEqual(newest);
      const oldest = await seqs('at');
      expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
      expect(oldest[0]).toBeLessThan(newest.at(-1)! + 1);
      const refused = await env.app.inject({ method: 'GET', url: '/api/audit?sort=actor', ...as });
      expect(
        (await env.app.inject({ method: 'GET', url: '/api/audit/export?sort=at', ...as })).statusCode,
      ).toBe(200);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toContain('时间（at）');
    });

    it('sorts the user list by role, division and last sign-in (never signed in last), ties by user name', async () => {
      const env = await testApp(t.db);
      const admin = await env.signIn('admin', '430100');
      await env.signIn('registrar', '430181');
      await env.signIn('auditor', '430102');
      const as = { headers: { cookie: admin.cookie } };
      // An account that never signed in.
      const created = await env.app.inject({
        method: 'POST',
        url: '/api/users',
        ...as,
        payload: {
          username: 'zz-never',
          displayName: '从未登录',
          password: 'Correct-Horse-9',
          role: 'registrar',
          divisionCode: '430102',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      type User = { username: string; role: string; divisionCode: string; lastLoginAt: string | null };
      const list = async (sort?: string) => {
        const res = await env.app.inject({
          method: 'GET',
          url: '/api/users',
          query: { pageSize: '100', ...(sort ? { sort } : {}) },
          ...as,
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page<User>>().items;
      };
      const byName = await list();
      expect(byName.map((u) => u.username)).toEqual([...byName.map((u) => u.username)].sort());
      expect((await list('-username')).map((u) => u.username)).toEqual(
        [...byName.map((u) => u.username)].sort().reverse(),
      );
      expect(
        isOrdered(
          await list('role'),
          (u) => u.role,
          1,
          (u) => u.username,
        ),
      ).toBe(true);
      expect(
        isOrdered(
          await list('-divisionCode'),
          (u) => u.divisionCode,
          -1,
          (u) => u.username,
        ),
      ).toBe(true);
      for (const sort of ['lastLoginAt', '-lastLoginAt']) {
        const users = await list(sort);
        expect(users.at(-1)).toMatchObject({ username: 'zz-never', lastLoginAt: null });
        const signedIn = users.filter((u) => u.lastLoginAt !== null);
        expect(
          isOrdered(
            signedIn,
            (u) => u.lastLoginAt!,
            sort.startsWith('-') ? -1 : 1,
            (u) => u.username,
          ),
        ).toBe(true);
      }
      const refused = await env.app.inject({ method: 'GET', url: '/api/users?sort=passwordHash', ...as });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toContain(
        '最近登录（lastLoginAt）',
      );
    });
  },
  { lines: serverManifests },
);
