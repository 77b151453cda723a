/** 系统管理 › 节假日安排 over HTTP: list, load (province-level administrators only), and the home warning. */
import { sampleArrangement } from '@social-affairs/core/calendar/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { isoWeekday, loadedHolidayYears, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

describeEachDatabase(
  'holiday calendar routes',
  (t) => {
    // Years per engine: the kernel calendar is process-wide.
    const year = () => (t.dialect === 'sqlite' ? 2070 : 2072);

    it('loads next year’s arrangement, lists it, runs the deadline jobs and clears the home warning', async () => {
      const y = year();
      const { app, clock, signIn } = await testApp(t.db);
      clock.set(`${y - 1}-12-02T02:00:00.000Z`);
      const admin = await signIn('admin', '430000');
      const before = await app.inject({
        method: 'GET',
        url: '/api/admin/holiday-calendars',
        headers: { cookie: admin.cookie },
      });
      expect(before.statusCode).toBe(200);
      expect(before.json()).toMatchObject({ nextYear: y, nextYearLoaded: false });
      expect(before.json<{ warning: string }>().warning).toContain(`${y}年节假日安排尚未加载`);
      const todos = await app.inject({ method: 'GET', url: '/api/todos', headers: { cookie: admin.cookie } });
      expect(todos.json<{ items: { kind: string }[] }>().items.map((i) => i.kind)).toContain(
        'platform.holiday-calendar-missing',
      );

      const load = await app.inject({
        method: 'POST',
        url: '/api/admin/holiday-calendars',
        headers: { cookie: admin.cookie },
        payload: sampleArrangement(y),
      });
      expect(load.statusCode).toBe(200);
      expect(load.json<{ refreshed: { job: string }[] }>().refreshed.map((j) => j.job)).toEqual([
        'approvals.escalate-overdue',
        'marriage.divorce-deadlines',
      ]);
      expect(loadedHolidayYears()).toContain(y);
      const after = await app.inject({
        method: 'GET',
        url: '/api/admin/holiday-calendars',
        headers: { cookie: admin.cookie },
      });
      expect(after.json()).toMatchObject({ nextYearLoaded: true, warning: null });
      expect(after.json<{ years: { year: number; origin: string }[] }>().years[0]).toMatchObject({
        year: y,
        origin: 'loaded',
      });
      const todosAfter = await app.inject({
        method: 'GET',
        url: '/api/todos',
        headers: { cookie: admin.cookie },
      });
      expect(todosAfter.json<{ items: { kind: string }[] }>().items.map((i) => i.kind)).not.toContain(
        'platform.holiday-calendar-missing',
      );
    });

    it('answers 403 to a county administrator and a registrar, and 422 in Chinese to an invalid arrangement', async () => {
      const y = year() + 1;
      const { app, signIn } = await testApp(t.db);
      const county = await signIn('admin', '430181');
      const registrar = await signIn('registrar', '430000');
      const admin = await signIn('admin', '430000');
      const post = (cookie: string, payload: unknown) =>
        app.inject({
          method: 'POST',
          url: '/api/admin/holiday-calendars',
          headers: { cookie },
          payload: payload as object,
        });
      const c = await post(county.cookie, sampleArrangement(y));
      expect([c.statusCode, c.json<{ error: { code: string } }>().error.code]).toEqual([
        403,
        'CALENDAR_PROVINCE_ONLY',
      ]);
      expect((await post(registrar.cookie, sampleArrangement(y))).statusCode).toBe(403);
      const a = sampleArrangement(y);
      // A Saturday or Sunday inside the National Day holiday: a rest day cannot also be a working day.
      const weekendDay = [1, 2, 3, 4, 5, 6, 7]
        .map((d) => `${y}-10-0${d}` as PlainDate)
        .find((d) => isoWeekday(d) >= 6)!;
      const bad = await post(admin.cookie, {
        ...a,
        holidays: a.holidays.map((h) => (h.name === '国庆节' ? { ...h, work: [weekendDay] } : h)),
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'HOLIDAY_CALENDAR_INVALID',
        message: `${weekendDay} 既是国庆节的放假日，又是国庆节的调休上班日`,
      });
      expect(loadedHolidayYears()).not.toContain(y);
    });
  },
  { lines: serverManifests },
);
