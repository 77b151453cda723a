import { registerMarriage } from '@social-affairs/core/marriage';
import { describeEachDatabase } from '@social-affairs/core/testing';
import {
  aCouple,
  aDivorceApplication,
  aMarriageDesk,
  aResidentId,
} from '@social-affairs/core/marriage/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'marriage routes',
  (t) => {
    async function setUp(opts: { publicWriteLimit?: number } = {}) {
      const { app, core, signIn } = await testApp(t.db, opts);
      const desk = await aMarriageDesk(core, { county: '430181' });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: desk.registrar.username, password: 'Passw0rd-test' },
      });
      const cookie = `sap_session=${login.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`;
      // The registrar's own requests.
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
      const post = (url: string, payload: object) =>
        app.inject({ method: 'POST', url, headers: { cookie }, payload });
      // The public booking's requests: no session.
      const publicPost = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
      return { app, core, desk, cookie, signIn, get, post, publicPost };
    }

    it('registers through the API, refuses with every reason and a notice, and prints the certificate', async () => {
      const { desk, get, post } = await setUp();
      const couple = aCouple(desk.registry.id);
      const ok = await post('/api/marriage/registrations', couple);
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({
        certificateNo: `J${desk.registry.code}-2026-000001`,
        husband: { residentIdMasked: expect.stringMatching(/\*{8}/) },
      });
      expect(ok.body).not.toContain(couple.husband.residentId);

      const bigamy = await post('/api/marriage/registrations', {
        ...aCouple(desk.registry.id),
        husband: couple.husband,
        declaredKinship: 'first_cousins',
      });
      expect(bigamy.statusCode).toBe(422);
      const err = bigamy.json<{
        error: {
          code: string;
          details: { reasons: { code: string }[]; conflicts: unknown[]; refusalId: string };
        };
      }>().error;
      expect(err.code).toBe('MARRIAGE_REFUSED');
      expect(err.details.reasons.map((r) => r.code)).toEqual(['PROHIBITED_KINSHIP', 'PARTY_ALREADY_MARRIED']);
      expect(err.details.conflicts[0]).toMatchObject({
        party: 'husband',
        certificateNo: ok.json().certificateNo,
      });
      const notice = await get(`/api/marriage/refusals/${err.details.refusalId}/notice.pdf`);
      expect(notice.statusCode).toBe(200);
      expect(notice.headers['content-type']).toBe('application/pdf');

      const pdf = await get(`/api/marriage/marriages/${ok.json().id}/certificate.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('answers a status query only with a reason, and lists, exports and searches records masked', async () => {
      const { desk, get, post } = await setUp();
      const couple = aCouple(desk.registry.id);
      await post('/api/marriage/registrations', couple);
      // Refused by the service (not the body schema) so that the attempt is audited too (issue 11).
      const noReason = await post('/api/marriage/status-queries', { residentId: couple.wife.residentId });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json()).toMatchObject({ error: { code: 'REASON_REQUIRED' } });
      const status = await post('/api/marriage/status-queries', {
        residentId: couple.wife.residentId,
        reason: '办理补领',
      });
      expect(status.json()).toMatchObject({ code: '21', label: '初婚' });
      const list = await get('/api/marriage/marriages?q=李秀英');
      expect(list.json()).toMatchObject({ total: 1 });
      const xlsx = await get('/api/marriage/marriages/export');
      expect(xlsx.statusCode).toBe(200);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const values = JSON.stringify(wb.getWorksheet('婚姻登记档案')?.getSheetValues());
      expect(values).toContain('李秀英');
      expect(values).not.toContain(couple.wife.residentId);
    });

    it('runs a divorce through the cooling-off period over HTTP', async () => {
      const { desk, get, post } = await setUp();
      const m = (await post('/api/marriage/registrations', aCouple(desk.registry.id))).json<{ id: string }>();
      const applied = await post('/api/marriage/divorces', aDivorceApplication(m.id, desk.registry.id));
      expect(applied.statusCode).toBe(201);
      expect(applied.json()).toMatchObject({ phase: 'withdrawal', withdrawalEndsOn: '2026-12-29' });
      const early = await post(`/api/marriage/divorces/${applied.json().id}/certificate`, {
        registryId: desk.registry.id,
        husbandPresent: true,
        wifePresent: true,
        bothStillWishToDivorce: true,
        agreementConfirmed: true,
      });
      expect(early.json()).toMatchObject({ error: { code: 'COOLING_OFF_NOT_OVER' } });
      const receipt = await get(`/api/marriage/divorces/${applied.json().id}/receipt.pdf`);
      expect(receipt.headers['content-type']).toBe('application/pdf');
      const list = await get('/api/marriage/divorces?status=cooling_off');
      expect(list.json()).toHaveLength(1);
    });

    it('files a court judgment over HTTP and shows the open divorce application as terminated by it', async () => {
      const { desk, get, post } = await setUp();
      const m = (await post('/api/marriage/registrations', aCouple(desk.registry.id))).json<{ id: string }>();
      const applied = await post('/api/marriage/divorces', aDivorceApplication(m.id, desk.registry.id));
      const divorceId = applied.json<{ id: string }>().id;
      const judgment = await post(`/api/marriage/marriages/${m.id}/judgments`, {
        outcome: 'void',
        ground: 'bigamy',
        court: '浏阳市人民法院',
        caseNumber: '（2026）湘0181民初3001号',
        judgmentDate: '2026-11-20',
        effectiveDate: '2026-11-28',
      });
      expect(judgment.statusCode).toBe(201);
      expect(judgment.json()).toMatchObject({ outcome: 'void', terminatedDivorceId: divorceId });
      const open = await get('/api/marriage/divorces?status=cooling_off');
      expect(open.json()).toEqual([]);
      const closed = await get('/api/marriage/divorces?status=terminated_by_judgment');
      expect(closed.json()).toEqual([
        expect.objectContaining({
          id: divorceId,
          status: 'terminated_by_judgment',
          phase: 'closed',
          closedOn: '2026-11-29',
          judgment: expect.objectContaining({ caseNumber: '（2026）湘0181民初3001号', outcome: 'void' }),
        }),
      ]);
    });

    it('refers a coercion annulment to the court and lists registries publicly', async () => {
      const { app, post } = await setUp();
      const r = await post('/api/marriage/annulment-applications', { ground: 'coercion' });
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe('ANNULMENT_BY_COURT_ONLY');
      const pub = await app.inject({ method: 'GET', url: '/api/marriage/registries?division=430100' });
      expect(pub.json()).toEqual([
        expect.objectContaining({
          divisionCode: '430181',
          competence: 'mainland',
          prefectureCode: '430100',
          prefectureName: '长沙市',
          countyCode: '430181',
          countyName: '浏阳市',
        }),
      ]);
    });

    it('serves the import template and imports a CSV with a per-row report', async () => {
      const { app, cookie, get, post } = await setUp();
      const template = await get('/api/marriage/imports/template.xlsx');
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-type']).toContain('spreadsheetml');
      const { IMPORT_COLUMNS } = await import('@social-affairs/core/marriage');
      const header = IMPORT_COLUMNS.map((c) => c.header).join(',');
      const bad = IMPORT_COLUMNS.map(
        (c) =>
          ({ husbandName: '张三', wifeName: '李四', registeredOn: '1990-13-01', registryName: '浏阳' })[
            c.key as string
          ] ?? '',
      ).join(',');
      const res = await post('/api/marriage/imports', {
        fileName: 'a.csv',
        format: 'csv',
        content: `${header}\n${bad}`,
        divisionCode: '430181',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        totalRows: 1,
        failedRows: 1,
        rows: [{ rowNo: 2, status: 'failed', messages: [{ code: 'DATE_INVALID', field: 'registeredOn' }] }],
      });
      const list = await app.inject({ method: 'GET', url: '/api/marriage/imports', headers: { cookie } });
      expect(list.json()).toHaveLength(1);
    });

    it('lists back-filled rows awaiting a match, exports them masked and resolves one over HTTP', async () => {
      const { get, post } = await setUp();
      const { IMPORT_COLUMNS } = await import('@social-affairs/core/marriage');
      const wifeId = aResidentId('430181', '1962-02-02', 'female');
      const values: Record<string, string> = {
        kind: '结婚',
        registeredOn: '1990-05-01',
        registryName: '浏阳市民政局婚姻登记处',
        husbandName: '罗德胜',
        husbandBirthDate: '1960-01-01',
        wifeName: '邓秀兰',
        wifeId,
        crossBorder: '内地',
        status: '存续',
      };
      const content = [
        IMPORT_COLUMNS.map((c) => c.header).join(','),
        IMPORT_COLUMNS.map((c) => values[c.key] ?? '').join(','),
      ].join('\n');
      const imported = await post('/api/marriage/imports', {
        fileName: 'old.csv',
        format: 'csv',
        content,
        divisionCode: '430181',
      });
      const importId = imported.json<{ id: string }>().id;
      const list = await get('/api/marriage/awaiting-matches?q=luo&page=1&pageSize=10');
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({
        total: 1,
        items: [
          {
            importId,
            rowNo: 2,
            fileName: 'old.csv',
            husband: { name: '罗德胜', residentIdMasked: null, birthDate: '1960-01-01' },
            wife: { name: '邓秀兰', residentIdMasked: expect.stringMatching(/\*{8}/) },
          },
        ],
      });
      expect(list.body).not.toContain(wifeId);
      const xlsx = await get('/api/marriage/awaiting-matches/export?q=罗');
      expect(xlsx.statusCode).toBe(200);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('补录待匹配');
      // Title, export time and exporter, filter, then the header row (issue 13 item 7).
      expect(sheet?.getRow(5).getCell(6).value).toBe('罗德胜');
      expect(sheet?.getRow(5).getCell(7).value).toBe('无身份证号（出生 1960-01-01）');
      expect(JSON.stringify(sheet?.getSheetValues())).not.toContain(wifeId);

      const resolved = await post(`/api/marriage/imports/${importId}/rows/2/resolve`, {
        husbandAsNewPerson: true,
      });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json()).toMatchObject({ status: 'matched', marriageId: expect.any(String) });
      const after = await get('/api/marriage/awaiting-matches');
      expect(after.json()).toMatchObject({ total: 0, items: [] });
    });

    it('serves the statistics and their Excel export', async () => {
      const { desk, get, post } = await setUp();
      await post('/api/marriage/registrations', aCouple(desk.registry.id));
      const stats = await get('/api/marriage/statistics?division=430181');
      expect(stats.json()).toMatchObject({ rows: [{ divisionCode: '430181', total: 1 }] });
      const xlsx = await get('/api/marriage/statistics/export?division=430181');
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('婚姻登记统计');
      expect(sheet?.getRow(1).getCell(3).value).toBe('内地居民结婚登记');
      expect(sheet?.getRow(2).getCell(3).value).toBe(1);
      expect(sheet?.getRow(3).getCell(2).value).toBe('合计');
    });

    it('books a public appointment and shows it on the registrar’s list for that day', async () => {
      const { app, desk, get, publicPost } = await setUp();
      const avail = await app.inject({
        method: 'GET',
        url: `/api/marriage/availability?registryId=${desk.registry.id}`,
      });
      expect(avail.json().days[0]).toEqual({ date: '2026-11-30', am: 20, pm: 20 });
      const booked = await publicPost('/api/marriage/appointments', {
        registryId: desk.registry.id,
        date: '2026-11-30',
        halfDay: 'pm',
        service: 'marriage',
        applicantName: '王建国',
        partnerName: '李秀英',
        applicantResidentId: aResidentId('430181', '1995-04-12', 'male'),
        partnerResidentId: aResidentId('430181', '1997-08-30', 'female'),
        phone: '13812345678',
      });
      expect(booked.statusCode).toBe(201);
      expect(booked.json()).toMatchObject({ slotNo: 1, halfDay: 'pm' });
      const list = await get(`/api/marriage/appointments?registryId=${desk.registry.id}&date=2026-11-30`);
      expect(list.json()).toEqual([
        expect.objectContaining({ applicantName: '王建国', phoneMasked: '138****5678' }),
      ]);
    });

    it('lets the couple look up, move and cancel their booking with the reference and phone, without logging in', async () => {
      const { desk, publicPost } = await setUp();
      const booking = {
        registryId: desk.registry.id,
        date: '2026-11-30',
        halfDay: 'am',
        service: 'marriage',
        applicantName: '王建国',
        partnerName: '李秀英',
        applicantResidentId: aResidentId('430181', '1995-04-12', 'male'),
        partnerResidentId: aResidentId('430181', '1997-08-30', 'female'),
        phone: '13812345678',
      };
      const partner = booking.partnerResidentId;
      const refused = await publicPost('/api/marriage/appointments', {
        ...booking,
        // one wrong character: the check digit no longer fits
        partnerResidentId: `${partner.slice(0, 16)}${partner[16] === '2' ? '4' : '2'}${partner.slice(17)}`,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        error: { code: expect.stringMatching(/^RESIDENT_ID_/), details: { field: 'partnerResidentId' } },
      });
      const booked = await publicPost('/api/marriage/appointments', booking);
      const reference = booked.json<{ reference: string }>().reference;
      const found = await publicPost('/api/marriage/appointments/lookup', {
        reference,
        phone: '13812345678',
      });
      expect(found.statusCode).toBe(200);
      expect(found.json()).toMatchObject({
        reference,
        status: 'booked',
        phoneMasked: '138****5678',
        officeHours: expect.any(String),
      });
      const wrong = await publicPost('/api/marriage/appointments/lookup', {
        reference,
        phone: '13800000000',
      });
      expect(wrong.statusCode).toBe(404);
      const moved = await publicPost('/api/marriage/appointments/reschedule', {
        reference,
        phone: '13812345678',
        date: '2026-12-02',
        halfDay: 'pm',
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ reference, date: '2026-12-02', halfDay: 'pm', slotNo: 1 });
      const cancelled = await publicPost('/api/marriage/appointments/cancel', {
        reference,
        phone: '13812345678',
      });
      expect(cancelled.statusCode).toBe(204);
      const after = await publicPost('/api/marriage/appointments/lookup', {
        reference,
        phone: '13812345678',
      });
      expect(after.json()).toMatchObject({ status: 'cancelled' });
    });

    it('answers 409 to all but one of ten parallel bookings of the same couple (issue 11)', async () => {
      const { desk, publicPost } = await setUp();
      const husband = aResidentId('430181', '1995-04-12', 'male');
      const wife = aResidentId('430181', '1997-08-30', 'female');
      const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          publicPost('/api/marriage/appointments', {
            registryId: desk.registry.id,
            date: days[i % days.length],
            halfDay: i < 5 ? 'am' : 'pm',
            service: 'marriage',
            applicantName: '王建国',
            partnerName: '李秀英',
            applicantResidentId: husband,
            partnerResidentId: wife,
            phone: '13812345678',
          }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
      for (const r of results.filter((x) => x.statusCode === 409))
        expect(r.json()).toMatchObject({ error: { code: 'APPOINTMENT_COUPLE_ALREADY_BOOKED' } });
    });

    it('serves a couple married elsewhere from their presented ids, never from a record id out of scope (issue 11)', async () => {
      const { core, desk, post } = await setUp();
      const furong = await aMarriageDesk(core, { county: '430102' });
      const couple = aCouple(furong.registry.id, { county: '430102' });
      const marriage = await registerMarriage(core, furong.registrar, couple);
      const parties = {
        husbandResidentId: couple.husband.residentId ?? '',
        wifeResidentId: couple.wife.residentId ?? '',
      };
      const { marriageId: _ignored, ...application } = aDivorceApplication(marriage.id, desk.registry.id);
      expect(
        (await post('/api/marriage/divorces', { ...application, marriageId: marriage.id })).statusCode,
      ).toBe(404);
      const both = await post('/api/marriage/divorces', { ...application, marriageId: marriage.id, parties });
      expect(both.statusCode).toBe(400);
      const found = await post('/api/marriage/marriages/by-parties', parties);
      expect(found.statusCode).toBe(200);
      expect(found.json()).toMatchObject([{ id: marriage.id, registryName: furong.registry.name }]);
      expect(found.body).not.toContain(parties.husbandResidentId);
      const accepted = await post('/api/marriage/divorces', { ...application, parties });
      expect(accepted.statusCode).toBe(201);
      expect(accepted.json()).toMatchObject({ marriageId: marriage.id, divisionCode: '430181' });
      const reissue = {
        registryId: desk.registry.id,
        certificate: 'marriage',
        applicant: 'both',
        archiveConfirmed: true,
      };
      expect((await post('/api/marriage/reissues', { ...reissue, marriageId: marriage.id })).statusCode).toBe(
        404,
      );
      expect((await post('/api/marriage/reissues', { ...reissue, parties })).statusCode).toBe(201);
    });

    it('limits the public booking writes per address: past the limit 429 RATE_LIMITED, and nothing is booked', async () => {
      const { core, desk, publicPost } = await setUp({ publicWriteLimit: 3 });
      const booking = (partnerResidentId: string) =>
        publicPost('/api/marriage/appointments', {
          registryId: desk.registry.id,
          date: '2026-11-30',
          halfDay: 'am',
          service: 'marriage',
          applicantName: '王建国',
          partnerName: '李秀英',
          applicantResidentId: aResidentId('430181', '1995-04-12', 'male'),
          partnerResidentId,
          phone: '13812345678',
        });
      const good = aResidentId('430181', '1997-08-30', 'female');
      const wrongCheckDigit = `${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`;
      for (let i = 0; i < 3; i++) {
        const bad = await booking(wrongCheckDigit); // refused, and counted
        expect(bad.statusCode).toBe(422);
      }
      const limited = await booking(good);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({
        error: { code: 'RATE_LIMITED', message: expect.stringContaining('后再试') },
      });
      expect(limited.headers['retry-after']).toBeDefined();
      const booked = await core.db.kysely
        .selectFrom('marriageAppointments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(booked.n)).toBe(0);
    });
  },
  { lines: serverManifests },
);
