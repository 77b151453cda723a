import { requestStayExtension, rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../test-app';

/** The approvals inbox (待我审批) and 已办 over HTTP: kinds, filters, the submitter, owner links. */
describeEachDatabase(
  'approvals inbox routes (待我审批、已办)',
  (t) => {
    it('lists a rescue stay extension with its kind, submitter and case link; filters; moves it to 已办', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2025-03-12T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const c = await aRescueCase(core, st, {
        enteredAt: '2025-03-01T02:00:00.000Z',
        birthDate: '1980-01-01',
      });
      const ext = await requestStayExtension(core, st.staff, c.id, {
        reason: '家属3月20日前来接回',
        requestedUntil: '2025-03-20',
      });
      let reviewer = await signIn('county_reviewer', '430102');
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: reviewer.cookie } });

      const inbox = await get('/api/approvals/tasks');
      expect(inbox.statusCode).toBe(200);
      expect(inbox.json()).toMatchObject({
        total: 1,
        kinds: [{ definitionKey: 'rescue.stay-extension', title: '延长救助期限审批', count: 1 }],
        items: [
          {
            instanceId: ext.approvalId!,
            definitionTitle: '延长救助期限审批',
            submittedByUsername: st.staff.username,
            ownerType: 'rescue_stay_extension',
            ownerLabel: '延长救助期限申请',
            ownerLink: `/rescue/cases/${c.id}`,
            overdue: false,
          },
        ],
      });

      // The home page's to-do card links to the inbox.
      expect((await get('/api/todos')).json<{ items: unknown[] }>().items).toContainEqual(
        expect.objectContaining({
          kind: 'approval.tasks',
          count: 1,
          link: '/approvals',
          dueOn: '2025-03-17',
        }),
      );

      // Filters: another kind → nothing; overdue → nothing today, the step once its last day has passed.
      expect((await get('/api/approvals/tasks?definitionKey=marriage.other')).json()).toMatchObject({
        total: 0,
        items: [],
      });
      expect((await get('/api/approvals/tasks?overdue=1')).json()).toMatchObject({ total: 0 });
      clock.set('2025-03-18T02:00:00.000Z'); // 3 working days from 03-12: last day 03-17
      reviewer = await signIn('county_reviewer', '430102');
      expect((await get('/api/approvals/tasks?overdue=1')).json()).toMatchObject({
        total: 1,
        items: [{ overdue: true }],
      });
      expect((await get('/api/approvals/tasks?overdue=0')).json()).toMatchObject({ total: 1 });
      expect((await get('/api/approvals/tasks?overdue=maybe')).statusCode).toBe(400);

      expect((await get('/api/approvals/decided')).json()).toMatchObject({ total: 0, items: [] });
      const decided = await app.inject({
        method: 'POST',
        url: `/api/approvals/${ext.approvalId}/decision`,
        headers: { cookie: reviewer.cookie },
        payload: { decision: 'reject', reason: '理由不充分，请补充家属联系材料' },
      });
      expect(decided.statusCode).toBe(200);
      expect((await get('/api/approvals/tasks')).json()).toMatchObject({ total: 0, kinds: [] });
      expect(
        (await get('/api/todos')).json<{ items: { kind: string }[] }>().items.map((i) => i.kind),
      ).not.toContain('approval.tasks');
      expect((await get('/api/approvals/decided')).json()).toMatchObject({
        total: 1,
        items: [
          {
            instanceId: ext.approvalId!,
            decision: 'reject',
            instanceStatus: 'rejected',
            ownerLink: `/rescue/cases/${c.id}`,
          },
        ],
      });

      // Another county's reviewer sees neither list; the submitter has nothing to decide.
      const other = await signIn('county_reviewer', '430103');
      const otherDone = await app.inject({
        method: 'GET',
        url: '/api/approvals/decided',
        headers: { cookie: other.cookie },
      });
      expect(otherDone.json()).toMatchObject({ total: 0 });
      expect((await app.inject({ method: 'GET', url: '/api/approvals/decided' })).statusCode).toBe(401);
    });
  },
  { lines: [rescueLine] },
);
