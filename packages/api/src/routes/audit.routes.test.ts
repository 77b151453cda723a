/**
 * 系统管理 › 审计日志 over HTTP: Chinese action names and their picker, human labels (masked names, display
 * names), filters (person, actor, Asia/Shanghai days, action), failed sign-ins, and the audited Excel export.
 */
import { describeEachDatabase, aUser } from '@social-affairs/core/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

interface Item {
  seq: number;
  action: string;
  actionLabel: string;
  actorUsername: string;
  actorName: string | null;
  targetTypeLabel: string;
  targetLabel: string | null;
  subjectPersonId: string | null;
  subjectLabel: string | null;
  details: string;
}

describeEachDatabase(
  'audit routes',
  (t) => {
    async function setup() {
      const env = await testApp(t.db);
      const auditor = await env.signIn('auditor', '430000');
      const get = async (url: string, cookie = auditor.cookie) => {
        const res = await env.app.inject({ method: 'GET', url, headers: { cookie } });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ items: Item[]; total: number }>();
      };
      const person = async (name: string, cookie: string) => {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/people',
          headers: { cookie },
          payload: {
            name,
            sex: 'female',
            birthDate: '1990-05-06',
            hukouDivisionCode: '430102',
            source: '测试',
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: string }>().id;
      };
      return { ...env, auditor, get, person };
    }

    it('who read this person’s record: Chinese action, masked name, the reader’s display name, no other person', async () => {
      const s = await setup();
      const clerk = await s.signIn('registrar', '430102');
      const first = await s.person('欧阳娜娜', clerk.cookie);
      const second = await s.person('李四', clerk.cookie);
      for (const id of [first, second])
        await s.app.inject({ method: 'GET', url: `/api/people/${id}`, headers: { cookie: clerk.cookie } });
      const page = await s.get(`/api/audit?personId=${first}`);
      expect(page.items.length).toBeGreaterThanOrEqual(2);
      for (const row of page.items) {
        expect(row.subjectPersonId).toBe(first);
        expect(row.subjectLabel).toBe('欧***');
      }
      const read = page.items.find((r) => r.action === 'person.read');
      expect(read).toMatchObject({
        actionLabel: '查看人员信息',
        actorUsername: clerk.username,
        actorName: expect.stringMatching(/^测试用户/),
        targetTypeLabel: '人员',
        targetLabel: '欧***',
      });
      expect(JSON.stringify(page)).not.toContain('欧阳娜娜');
      const byActor = await s.get(`/api/audit?actor=${clerk.username}&action=person.read`);
      expect(byActor.items.map((r) => r.subjectPersonId).sort()).toEqual([first, second].sort());
    });

    it('filters by Asia/Shanghai days whatever the UTC date', async () => {
      const s = await setup();
      s.clock.set('2026-11-29T17:30:00.000Z'); // 2026-11-30 01:30 in Shanghai
      const clerk = await s.signIn('registrar', '430102');
      const id = await s.person('王五', clerk.cookie);
      const auditor = await s.signIn('auditor', '430000');
      const on30 = await s.get(`/api/audit?personId=${id}&from=2026-11-30&to=2026-11-30`, auditor.cookie);
      expect(on30.total).toBeGreaterThan(0);
      const on29 = await s.get(`/api/audit?personId=${id}&from=2026-11-29&to=2026-11-29`, auditor.cookie);
      expect(on29.total).toBe(0);
    });

    it('records failed sign-ins, visible to the auditor of the account’s scope', async () => {
      const s = await setup();
      const clerk = await aUser(s.core, { role: 'registrar', divisionCode: '430181' });
      const fail = (username: string) =>
        s.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Wrong-passw0rd' },
        });
      expect((await fail(clerk.username)).statusCode).toBe(401);
      expect((await fail('nobody.here')).statusCode).toBe(401);
      const province = await s.get('/api/audit?action=session.login-failed');
      expect(
        province.items.map((r) => [
          r.actorUsername,
          r.actionLabel,
          (JSON.parse(r.details) as { reason: string }).reason,
        ]),
      ).toEqual([
        ['nobody.here', '登录失败', 'unknown-user'],
        [clerk.username, '登录失败', 'wrong-password'],
      ]);
      expect(JSON.stringify(province)).not.toContain('Wrong-passw0rd');
      const county = await s.signIn('auditor', '430181');
      const seen = await s.get('/api/audit?action=session.login-failed', county.cookie);
      expect(seen.items.map((r) => r.actorUsername)).toEqual([clerk.username]);
    });

    it('offers every action in Chinese, grouped by line, and the accounts of the scope', async () => {
      const s = await setup();
      const actions = await s.get('/api/audit/actions');
      const byCode = new Map(
        (actions.items as unknown as { action: string; label: string; group: string }[]).map((a) => [
          a.action,
          a,
        ]),
      );
      expect(byCode.get('marriage.register')).toEqual({
        action: 'marriage.register',
        label: '办理结婚登记',
        group: '婚姻登记',
      });
      expect(byCode.get('session.login-failed')).toMatchObject({ label: '登录失败', group: '平台' });
      const clerk = await aUser(s.core, {
        role: 'registrar',
        divisionCode: '430102',
        username: 'zhang.clerk',
      });
      const actors = await s.get('/api/audit/actors?q=zhang');
      expect(actors.items).toEqual([{ username: clerk.username, displayName: expect.any(String) }]);
    });

    it('exports the filtered list to Excel with title, time, exporter and count, and audits the export', async () => {
      const s = await setup();
      const clerk = await s.signIn('registrar', '430102');
      const id = await s.person('赵六', clerk.cookie);
      await s.app.inject({ method: 'GET', url: `/api/people/${id}`, headers: { cookie: clerk.cookie } });
      const listed = await s.get(`/api/audit?personId=${id}`);
      const res = await s.app.inject({
        method: 'GET',
        url: `/api/audit/export?personId=${id}`,
        headers: { cookie: s.auditor.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('审计日志.xlsx'));
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('审计日志');
      expect(sheet?.getCell('A1').value).toBe('审计日志');
      expect(sheet?.getCell('A2').text).toMatch(/^导出时间：2026-11-29 10:00:00；导出人：测试用户\d+（/);
      expect(sheet?.getCell('A3').text).toContain(`当事人 ${id}`);
      expect(sheet?.getCell('A4').value).toBe(`导出条数：${listed.total}`);
      expect(sheet?.getRow(5).values).toContain('操作');
      expect((sheet?.rowCount ?? 0) - 5).toBe(listed.total);
      expect(sheet?.getCell('D6').value).toBe(listed.items[0]?.actionLabel);
      const after = await s.get('/api/audit?action=audit.export');
      expect(after.items[0]).toMatchObject({
        actionLabel: '导出审计日志',
        actorUsername: s.auditor.username,
      });
      expect(JSON.parse(after.items[0]?.details ?? '{}')).toMatchObject({ rows: listed.total });
    });

    it('refuses roles without audit:read', async () => {
      const s = await setup();
      const clerk = await s.signIn('registrar', '430102');
      for (const url of ['/api/audit', '/api/audit/export', '/api/audit/actions', '/api/audit/actors']) {
        const res = await s.app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie } });
        expect([url, res.statusCode]).toEqual([url, 403]);
      }
    });
  },
  { lines: serverManifests },
);
