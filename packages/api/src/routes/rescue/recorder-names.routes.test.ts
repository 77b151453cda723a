/** Rescue routes answer recorders by display name (登记人 / 经办人), not the account name. */
import { recordDeparture, rescueLine } from '@social-affairs/core/rescue';
import { aCaseAttachment, aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'rescue routes: recorders by display name',
  (t) => {
    it('照料与托养 登记人 and the 离站与安置 ledger 经办人 are the display name', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-03-10T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const c = await aRescueCase(core, st, { estimatedAge: 45, enteredAt: '2026-03-05T02:00:00.000Z' });
      const { displayName } = await core.db.kysely
        .selectFrom('users')
        .select('displayName')
        .where('username', '=', st.staff.username)
        .executeTakeFirstOrThrow();
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: st.staff.username, password: 'Passw0rd-test' },
      });
      const cookie = `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;

      const posted = await app.inject({
        method: 'POST',
        url: `/api/rescue/cases/${c.id}/services`,
        headers: { cookie },
        payload: { kind: 'food', serviceDate: '2026-03-09', description: '一日三餐', providedBy: '食堂' },
      });
      expect(posted.statusCode).toBe(201);
      const services = await app.inject({
        method: 'GET',
        url: `/api/rescue/cases/${c.id}/services`,
        headers: { cookie },
      });
      expect(services.statusCode).toBe(200);
      expect(posted.json<{ createdBy: string }>().createdBy).toBe(displayName);
      expect(services.json<{ createdBy: string }[]>().map((s) => s.createdBy)).toEqual([displayName]);

      await recordDeparture(core, st.staff, c.id, {
        kind: 'self_departure',
        declarationAttachmentId: await aCaseAttachment(core, st.staff, c.id, 'signed_declaration'),
      });
      const ledger = await app.inject({ method: 'GET', url: '/api/rescue/departures', headers: { cookie } });
      expect(ledger.statusCode).toBe(200);
      const rows = ledger.json<{ items: { caseId: string; recordedBy: string }[] }>().items;
      expect(rows.find((r) => r.caseId === c.id)?.recordedBy).toBe(displayName);
      expect(JSON.stringify(rows)).not.toContain(st.staff.username);
    });
  },
  { lines: [rescueLine] },
);
