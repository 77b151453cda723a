import { rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { describeEachDatabase, pdfText } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'rescue actions routes (七个规定动作, 期限看板, 寻亲公告)',
  (t) => {
    it('logs an action, shows the checklist and the board, prints the notice inline; 404 from another station', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-03-02T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const sibling = await aRescueStation(core, { county: '430102' });
      const c = await aRescueCase(core, st, { estimatedAge: 50 });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Passw0rd-test' },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const cookie = await login(st.staff.username);
      clock.set('2026-03-02T03:00:00.000Z');
      const board = await app.inject({ method: 'GET', url: '/api/rescue/board', headers: { cookie } });
      expect(board.statusCode).toBe(200);
      const b = board.json<{
        dueToday: unknown[];
        upcoming: { step: string }[];
        counts: { residents: number };
      }>();
      expect(b.counts.residents).toBe(1);
      expect(b.upcoming.some((i) => i.step === 'registration')).toBe(true);

      const refused = await app.inject({
        method: 'POST',
        url: `/api/rescue/cases/${c.id}/actions`,
        headers: { cookie },
        payload: { step: 'registration' },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('RESCUE_ACTION_EVIDENCE_REQUIRED');
      const bad = await app.inject({
        method: 'POST',
        url: `/api/rescue/cases/${c.id}/actions`,
        headers: { cookie },
        payload: { step: 'retain_id_card', evidenceText: 'x' },
      });
      expect(bad.statusCode).toBe(400);
      const ok = await app.inject({
        method: 'POST',
        url: `/api/rescue/cases/${c.id}/actions`,
        headers: { cookie },
        payload: { step: 'registration', evidenceText: '系统登记号 HN-0001' },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json<{ loggedBy: string; kind: string }>()).toMatchObject({
        loggedBy: st.staff.username,
        kind: 'log',
      });
      const list = await app.inject({
        method: 'GET',
        url: `/api/rescue/cases/${c.id}/actions`,
        headers: { cookie },
      });
      expect(list.statusCode).toBe(200);
      const s = list.json<{ steps: { step: string; state: string }[]; missingSeven: string[] }>();
      expect(s.steps.find((x) => x.step === 'registration')!.state).toBe('done');
      expect(s.missingSeven).toHaveLength(6);

      // The GET is a read: before a notice is issued it answers 404 and writes nothing.
      const none = await app.inject({
        method: 'GET',
        url: `/api/rescue/cases/${c.id}/search-notice.pdf`,
        headers: { cookie },
      });
      expect(none.statusCode).toBe(404);
      expect(none.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'RESCUE_SEARCH_NOTICE_NOT_ISSUED',
        message: '尚未生成寻亲公告，请先生成',
      });
      expect(
        await core.db.kysely
          .selectFrom('rescueSearchNotices')
          .select('id')
          .where('caseId', '=', c.id)
          .execute(),
      ).toHaveLength(0);
      const issued = await app.inject({
        method: 'POST',
        url: `/api/rescue/cases/${c.id}/search-notices`,
        headers: { cookie },
      });
      expect(issued.statusCode).toBe(201);
      const notice = issued.json<{ id: string; number: string }>();
      const pdf = await app.inject({
        method: 'GET',
        url: `/api/rescue/cases/${c.id}/search-notice.pdf`,
        headers: { cookie },
      });
      expect(pdf.statusCode).toBe(200);
      expect(decodeURIComponent(String(pdf.headers['content-disposition']).split("''")[1] ?? '')).toBe(
        `寻亲公告-${notice.number}.pdf`,
      );
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(String(pdf.headers['content-disposition'])).toMatch(/^inline;/);
      const text = pdfText(pdf.rawPayload).flat;
      expect(text).toContain('寻亲公告');
      expect(text).toContain('2026年3月2日');
      expect(text).toContain('约50岁');

      const outsider = await login(sibling.staff.username);
      for (const [method, url] of [
        ['GET', `/api/rescue/cases/${c.id}/actions`],
        ['POST', `/api/rescue/cases/${c.id}/actions`],
        ['POST', `/api/rescue/cases/${c.id}/search-notices`],
        ['GET', `/api/rescue/cases/${c.id}/search-notice.pdf`],
        ['GET', `/api/rescue/board?stationId=${st.id}`],
      ] as const) {
        const res = await app.inject({
          method,
          url,
          headers: { cookie: outsider },
          ...(method === 'POST' ? { payload: { step: 'media', evidenceText: 'x' } } : {}),
        });
        expect(res.statusCode, url).toBe(404);
      }
      expect(
        (await app.inject({ method: 'GET', url: '/api/rescue/board', headers: { cookie: outsider } })).json<{
          upcoming: unknown[];
        }>().upcoming,
      ).toEqual([]);
    });
  },
  { lines: [rescueLine] },
);
