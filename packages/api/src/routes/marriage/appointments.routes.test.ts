/** The registrar's day over HTTP (issue 13, item 1): week, upcoming days, check-in → register → done, refusal. */
import { describeEachDatabase } from '@social-affairs/core/testing';
import {
  aCouple,
  aMarriageDesk,
  aParty,
  aResidentId,
  beijingMorning,
} from '@social-affairs/core/marriage/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'marriage desk routes',
  (t) => {
    /** A desk with a Monday booking made on Sunday; `day` moves the clock before the registrar signs in. */
    async function setUp(day?: string) {
      const { app, core, clock, signIn } = await testApp(t.db);
      const desk = await aMarriageDesk(core, { county: '430181' });
      const husbandId = aResidentId('430181', '1995-04-12', 'male');
      const wifeId = aResidentId('430181', '1997-08-30', 'female');
      const booked = await app.inject({
        method: 'POST',
        url: '/api/marriage/appointments',
        payload: {
          registryId: desk.registry.id,
          date: '2026-11-30',
          halfDay: 'am',
          service: 'marriage',
          applicantName: '王建国',
          partnerName: '李秀英',
          applicantResidentId: husbandId,
          partnerResidentId: wifeId,
          phone: '13800001234',
        },
      });
      expect(booked.statusCode).toBe(201);
      if (day) clock.set(beijingMorning(day));
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: desk.registrar.username, password: 'Passw0rd-test' },
      });
      const cookie = `sap_session=${login.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`;
      const get = (url: string, query?: Record<string, string>) =>
        app.inject({ method: 'GET', url, query, headers: { cookie } });
      const post = (url: string, payload: object = {}) =>
        app.inject({ method: 'POST', url, headers: { cookie }, payload });
      const couple = {
        ...aCouple(desk.registry.id),
        husband: aParty(husbandId, '王建国'),
        wife: aParty(wifeId, '李秀英'),
      };
      return { app, core, clock, desk, get, post, couple, signIn };
    }

    it('shows Monday’s booking on Sunday in the week and the upcoming days, not only “today”', async () => {
      const { desk, get } = await setUp();
      const today = await get('/api/marriage/appointments', { registryId: desk.registry.id });
      expect(today.json()).toEqual([]);
      const upcoming = await get('/api/marriage/appointments', { registryId: desk.registry.id, days: '3' });
      expect(upcoming.statusCode).toBe(200);
      expect(upcoming.json()).toEqual([expect.objectContaining({ date: '2026-11-30', status: 'booked' })]);
      const week = await get('/api/marriage/appointments/week', {
        registryId: desk.registry.id,
        date: '2026-11-30',
      });
      expect(week.statusCode).toBe(200);
      expect(week.json()).toMatchObject({
        weekStart: '2026-11-30',
        today: '2026-11-29',
        days: expect.arrayContaining([
          expect.objectContaining({
            date: '2026-11-30',
            am: expect.objectContaining({ total: 1, booked: 1 }),
          }),
        ]),
      });
      expect(week.body).not.toContain('1380000');
    });

    it('checks in, registers with the booking, and the booking is done and linked to the marriage', async () => {
      const { desk, get, post, couple } = await setUp('2026-11-30');
      const [a] = (await get('/api/marriage/appointments', { registryId: desk.registry.id })).json<
        { id: string }[]
      >();
      const checkIn = await post(`/api/marriage/appointments/${a?.id ?? ''}/check-in`);
      expect(checkIn.statusCode).toBe(200);
      expect(checkIn.json()).toMatchObject({
        appointment: { status: 'attended' },
        prefill: { husbandName: '王建国', wifeName: '李秀英', appointmentId: a?.id },
      });
      const registered = await post('/api/marriage/registrations', { ...couple, appointmentId: a?.id });
      expect(registered.statusCode).toBe(201);
      const [done] = (await get('/api/marriage/appointments', { registryId: desk.registry.id })).json<
        { status: string; outcomeKind: string; outcomeRef: string }[]
      >();
      expect(done).toMatchObject({
        status: 'done',
        outcomeKind: 'marriage',
        outcomeRef: registered.json().id,
      });
      const again = await post(`/api/marriage/appointments/${a?.id ?? ''}/check-in`);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({
        error: { code: 'APPOINTMENT_NOT_ACTIVE', message: '该预约已办理完毕，不能再更改' },
      });
    });

    it('refuses with a ground and a note (400 in Chinese without one), then prints the notice', async () => {
      const { desk, get, post, couple } = await setUp('2026-11-30');
      const [a] = (await get('/api/marriage/appointments', { registryId: desk.registry.id })).json<
        { id: string }[]
      >();
      const bad = await post('/api/marriage/refusals', { ...couple, ground: 'OTHER', note: '否' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('请具体说明不予登记的理由');
      const illness = await post('/api/marriage/refusals', {
        ...couple,
        ground: 'ILLNESS',
        note: '患有疾病',
      });
      expect(illness.statusCode).toBe(400);
      const refused = await post('/api/marriage/refusals', {
        ...couple,
        appointmentId: a?.id,
        ground: 'PARTY_NOT_VOLUNTARY',
        note: '女方经单独询问表示受到逼迫',
      });
      expect(refused.statusCode).toBe(201);
      const { refusalId } = refused.json<{ refusalId: string }>();
      const notice = await get(`/api/marriage/refusals/${refusalId}/notice.pdf`);
      expect(notice.statusCode).toBe(200);
      expect(notice.headers['content-type']).toContain('application/pdf');
      const [done] = (await get('/api/marriage/appointments', { registryId: desk.registry.id })).json<
        { status: string; outcomeKind: string }[]
      >();
      expect(done).toMatchObject({ status: 'done', outcomeKind: 'refusal' });
      const people = await get('/api/people', { q: '王建国' });
      expect(people.json<{ total: number }>().total).toBe(0);
    });

    it('answers 404 to a registrar of another county, and marks a no-show and a desk cancellation', async () => {
      const { app, desk, get, post, signIn } = await setUp();
      const [a] = (await get('/api/marriage/appointments', { registryId: desk.registry.id, days: '3' })).json<
        { id: string }[]
      >();
      const outsider = await signIn('registrar', '430102');
      for (const path of ['check-in', 'no-show']) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/marriage/appointments/${a?.id ?? ''}/${path}`,
          headers: { cookie: outsider.cookie },
          payload: {},
        });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: { message: '预约不存在或不在您的管辖范围内' } });
      }
      const early = await post(`/api/marriage/appointments/${a?.id ?? ''}/no-show`);
      expect(early.statusCode).toBe(422);
      expect(early.json()).toMatchObject({ error: { code: 'APPOINTMENT_NOT_YET_DUE' } });
      const cancelled = await post(`/api/marriage/appointments/${a?.id ?? ''}/cancel`, {
        reason: '当事人来电取消',
      });
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', closeReason: '当事人来电取消' });
    });
  },
  { lines: serverManifests },
);
