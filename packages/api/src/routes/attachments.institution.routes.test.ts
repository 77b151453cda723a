/**
 * Rescue-case attachments over HTTP, scoped by station (ADR 0009, issue 15): a station-bound account
 * works with its own station's cases; a sibling station's account and another county's get 404; the
 * county's account (no institution) sees both stations'.
 */
import { rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { TEST_PASSWORD, describeEachDatabase } from '@social-affairs/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { testApp } from '../test-app';
import { aPngFile, useTestAttachmentsDir } from './attachments.samples';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describeEachDatabase(
  'rescue case attachments scoped by station',
  (t) => {
    async function setUp() {
      const env = await testApp(t.db);
      const dir = mkdtempSync(join(tmpdir(), 'sap-attachment-inst-'));
      dirs.push(dir);
      useTestAttachmentsDir(env.core, dir);
      const login = async (username: string) => {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: TEST_PASSWORD },
        });
        expect(res.statusCode).toBe(200);
        const c = res.cookies.find((x) => x.name === 'sap_session');
        return `sap_session=${c?.value ?? ''}`;
      };
      const stationA = await aRescueStation(env.core, { county: '430102' });
      const stationB = await aRescueStation(env.core, { county: '430102' });
      const stationC = await aRescueStation(env.core, { county: '430103' });
      const caseA = await aRescueCase(env.core, stationA);
      const caseB = await aRescueCase(env.core, stationB, { sex: 'female' });
      const cookies = {
        a: await login(stationA.staff.username),
        b: await login(stationB.staff.username),
        c: await login(stationC.staff.username),
        county: await login(stationA.countyStaff.username),
      };
      const upload = (cookie: string, caseId: string, seed = 1, kind = 'photo') =>
        env.app.inject({
          method: 'POST',
          url: `/api/attachments?${new URLSearchParams({ ownerType: 'rescue_case', ownerId: caseId, kind, fileName: '正面照.png' }).toString()}`,
          headers: { cookie, 'content-type': 'application/octet-stream' },
          payload: aPngFile(seed),
        });
      const get = (cookie: string, url: string) =>
        env.app.inject({ method: 'GET', url, headers: { cookie } });
      const remove = (cookie: string, id: string) =>
        env.app.inject({
          method: 'POST',
          url: `/api/attachments/${id}/remove`,
          headers: { cookie },
          payload: { reason: '照片模糊' },
        });
      return { ...env, stationA, stationB, caseA, caseB, cookies, upload, get, remove };
    }

    it('a station account uploads, lists, reads and removes its own case’s attachment', async () => {
      const { stationA, caseA, cookies, upload, get, remove } = await setUp();
      const up = await upload(cookies.a, caseA.id);
      expect(up.statusCode).toBe(201);
      const view = up.json<{ id: string; institutionId: string; divisionCode: string }>();
      expect(view).toMatchObject({
        institutionId: stationA.id,
        divisionCode: '430102',
        kindLabel: '正面照片',
      });
      const list = await get(cookies.a, `/api/attachments?ownerType=rescue_case&ownerId=${caseA.id}`);
      expect(list.statusCode).toBe(200);
      expect(list.json<{ id: string }[]>().map((a) => a.id)).toEqual([view.id]);
      expect((await get(cookies.a, `/api/attachments/${view.id}`)).json()).toEqual(view);
      const content = await get(cookies.a, `/api/attachments/${view.id}/content`);
      expect([content.statusCode, content.headers['content-type']]).toEqual([200, 'image/png']);
      const removed = await remove(cookies.a, view.id);
      expect([removed.statusCode, removed.json<{ status: string }>().status]).toEqual([200, 'removed']);
    });

    it('a sibling station and another county get 404; the county account sees both stations', async () => {
      const { stationB, caseA, caseB, cookies, upload, get, remove } = await setUp();
      const a = (await upload(cookies.a, caseA.id)).json<{ id: string }>();
      const b = (await upload(cookies.b, caseB.id, 2)).json<{ id: string }>();
      for (const outsider of [cookies.b, cookies.c]) {
        expect((await upload(outsider, caseA.id, 3)).statusCode).toBe(404);
        expect(
          (await get(outsider, `/api/attachments?ownerType=rescue_case&ownerId=${caseA.id}`)).statusCode,
        ).toBe(404);
        expect((await get(outsider, `/api/attachments/${a.id}`)).statusCode).toBe(404);
        expect((await get(outsider, `/api/attachments/${a.id}/content`)).statusCode).toBe(404);
        expect((await remove(outsider, a.id)).statusCode).toBe(404);
      }
      const countyList = await get(
        cookies.county,
        `/api/attachments?ownerType=rescue_case&ownerId=${caseB.id}`,
      );
      expect(countyList.json<{ id: string; institutionId: string }[]>()).toEqual([
        expect.objectContaining({ id: b.id, institutionId: stationB.id }),
      ]);
      expect((await get(cookies.county, `/api/attachments/${a.id}/content`)).statusCode).toBe(200);
      const byCounty = await upload(cookies.county, caseB.id, 4, 'police_handover');
      expect(byCounty.json<{ institutionId: string }>().institutionId).toBe(stationB.id);
      // The station's own account sees what the county attached to its case.
      const own = await get(cookies.b, `/api/attachments?ownerType=rescue_case&ownerId=${caseB.id}`);
      expect(own.json<unknown[]>()).toHaveLength(2);
    });

    it('tells the web component each owner type’s permissions', async () => {
      const { cookies, get } = await setUp();
      const res = await get(cookies.a, '/api/attachments/owner-types');
      const types = res.json<{
        ownerTypes: { type: string; readPermission: string; writePermission: string }[];
      }>();
      expect(types.ownerTypes.find((o) => o.type === 'rescue_case')).toMatchObject({
        readPermission: 'rescue:read',
        writePermission: 'rescue:write',
      });
      expect(types.ownerTypes.find((o) => o.type === 'person')).toMatchObject({
        readPermission: 'people:read',
        writePermission: 'people:write',
      });
    });
  },
  { lines: [rescueLine] },
);
