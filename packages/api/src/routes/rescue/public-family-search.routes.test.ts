/**
 * The public family-search routes (no login; ADR 0026): minimised notices and reports (asserted on the
 * JSON), a case identified or closed and a report found or withdrawn leave public view at once, the photo
 * route serves only a live notice's photo, the query code, field errors, NUL, and the rate limits.
 */
import { storeAttachment } from '@social-affairs/core/attachments';
import { changeMissingReportStatus, matchingLine } from '@social-affairs/core/matching';
import { issueSearchNotice, rescueLine } from '@social-affairs/core/rescue';
import { aRescueCase, aRescueStation } from '@social-affairs/core/rescue/testing';
import { aUser, describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

const png = () =>
  Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...Array.from({ length: 40 }, (_, i) => i),
  ]);

interface NoticePage {
  items: { number: string; nameStated: string | null; ageText: string | null; hasPhoto: boolean }[];
  total: number;
}
interface ReportPage {
  items: { receipt: string; name: string | null; lostCountyName: string | null }[];
  total: number;
}

const report = {
  name: '王小红',
  sex: 'female',
  birthYear: 1958,
  lostOn: '2026-02-20',
  lostCountyCode: '430102',
  features: '右手腕有烫伤疤痕，说长沙话',
  contactName: '王建国',
  contactPhone: '13912345678',
  consentPublish: true,
};

describeEachDatabase(
  'public family-search routes (寻亲公告, 我要寻亲, 查询进度)',
  (t) => {
    it('lists live notices minimised; identified or closed cases and replaced numbers leave at once; the photo is a live notice’s only', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-03-02T02:00:00.000Z');
      const st = await aRescueStation(core, { county: '430102' });
      const live = await aRescueCase(core, st, { estimatedAge: 45, name: '小明' });
      const noNotice = await aRescueCase(core, st, { estimatedAge: 30 });
      const identified = await aRescueCase(core, st, { sex: 'female', birthDate: '1985-04-04' });
      const departed = await aRescueCase(core, st, { estimatedAge: 60, status: 'departed' });
      void noNotice;
      await storeAttachment(core, st.staff, {
        ownerType: 'rescue_case',
        ownerId: live.id,
        kind: 'photo',
        content: png(),
      });
      const first = await issueSearchNotice(core, st.staff, live.id);
      const second = await issueSearchNotice(core, st.staff, live.id);
      const other = await issueSearchNotice(core, st.staff, identified.id);
      await issueSearchNotice(core, st.staff, departed.id);

      const list = async (query: Record<string, string> = {}) => {
        const res = await app.inject({ method: 'GET', url: '/api/public/family-search/notices', query });
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toContain('no-store');
        return { page: res.json<NoticePage>(), body: res.body };
      };
      const { page, body } = await list();
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({
        number: second.number,
        nameStated: '小明',
        sex: 'male',
        ageText: '约45岁',
        foundOn: '2026-03-02',
        foundCountyName: '长沙市芙蓉区',
        heightCm: 168,
        features: '左眉有痣',
        clothing: '蓝色外套、黑色长裤',
        hasPhoto: true,
      });
      // Minimised: no case or person id, no case number, no exact place, no birth date, no resident id.
      for (const leak of [live.id, live.personId, live.caseNo, '长沙火车站广场', '1985-04-04', st.id])
        expect(body).not.toContain(leak);
      expect(body).not.toMatch(/\d{17}[\dX]/);
      expect(Object.keys(page.items[0]!).sort()).toEqual(
        [
          'ageText',
          'clothing',
          'features',
          'foundCountyName',
          'foundOn',
          'hasPhoto',
          'heightCm',
          'issuedOn',
          'nameStated',
          'number',
          'sex',
          'stationName',
          'stationPhone',
        ].sort(),
      );

      // Filters: sex, age band, county, date found.
      expect((await list({ ageBand: '40-59' })).page.total).toBe(1);
      expect((await list({ ageBand: '0-17' })).page.total).toBe(0);
      expect((await list({ sex: 'female' })).page.total).toBe(0);
      expect((await list({ county: '430100' })).page.total).toBe(1);
      expect((await list({ county: '430181' })).page.total).toBe(0);
      expect((await list({ foundFrom: '2026-03-03' })).page.total).toBe(0);
      expect((await list({ foundTo: '2026-03-02' })).page.total).toBe(1);

      // The photo of the live notice, audited as the public portal's attachment read; nothing else.
      const photo = await app.inject({
        method: 'GET',
        url: '/api/public/family-search/notice-photo',
        query: { number: second.number },
      });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.headers['cache-control']).toBe('no-store');
      const read = await core.db.kysely
        .selectFrom('auditLog')
        .select(['actorUsername', 'subjectPersonId'])
        .where('action', '=', 'attachment.read')
        .execute();
      expect(read).toEqual([{ actorUsername: 'public-portal', subjectPersonId: live.personId }]);
      for (const number of [first.number, other.number, 'nope'])
        expect(
          (
            await app.inject({
              method: 'GET',
              url: '/api/public/family-search/notice-photo',
              query: { number },
            })
          ).statusCode,
        ).toBe(404);

      // Identified: gone at once, photo included.
      await core.db.kysely
        .updateTable('rescueCases')
        .set({ identityStatus: 'identified' })
        .where('id', '=', live.id)
        .execute();
      expect((await list()).page.total).toBe(0);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/public/family-search/notice-photo',
            query: { number: second.number },
          })
        ).statusCode,
      ).toBe(404);
    });

    it('files a report into the family search, lists it minimised with consent, answers its status by code, and drops it when found', async () => {
      const { app, core, clock } = await testApp(t.db);
      clock.set('2026-03-02T02:00:00.000Z');
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/family-search/reports',
        payload: report,
      });
      expect(res.statusCode).toBe(201);
      const receipt = res.json<{
        receipt: string;
        queryCode: string;
        officeName: string;
        published: boolean;
      }>();
      expect(receipt.receipt).toMatch(/^XQ20260302[0-9A-Z]{6}$/);
      expect(receipt.queryCode).toMatch(/^[0-9A-Z]{8}$/);
      expect(receipt).toMatchObject({ officeName: '长沙市芙蓉区民政局', published: true });
      const hidden = await app.inject({
        method: 'POST',
        url: '/api/public/family-search/reports',
        payload: { ...report, name: '李四', consentPublish: false },
      });
      expect(hidden.statusCode).toBe(201);

      // Stored as a matching-line report of the lost place's county, in the three-way search feed; the
      // query code only as its keyed hash.
      const row = await core.db.kysely
        .selectFrom('publicMissingReports as p')
        .innerJoin('missingPersonReports as r', 'r.id', 'p.reportId')
        .select(['p.codeHash', 'r.id', 'r.divisionCode', 'r.createdBy', 'r.contactPhone'])
        .where('p.receipt', '=', receipt.receipt)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        divisionCode: '430102',
        createdBy: 'public-portal',
        contactPhone: '13912345678',
      });
      expect(row.codeHash).not.toContain(receipt.queryCode);
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      const feed = await core.db.kysely
        .selectFrom('familySearchEntries')
        .select(['kind', 'status'])
        .where('id', '=', row.id)
        .execute();
      expect(feed).toEqual([{ kind: 'missing-report', status: 'active' }]);

      const publicList = async () => {
        const r = await app.inject({ method: 'GET', url: '/api/public/family-search/reports' });
        expect(r.statusCode).toBe(200);
        return { page: r.json<ReportPage>(), body: r.body };
      };
      const { page, body } = await publicList();
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({
        receipt: receipt.receipt,
        name: '王小红',
        lostCountyName: '长沙市芙蓉区',
        officeName: '长沙市芙蓉区民政局',
        submittedOn: '2026-03-02',
      });
      for (const leak of ['13912345678', '王建国', row.id, receipt.queryCode, '李四'])
        expect(body).not.toContain(leak);

      const status = (code: string, r = receipt.receipt) =>
        app.inject({
          method: 'POST',
          url: '/api/public/family-search/reports/status',
          payload: { receipt: r, code },
        });
      const wrong = await status('ZZZZZZZZ');
      expect(wrong.statusCode).toBe(404);
      expect(wrong.json<{ error: { code: string } }>().error.code).toBe('PUBLIC_REPORT_NOT_FOUND');
      expect((await status(receipt.queryCode, 'XQ20260302AAAAAA')).statusCode).toBe(404);
      const open = await status(receipt.queryCode.toLowerCase());
      expect(open.statusCode).toBe(200);
      expect(open.json()).toEqual({
        receipt: receipt.receipt,
        status: 'open',
        statusLabel: '处理中',
        officeName: '长沙市芙蓉区民政局',
      });

      // A clerk of the county marks it found: out of the public list at once, status 已找到.
      const clerk = await aUser(core, { role: 'county_reviewer', divisionCode: '430102' });
      await changeMissingReportStatus(core, clerk.actor, row.id, {
        status: 'found',
        reason: '已在救助站找到',
      });
      expect((await publicList()).page.total).toBe(0);
      expect((await status(receipt.queryCode)).json()).toMatchObject({
        status: 'found',
        statusLabel: '已找到',
      });

      // Withdrawn: out of view as well, status 已撤回.
      const again = await app.inject({
        method: 'POST',
        url: '/api/public/family-search/reports',
        payload: { ...report, name: '赵六' },
      });
      const r2 = again.json<{ receipt: string; queryCode: string }>();
      expect((await publicList()).page.total).toBe(1);
      const id2 = await core.db.kysely
        .selectFrom('publicMissingReports')
        .select('reportId')
        .where('receipt', '=', r2.receipt)
        .executeTakeFirstOrThrow();
      await changeMissingReportStatus(core, clerk.actor, id2.reportId, {
        status: 'withdrawn',
        reason: '家属撤回',
      });
      expect((await publicList()).page.total).toBe(0);
      expect((await status(r2.queryCode, r2.receipt)).json()).toMatchObject({ statusLabel: '已撤回' });
    });

    it('refuses bad input with field errors (422), NUL (400), and too many requests (429, in Chinese)', async () => {
      const { app, clock } = await testApp(t.db, { publicWriteLimit: 3 });
      clock.set('2026-03-02T02:00:00.000Z');
      const post = (payload: object) =>
        app.inject({ method: 'POST', url: '/api/public/family-search/reports', payload });
      const bad = await post({
        ...report,
        sex: null,
        lostCountyCode: '430100',
        contactPhone: '123',
        lostOn: '2027-01-01',
      });
      expect(bad.statusCode).toBe(422);
      const err = bad.json<{ error: { code: string; details: { issues: { field: string }[] } } }>().error;
      expect(err.code).toBe('PUBLIC_REPORT_INVALID');
      expect(err.details.issues.map((i) => i.field).sort()).toEqual(
        ['contactPhone', 'lostCountyCode', 'lostOn', 'sex'].sort(),
      );
      const nul = await post({ ...report, features: 'a\u0000b' });
      expect(nul.statusCode).toBe(400);
      expect((await post(report)).statusCode).toBe(201);
      const limited = await post(report);
      expect(limited.statusCode).toBe(429);
      expect(limited.json<{ error: { message: string } }>().error.message).toMatch(/操作过于频繁/);

      // Reads: ten times the write limit over the same window.
      let last = 0;
      for (let i = 0; i < 31; i++)
        last = (await app.inject({ method: 'GET', url: '/api/public/family-search/notices' })).statusCode;
      expect(last).toBe(429);
    });
  },
  { lines: [matchingLine, rescueLine] },
);
