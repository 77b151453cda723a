import { rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { TEST_PASSWORD, describeEachDatabase, pdfText } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

const qualifies = {
  canPayFoodLodging: false,
  hasRelativesToTurnTo: false,
  receivesSubsistence: false,
  situation: 'vagrant_begging',
  information: 'given',
};

describeEachDatabase(
  'rescue intake routes (求助登记, 不予救助通知书, 救助案件, 在站人员)',
  (t) => {
    it('admits, refuses with a printed notice, reads the case, lists and exports the residents; other stations get 404', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-03-02T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const sibling = await aRescueStation(core, { county: '430102' });
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: TEST_PASSWORD },
        });
        return `sap_session=${res.cookies.find((x) => x.name === 'sap_session')?.value ?? ''}`;
      };
      const cookie = await login(st.staff.username);
      const other = await login(sibling.staff.username);

      const options = await app.inject({
        method: 'GET',
        url: '/api/rescue/intake/options',
        headers: { cookie },
      });
      expect(options.statusCode).toBe(200);
      const stations = options.json<{ stations: { id: string; dormitories: { sex: string }[] }[] }>()
        .stations;
      expect(stations.map((s) => s.id)).toEqual([st.id]);

      const body = {
        stationId: st.id,
        eligibility: qualifies,
        nameGiven: '张三',
        sex: 'female',
        estimatedAge: 35,
        referralSource: 'self',
        securityCheck: 'passed',
        dormitoryId: st.maleDormitoryId,
        caseworkerName: '李芳',
        caseworkerSex: 'female',
        belongings: [{ item: '手机', quantity: 1 }],
      };
      const wrongDorm = await app.inject({
        method: 'POST',
        url: '/api/rescue/intakes',
        headers: { cookie },
        payload: body,
      });
      expect(wrongDorm.statusCode).toBe(422);
      expect(wrongDorm.json<{ error: { code: string; details: { field: string } } }>().error).toMatchObject({
        code: 'RESCUE_DORMITORY_SEX_MISMATCH',
        details: { field: 'dormitoryId' },
      });
      const ok = await app.inject({
        method: 'POST',
        url: '/api/rescue/intakes',
        headers: { cookie },
        payload: { ...body, dormitoryId: st.femaleDormitoryId },
      });
      expect(ok.statusCode).toBe(201);
      const admitted = ok.json<{ id: string; caseNo: string; identityStatus: string }>();
      expect(admitted.identityStatus).toBe('to_verify');

      const read = await app.inject({
        method: 'GET',
        url: `/api/rescue/cases/${admitted.id}`,
        headers: { cookie },
      });
      expect(read.statusCode).toBe(200);
      expect(
        read.json<{ caseNo: string; belongings: unknown[]; stay: { daysInCare: number } }>(),
      ).toMatchObject({
        caseNo: admitted.caseNo,
        belongings: [{ item: '手机' }],
        stay: { daysInCare: 0 },
      });
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/rescue/cases/${admitted.id}`,
            headers: { cookie: other },
          })
        ).statusCode,
      ).toBe(404);
      const belong = await app.inject({
        method: 'POST',
        url: `/api/rescue/cases/${admitted.id}/belongings`,
        headers: { cookie },
        payload: { item: '居民身份证', identityDocument: true },
      });
      expect(belong.statusCode).toBe(422);
      expect(belong.json<{ error: { code: string } }>().error.code).toBe('RESCUE_ID_DOCUMENT_NOT_RETAINED');

      const refusal = await app.inject({
        method: 'POST',
        url: '/api/rescue/refusals',
        headers: { cookie },
        payload: {
          stationId: st.id,
          nameGiven: '赵六',
          eligibility: { ...qualifies, receivesSubsistence: true },
        },
      });
      expect(refusal.statusCode).toBe(201);
      const r = refusal.json<{ id: string; noticeNo: string }>();
      const pdf = await app.inject({
        method: 'GET',
        url: `/api/rescue/refusals/${r.id}/notice.pdf`,
        headers: { cookie },
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(String(pdf.headers['content-disposition'])).toMatch(/^inline;/);
      const text = pdfText(pdf.rawPayload).flat;
      expect(text).toContain(r.noticeNo);
      expect(text).toContain('2026年3月2日');
      expect(text).toContain('行政复议');
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/rescue/refusals/${r.id}/notice.pdf`,
            headers: { cookie: other },
          })
        ).statusCode,
      ).toBe(404);

      await aRescueCase(core, st, {
        estimatedAge: 40,
        enteredAt: '2026-02-01T02:00:00.000Z',
        name: '超期者',
      });
      const list = await app.inject({
        method: 'GET',
        url: '/api/rescue/residents?overStay=any&sort=-daysInCare',
        headers: { cookie },
      });
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: { name: string; stayStatus: string }[]; total: number }>()).toMatchObject({
        total: 1,
        items: [{ name: '超期者', stayStatus: 'stranded' }],
      });
      expect(
        (await app.inject({ method: 'GET', url: '/api/rescue/residents?sort=age', headers: { cookie } }))
          .statusCode,
      ).toBe(400);
      const sib = await app.inject({
        method: 'GET',
        url: '/api/rescue/residents',
        headers: { cookie: other },
      });
      expect(sib.json<{ total: number }>().total).toBe(0);
      const xlsx = await app.inject({
        method: 'GET',
        url: '/api/rescue/residents/export',
        headers: { cookie },
      });
      expect(xlsx.statusCode).toBe(200);
      expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    });
  },
  { lines: [rescueLine] },
);
