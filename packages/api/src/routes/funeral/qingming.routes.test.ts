import { defaultFuneralConfig, funeralLine } from '@social-affairs/core/funeral';
import { aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { ManualClock, describeEachDatabase, testContext } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { buildApp } from '../../app';
import { serverLines } from '../../lines';
import { testApp } from '../../test-app';
import { PhoneLimiter } from '../../phone-limiter';

it('the per-phone limiter counts digits only and resets after its window', () => {
  const l = new PhoneLimiter(2, 1000);
  l.hit('138 0000 0001', 0);
  l.hit('13800000001', 1);
  expect(() => l.hit('138-0000-0001', 2)).toThrow(/过于频繁/);
  expect(() => l.hit('13800000001', 1001)).not.toThrow();
});

describeEachDatabase(
  'Qingming routes',
  (t) => {
    it('books publicly with a QR pass (no-store, minimised), checks in at the gate, scope 404, refusals', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const cemetery = await aFuneralFacility(core, { kind: 'cemetery_public_benefit', county: '430102' });
      const staff = await signIn('funeral_staff', '430102');
      const outsider = await signIn('funeral_staff', '430103');
      const created = await app.inject({
        method: 'POST',
        url: '/api/funeral/qingming/slots',
        headers: { cookie: staff.cookie },
        payload: {
          facilityId: cemetery.id,
          from: '2026-11-29',
          days: 1,
          windows: [{ startsAt: '14:00', endsAt: '15:00' }],
          quota: 10,
        },
      });
      expect(created.statusCode).toBe(201);
      const cemeteries = await app.inject({ method: 'GET', url: '/api/public/qingming/cemeteries' });
      expect(cemeteries.json()).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: cemetery.id, openDays: ['2026-11-29'] })]),
      );
      const slots = await app.inject({
        method: 'GET',
        url: `/api/public/qingming/slots?facilityId=${cemetery.id}&date=2026-11-29`,
      });
      expect(slots.headers['cache-control']).toBe('no-store');
      const slotId = slots.json<{ id: string; left: number }[]>()[0]!.id;
      expect(slots.json<{ left: number }[]>()[0]!.left).toBe(9);
      const booked = await app.inject({
        method: 'POST',
        url: '/api/public/qingming/bookings',
        payload: { slotId, visitorName: '王清明', phone: '13900001111', partySize: 2 },
      });
      expect(booked.statusCode).toBe(201);
      expect(booked.body).not.toContain('13900001111');
      const receipt = booked.json<{ code: string; passToken: string; passQr: string; phoneMasked: string }>();
      expect(receipt.phoneMasked).toBe('139****1111');
      const again = await app.inject({
        method: 'POST',
        url: '/api/public/qingming/bookings',
        payload: { slotId, visitorName: '王清明', phone: '13900001111', partySize: 1 },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('QINGMING_PHONE_ALREADY_BOOKED');
      const lookup = await app.inject({
        method: 'POST',
        url: '/api/public/qingming/bookings/lookup',
        payload: { code: receipt.code, phone: '13900001112' },
      });
      expect(lookup.statusCode).toBe(404);
      // The gate: the outsider sees no such cemetery, a forged token is 422, the real one checks in once.
      const checkIn = (cookie: string, token: string) =>
        app.inject({
          method: 'POST',
          url: '/api/funeral/qingming/check-in',
          headers: { cookie },
          payload: { facilityId: cemetery.id, token },
        });
      expect((await checkIn(outsider.cookie, receipt.passToken)).statusCode).toBe(404);
      expect((await checkIn(staff.cookie, `${receipt.passToken.slice(0, -2)}00`)).statusCode).toBe(422);
      expect((await checkIn(staff.cookie, receipt.passToken)).statusCode).toBe(200);
      expect((await checkIn(staff.cookie, receipt.passToken)).json().error.code).toBe('QINGMING_PASS_USED');
      const list = await app.inject({
        method: 'GET',
        url: `/api/funeral/qingming/bookings?facilityId=${cemetery.id}&status=checked_in`,
        headers: { cookie: staff.cookie },
      });
      expect(list.json()).toMatchObject({ total: 1, items: [{ code: receipt.code, status: 'checked_in' }] });
      const xlsx = await app.inject({
        method: 'GET',
        url: `/api/funeral/qingming/bookings/export?facilityId=${cemetery.id}`,
        headers: { cookie: staff.cookie },
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const live = await app.inject({
        method: 'GET',
        url: `/api/funeral/qingming/live?facilityId=${cemetery.id}`,
        headers: { cookie: outsider.cookie },
      });
      expect(live.statusCode).toBe(404);
    });

    it('answers 429 past the configured per-address and per-phone limits', async () => {
      const clock = new ManualClock();
      const core = testContext(t.db, clock, {
        lines: {
          funeral: {
            ...defaultFuneralConfig,
            qingming: { ...defaultFuneralConfig.qingming, publicWritesPerIp: 4, publicWritesPerPhone: 2 },
          },
        },
      });
      const app = await buildApp({
        core,
        lines: serverLines.filter((l) => core.lines.includes(l.manifest)),
        logger: false,
        webRoot: null,
      });
      const lookup = (phone: string) =>
        app.inject({
          method: 'POST',
          url: '/api/public/qingming/bookings/lookup',
          payload: { code: 'ABCDEFGH', phone },
        });
      expect((await lookup('13900000001')).statusCode).toBe(404);
      expect((await lookup('13900000001')).statusCode).toBe(404);
      const perPhone = await lookup('13900000001');
      expect(perPhone.statusCode).toBe(429);
      expect(perPhone.json().error.code).toBe('RATE_LIMITED');
      expect((await lookup('13900000002')).statusCode).toBe(404);
      expect((await lookup('13900000003')).statusCode).toBe(429); // the address's 5th request
      await app.close();
    });

    it('memorials: public only after moderation, through the routes', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const cemetery = await aFuneralFacility(core, { kind: 'cemetery_public_benefit', county: '430102' });
      const staff = await signIn('funeral_staff', '430102');
      const made = await app.inject({
        method: 'POST',
        url: '/api/public/memorials',
        payload: {
          facilityId: cemetery.id,
          deceasedName: '李德明',
          biography: '一生勤劳。',
          creatorName: '李小明',
          phone: '13900002222',
        },
      });
      expect(made.statusCode).toBe(201);
      const { code } = made.json<{ code: string }>();
      expect((await app.inject({ method: 'GET', url: `/api/public/memorials/${code}` })).statusCode).toBe(
        404,
      );
      const pending = await app.inject({
        method: 'GET',
        url: '/api/funeral/qingming/memorials?status=pending',
        headers: { cookie: staff.cookie },
      });
      const id = pending.json<{ items: { id: string }[] }>().items[0]!.id;
      const refused = await app.inject({
        method: 'POST',
        url: `/api/funeral/qingming/memorials/${id}/moderate`,
        headers: { cookie: staff.cookie },
        payload: { decision: 'rejected' },
      });
      expect(refused.statusCode).toBe(400);
      const ok = await app.inject({
        method: 'POST',
        url: `/api/funeral/qingming/memorials/${id}/moderate`,
        headers: { cookie: staff.cookie },
        payload: { decision: 'approved' },
      });
      expect(ok.statusCode).toBe(200);
      const page = await app.inject({ method: 'GET', url: `/api/public/memorials/${code}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toMatch(/13900002222|139\*|facilityId|"id"/);
    });
  },
  { lines: [funeralLine] },
);
