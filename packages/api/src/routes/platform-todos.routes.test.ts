import { createPerson } from '@social-affairs/core';
import { requestStayExtension, rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { aPerson, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../test-app';

interface Todo {
  kind: string;
  title: string;
  count: number;
  link?: string;
  dueOn?: string;
}

/** The platform's own to-dos on the home page: 人员合并申请待审核 (people:merge) and 待我审批 (open approval steps). */
describeEachDatabase(
  'platform to-dos (人员合并申请待审核、待我审批)',
  (t) => {
    it('shows a proposed merge to people:merge holders in scope only, until it is decided', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2025-03-12T02:00:00.000Z');
      const clerk = await signIn('rescue_staff', '430102'); // people:write, not people:merge
      const reviewer = await signIn('county_reviewer', '430102'); // people:merge
      const otherCounty = await signIn('county_reviewer', '430103');
      const todos = async (cookie: string) => {
        const res = await app.inject({ method: 'GET', url: '/api/todos', headers: { cookie } });
        expect(res.statusCode).toBe(200);
        return res.json<{ items: Todo[] }>().items;
      };
      const mergeTodo = async (cookie: string) =>
        (await todos(cookie)).find((i) => i.kind === 'people.merge-proposed');

      expect(await mergeTodo(reviewer.cookie)).toBeUndefined();

      const identified = await aPerson(core, clerk.actor, { county: '430102', name: '刘德明', sex: 'male' });
      const rescued = await createPerson(core, clerk.actor, {
        name: '无名氏',
        sex: 'male',
        hukouDivisionCode: '430102',
        source: '救助站',
      });
      const proposed = await app.inject({
        method: 'POST',
        url: '/api/person-merges',
        headers: { cookie: clerk.cookie },
        payload: { survivorId: identified.id, mergedId: rescued.id, reason: '家属辨认，确系同一人' },
      });
      expect(proposed.statusCode).toBe(201);

      expect(await mergeTodo(reviewer.cookie)).toEqual({
        line: 'platform',
        kind: 'people.merge-proposed',
        title: '人员合并申请待审核',
        count: 1,
        link: '/people/merges?status=proposed',
      });
      // The proposer lacks people:merge; another county's reviewer has it but not the record in scope.
      expect(await mergeTodo(clerk.cookie)).toBeUndefined();
      expect(await mergeTodo(otherCounty.cookie)).toBeUndefined();

      const decided = await app.inject({
        method: 'POST',
        url: `/api/person-merges/${proposed.json<{ id: string }>().id}/decision`,
        headers: { cookie: reviewer.cookie },
        payload: { decision: 'reject', reason: '证据不足，请补充辨认材料' },
      });
      expect(decided.statusCode).toBe(200);
      expect(await mergeTodo(reviewer.cookie)).toBeUndefined();
    });

    it('counts the open approval steps the user can decide, with the earliest last day', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set('2025-03-12T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      for (const name of ['甲', '乙']) {
        const c = await aRescueCase(core, st, {
          enteredAt: '2025-03-01T02:00:00.000Z',
          birthDate: '1980-01-01',
          name: `测试${name}`,
        });
        await requestStayExtension(core, st.staff, c.id, {
          reason: '家属3月20日前来接回',
          requestedUntil: '2025-03-20',
        });
      }
      const approvalTodo = async (cookie: string) => {
        const res = await app.inject({ method: 'GET', url: '/api/todos', headers: { cookie } });
        return res.json<{ items: Todo[] }>().items.find((i) => i.kind === 'approval.tasks');
      };
      const reviewer = await signIn('county_reviewer', '430102');
      expect(await approvalTodo(reviewer.cookie)).toMatchObject({
        title: '待我审批',
        count: 2,
        dueOn: '2025-03-17',
        link: '/approvals',
      });
      // Nothing for another county's reviewer, nor for a clerk who cannot decide the step.
      expect(await approvalTodo((await signIn('county_reviewer', '430103')).cookie)).toBeUndefined();
      expect(await approvalTodo((await signIn('rescue_staff', '430102')).cookie)).toBeUndefined();
    });
  },
  { lines: [rescueLine] },
);
