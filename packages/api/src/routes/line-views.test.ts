/** The person page's line panels and the home page's to-do list, gathered from the line manifests. */
import { applyForDivorce, registerMarriage } from '@social-affairs/core/marriage';
import {
  aCouple,
  aDivorceApplication,
  aMarriageDesk,
  beijingMorning,
} from '@social-affairs/core/marriage/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

describeEachDatabase(
  'line panels and to-do items',
  (t) => {
    it('shows the marriage panel on the person page, audited, and hides a person of another county', async () => {
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
      const panels = res.json<{
        items: { line: string; title: string; facts: { label: string; value: string }[] }[];
      }>();
      expect(panels.items).toHaveLength(1);
      expect(panels.items[0]).toMatchObject({ line: 'marriage', title: '婚姻状况' });
      expect(panels.items[0]?.facts[0]).toEqual({ label: '婚姻状况', value: '初婚' });
      const audit = await core.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'targetId', 'actorUsername'])
        .where('action', '=', 'marriage.status-read')
        .execute();
      expect(audit).toEqual([
        { action: 'marriage.status-read', targetId: m.husband.personId, actorUsername: registrar.username },
      ]);

      const outsider = await signIn('registrar', '430102');
      const hidden = await app.inject({
        method: 'GET',
        url: `/api/people/${m.husband.personId}/panels`,
        headers: { cookie: outsider.cookie },
      });
      expect(hidden.statusCode).toBe(404);

      // A role without marriage:read sees the person but no marriage panel.
      const clerk = await signIn('subsidy_clerk', '430181');
      const none = await app.inject({
        method: 'GET',
        url: `/api/people/${m.husband.personId}/panels`,
        headers: { cookie: clerk.cookie },
      });
      expect(none.json()).toEqual({ items: [] });
    });

    it('lists the divorces whose certificate window is open as a to-do of the registrar', async () => {
      const { app, core, clock, signIn } = await testApp(t.db);
      clock.set(beijingMorning('2026-11-02'));
      const desk = await aMarriageDesk(core);
      const m = await registerMarriage(core, desk.registrar, aCouple(desk.registry.id));
      await applyForDivorce(core, desk.registrar, aDivorceApplication(m.id, desk.registry.id));
      let registrar = await signIn('registrar', '430181');
      const todos = async () =>
        (await app.inject({ method: 'GET', url: '/api/todos', headers: { cookie: registrar.cookie } })).json<{
          items: { kind: string; count: number; dueOn?: string }[];
        }>().items;
      const first = await app.inject({
        method: 'GET',
        url: '/api/todos',
        headers: { cookie: registrar.cookie },
      });
      expect(first.statusCode, first.body).toBe(200);
      expect((await todos()).map((i) => i.kind)).not.toContain('marriage.divorce-certificate-window');
      clock.set(beijingMorning('2026-12-10'));
      registrar = await signIn('registrar', '430181');
      const open = (await todos()).find((i) => i.kind === 'marriage.divorce-certificate-window');
      expect(open).toMatchObject({ count: 1 });
      expect(open?.dueOn).toMatch(/^2027-01-/);
      const auditor = await signIn('auditor', '430000');
      const res = await app.inject({ method: 'GET', url: '/api/todos', headers: { cookie: auditor.cookie } });
      expect(res.json()).toEqual({ items: [] });
    });
  },
  { lines: serverManifests },
);
