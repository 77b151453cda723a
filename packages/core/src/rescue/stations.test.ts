import { isDomainError, type PlainDate } from '@social-affairs/kernel';
import type { NewRescuePartnerBody, NewRescueStationBody } from '@social-affairs/kernel/contracts/rescue';
import { expect, it } from 'vitest';
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import {
  inspectionsDueTodo,
  listInspections,
  partnersDueForInspection,
  recordInspection,
} from './inspections.service';
import { rescueLine } from './line';
import {
  createRescueAgreement,
  createRescuePartner,
  getRescueAgreement,
  getRescuePartner,
  listRescueAgreements,
  listRescuePartners,
  terminateRescueAgreement,
  updateRescuePartner,
} from './partners.service';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';
import { assertDormitoryFor, ensurePartnerAcceptsPlacement } from './stations.guards';
import { seedStationsDemo } from './stations.seed';
import {
  addDormitory,
  createRescueStation,
  getRescueStation,
  listDormitories,
  listRescueStations,
  updateDormitoryOf,
  updateRescueStation,
} from './stations.service';

// 2026-03-02 (Monday) 09:00 Beijing.
const NOW = '2026-03-02T01:00:00.000Z';
const TODAY = '2026-03-02' as PlainDate;

async function refused(p: Promise<unknown>): Promise<{ code: string; kind: string }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isDomainError(e)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return { code: e.code, kind: e.kind };
}

const stationBody = (over: Partial<NewRescueStationBody> = {}): NewRescueStationBody => ({
  name: '芙蓉区救助管理站',
  divisionCode: '430102',
  address: '远大一路 1 号',
  hotline: '0731-12345678',
  receptionAllDay: true,
  hotlineAllDay: true,
  hotlineInDirectory: true,
  capacityMale: 20,
  capacityFemale: 10,
  ...over,
});

const partnerBody = (over: Partial<NewRescuePartnerBody> = {}): NewRescuePartnerBody => ({
  kind: 'foster',
  name: '测试托养中心',
  divisionCode: '430102',
  ownership: 'private',
  capacity: 30,
  address: '测试路 2 号',
  contactName: '王某',
  contactPhone: '13800000000',
  ...over,
});

interface World {
  ctx: CoreContext;
  a: RescueStationFixture;
  b: RescueStationFixture;
  sup: Actor;
  outsider: Actor;
}

async function world(db: Parameters<typeof testContext>[0]): Promise<World> {
  const ctx = testContext(db, new ManualClock(NOW));
  const a = await aRescueStation(ctx, { county: '430102' });
  const b = await aRescueStation(ctx, { county: '430102' });
  const sup = (await aUser(ctx, { role: 'supervisor', divisionCode: '430102' })).actor;
  const outsider = (await aUser(ctx, { role: 'supervisor', divisionCode: '430181' })).actor;
  return { ctx, a, b, sup, outsider };
}

async function agreementOf(w: World, partnerId: string, over: { places?: number; no?: string } = {}) {
  return createRescueAgreement(w.ctx, w.sup, {
    agreementNo: over.no ?? `协-${partnerId.slice(0, 8)}`,
    stationId: w.a.id,
    partnerId,
    validFrom: '2026-01-01' as PlainDate,
    validUntil: '2026-12-31' as PlainDate,
    places: over.places ?? 5,
  });
}

describeEachDatabase(
  'rescue stations, partners, agreements and inspections (R-RES-04, R-RES-13, R-RES-14)',
  (t) => {
    it('R-RES-04 TC: a female recipient to a male dormitory is rejected; closed or full dormitories 409', async () => {
      const w = await world(t.db);
      const k = w.ctx.db.kysely;
      const sexMismatch = await refused(assertDormitoryFor(k, w.a.id, w.a.maleDormitoryId, 'female'));
      expect(sexMismatch).toEqual({ code: 'RESCUE_DORMITORY_SEX_MISMATCH', kind: 'invalid' });
      expect((await assertDormitoryFor(k, w.a.id, w.a.femaleDormitoryId, 'female')).sex).toBe('female');
      // Another station's dormitory.
      expect((await refused(assertDormitoryFor(k, w.a.id, w.b.maleDormitoryId, 'male'))).code).toBe(
        'RESCUE_DORMITORY_UNKNOWN',
      );
      // Full: one bed, one man in it; moving that same man is fine.
      const small = await addDormitory(w.ctx, w.sup, w.a.id, { name: '观察室', sex: 'male', beds: 1 });
      const c = await aRescueCase(w.ctx, w.a, { sex: 'male' });
      await k.updateTable('rescueCases').set({ dormitoryId: small.id }).where('id', '=', c.id).execute();
      expect(await refused(assertDormitoryFor(k, w.a.id, small.id, 'male'))).toEqual({
        code: 'RESCUE_DORMITORY_FULL',
        kind: 'conflict',
      });
      expect((await assertDormitoryFor(k, w.a.id, small.id, 'male', { exceptCaseId: c.id })).id).toBe(
        small.id,
      );
      // Closing an occupied dormitory is refused; an empty one closes and then refuses assignments.
      expect(
        (
          await refused(
            updateDormitoryOf(w.ctx, w.sup, small.id, { name: '观察室', beds: 1, status: 'closed' }),
          )
        ).code,
      ).toBe('RESCUE_DORMITORY_OCCUPIED');
      await aRescueCase(w.ctx, w.a, { sex: 'male' });
      expect(
        (
          await refused(
            updateDormitoryOf(w.ctx, w.sup, w.a.maleDormitoryId, {
              name: '男宿舍一',
              beds: 0,
              status: 'active',
            }),
          )
        ).code,
      ).toBe('RESCUE_DORMITORY_OCCUPIED');
      await updateDormitoryOf(w.ctx, w.sup, w.a.femaleDormitoryId, {
        name: '女宿舍一',
        beds: 10,
        status: 'closed',
      });
      expect(await refused(assertDormitoryFor(k, w.a.id, w.a.femaleDormitoryId, 'female'))).toEqual({
        code: 'RESCUE_DORMITORY_CLOSED',
        kind: 'conflict',
      });
      // Duplicate name in the station → 409.
      expect(
        (await refused(addDormitory(w.ctx, w.sup, w.a.id, { name: '观察室', sex: 'female', beds: 2 }))).code,
      ).toBe('RESCUE_DORMITORY_NAME_TAKEN');
      const dorms = await listDormitories(w.ctx, w.a.staff, w.a.id);
      expect(dorms.find((d) => d.id === small.id)?.occupied).toBe(1);
    });

    it('creates a station (institution + profile) with rescue:manage; edits with a version; occupancy by sex', async () => {
      const w = await world(t.db);
      const s = await createRescueStation(w.ctx, w.sup, stationBody());
      const inst = await w.ctx.db.kysely
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      expect(inst.kind).toBe('rescue_station');
      expect((await refused(createRescueStation(w.ctx, w.sup, stationBody()))).code).toBe(
        'RESCUE_STATION_NAME_TAKEN',
      );
      expect(
        (await refused(createRescueStation(w.ctx, w.a.staff, stationBody({ name: '另一站' })))).kind,
      ).toBe('forbidden');
      expect(
        (
          await refused(
            createRescueStation(w.ctx, w.sup, stationBody({ name: '外县站', divisionCode: '430181' })),
          )
        ).code,
      ).toBe('DIVISION_OUT_OF_SCOPE');
      const edited = await updateRescueStation(w.ctx, w.sup, s.id, {
        ...stationBody(),
        version: s.version,
        capacityMale: 25,
        status: 'active',
      });
      expect(edited.capacityMale).toBe(25);
      expect(
        (
          await refused(
            updateRescueStation(w.ctx, w.sup, s.id, {
              ...stationBody(),
              version: s.version,
              status: 'active',
            }),
          )
        ).code,
      ).toBe('RESCUE_VERSION_CONFLICT');
      await aRescueCase(w.ctx, w.a, { sex: 'female' });
      await aRescueCase(w.ctx, w.a, { sex: 'male' });
      await aRescueCase(w.ctx, w.a, { sex: 'male', status: 'departed' });
      const detail = await getRescueStation(w.ctx, w.a.staff, w.a.id);
      expect(detail.occupancy).toEqual({ male: 1, female: 1 });
      expect(detail.dormitories).toHaveLength(2);
      // Station staff list their own station only; county staff all of the county.
      expect((await listRescueStations(w.ctx, w.a.staff)).map((x) => x.id)).toEqual([w.a.id]);
      const county = (await listRescueStations(w.ctx, w.a.countyStaff)).map((x) => x.id);
      expect(county).toEqual(expect.arrayContaining([w.a.id, w.b.id, s.id]));
      const audits = await w.ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', s.id)
        .execute();
      expect(audits.map((r) => r.action)).toEqual(
        expect.arrayContaining(['institution.create', 'rescue.station.create', 'rescue.station.update']),
      );
    });

    it('scope: a sibling station’s staff get 404 on each record; writes naming another county’s record → 404', async () => {
      const w = await world(t.db);
      const p = await createRescuePartner(w.ctx, w.sup, partnerBody());
      const ag = await agreementOf(w, p.id);
      for (const call of [
        () => getRescueStation(w.ctx, w.b.staff, w.a.id),
        () => listDormitories(w.ctx, w.b.staff, w.a.id),
        () => getRescueAgreement(w.ctx, w.b.staff, ag.id),
        () => listRescueAgreements(w.ctx, w.b.staff, { stationId: w.a.id }),
        () => getRescueStation(w.ctx, w.outsider, w.a.id),
        () => getRescuePartner(w.ctx, w.outsider, p.id),
        () =>
          updateDormitoryOf(w.ctx, w.outsider, w.a.maleDormitoryId, {
            name: 'x',
            beds: 10,
            status: 'active',
          }),
        () => addDormitory(w.ctx, w.outsider, w.a.id, { name: 'x', sex: 'male', beds: 1 }),
        () =>
          updateRescueStation(w.ctx, w.outsider, w.a.id, { ...stationBody(), version: 1, status: 'active' }),
        () =>
          updateRescuePartner(w.ctx, w.outsider, p.id, {
            ...partnerBody(),
            version: 1,
            status: 'active',
            qualificationNote: null,
          }),
        () =>
          recordInspection(w.ctx, w.outsider, p.id, {
            inspectedOn: TODAY,
            inspector: '某',
            findings: '无',
            result: 'qualified',
            rectifyBy: null,
            evidenceIds: [],
          }),
        () => terminateRescueAgreement(w.ctx, w.outsider, ag.id, { terminatedOn: TODAY, reason: '测试终止' }),
      ]) {
        expect((await refused(call())).code).toBe('NOT_FOUND');
      }
      // An agreement naming another county's station or partner: 404 like a read.
      const outsiderStation = await aRescueStation(w.ctx, { county: '430181' });
      expect(
        (
          await refused(
            createRescueAgreement(w.ctx, w.sup, {
              agreementNo: 'X-1',
              stationId: outsiderStation.id,
              partnerId: p.id,
              validFrom: '2026-01-01' as PlainDate,
              validUntil: '2026-12-31' as PlainDate,
              places: 1,
            }),
          )
        ).code,
      ).toBe('NOT_FOUND');
      // Station staff see the county's partners (a shared county registry) and their own agreements only.
      expect((await getRescuePartner(w.ctx, w.b.staff, p.id)).id).toBe(p.id);
      const listed = await listRescuePartners(w.ctx, w.b.staff, { page: 1, pageSize: 20 });
      expect(listed.items.map((x) => x.id)).toEqual([p.id]);
      expect((await listRescuePartners(w.ctx, w.outsider, { page: 1, pageSize: 20 })).total).toBe(0);
      expect(await listRescueAgreements(w.ctx, w.b.staff)).toEqual([]);
      expect((await listRescueAgreements(w.ctx, w.a.staff)).map((x) => x.id)).toEqual([ag.id]);
      // Station staff cannot manage.
      expect(
        (await refused(createRescuePartner(w.ctx, w.a.staff, partnerBody({ name: '另一家' })))).kind,
      ).toBe('forbidden');
    });

    it('R-RES-13 TC: an institution flagged unqualified blocks new placements; agreement missing, ended or full → 409', async () => {
      const w = await world(t.db);
      const k = w.ctx.db.kysely;
      const p = await createRescuePartner(w.ctx, w.sup, partnerBody());
      const check = { stationId: w.a.id, partnerId: p.id, on: TODAY };
      expect(await refused(ensurePartnerAcceptsPlacement(k, check))).toEqual({
        code: 'RESCUE_AGREEMENT_MISSING',
        kind: 'conflict',
      });
      const ag = await agreementOf(w, p.id, { places: 2 });
      expect((await ensurePartnerAcceptsPlacement(k, check)).id).toBe(ag.id);
      expect((await ensurePartnerAcceptsPlacement(k, { ...check, placedCount: 1 })).id).toBe(ag.id);
      expect((await refused(ensurePartnerAcceptsPlacement(k, { ...check, placedCount: 2 }))).code).toBe(
        'RESCUE_AGREEMENT_FULL',
      );
      // Outside the agreement's period; another station without its own agreement.
      expect((await refused(ensurePartnerAcceptsPlacement(k, { ...check, on: '2027-01-01' }))).code).toBe(
        'RESCUE_AGREEMENT_MISSING',
      );
      expect((await refused(ensurePartnerAcceptsPlacement(k, { ...check, stationId: w.b.id }))).code).toBe(
        'RESCUE_AGREEMENT_MISSING',
      );
      // Under rectification: still accepted (flagged); unqualified: blocked.
      await recordInspection(w.ctx, w.sup, p.id, {
        inspectedOn: '2026-02-01' as PlainDate,
        inspector: '周敏',
        findings: '护理人员不足',
        result: 'rectify',
        rectifyBy: '2026-03-01' as PlainDate,
        evidenceIds: [],
      });
      expect((await getRescuePartner(w.ctx, w.sup, p.id)).qualification).toBe('under_rectification');
      expect((await ensurePartnerAcceptsPlacement(k, check)).id).toBe(ag.id);
      await recordInspection(w.ctx, w.sup, p.id, {
        inspectedOn: TODAY,
        inspector: '周敏',
        findings: '逾期未整改，存在安排受助人员劳动情况',
        result: 'unqualified',
        rectifyBy: null,
        evidenceIds: [],
      });
      expect(await refused(ensurePartnerAcceptsPlacement(k, check))).toEqual({
        code: 'RESCUE_PARTNER_UNQUALIFIED',
        kind: 'conflict',
      });
      // No new agreement with it either.
      expect((await refused(agreementOf(w, p.id, { no: '协-新' }))).code).toBe('RESCUE_PARTNER_UNQUALIFIED');
      // A follow-up inspection restores it.
      await recordInspection(w.ctx, w.sup, p.id, {
        inspectedOn: TODAY,
        inspector: '周敏',
        findings: '复查：已整改到位',
        result: 'qualified',
        rectifyBy: null,
        evidenceIds: [],
      });
      expect((await ensurePartnerAcceptsPlacement(k, check)).id).toBe(ag.id);
      // Terminated agreement → missing; terminating twice → 409.
      await terminateRescueAgreement(w.ctx, w.sup, ag.id, {
        terminatedOn: TODAY,
        reason: '机构整改期间终止合作',
      });
      expect((await refused(ensurePartnerAcceptsPlacement(k, check))).code).toBe('RESCUE_AGREEMENT_MISSING');
      expect(
        (
          await refused(
            terminateRescueAgreement(w.ctx, w.sup, ag.id, { terminatedOn: TODAY, reason: '再次终止' }),
          )
        ).code,
      ).toBe('RESCUE_AGREEMENT_TERMINATED');
    });

    it('agreements: unique number → 409, period checked; partners: unique name, manual qualification needs a note', async () => {
      const w = await world(t.db);
      const p = await createRescuePartner(w.ctx, w.sup, partnerBody({ ownership: 'public' }));
      await agreementOf(w, p.id, { no: '湘救托〔2026〕1号' });
      expect((await refused(agreementOf(w, p.id, { no: '湘救托〔2026〕1号' }))).code).toBe(
        'RESCUE_AGREEMENT_NO_TAKEN',
      );
      expect(
        (
          await refused(
            createRescueAgreement(w.ctx, w.sup, {
              agreementNo: 'P-1',
              stationId: w.a.id,
              partnerId: p.id,
              validFrom: '2026-12-31' as PlainDate,
              validUntil: '2026-01-01' as PlainDate,
              places: 1,
            }),
          )
        ).code,
      ).toBe('RESCUE_AGREEMENT_PERIOD');
      expect((await refused(createRescuePartner(w.ctx, w.sup, partnerBody()))).code).toBe(
        'RESCUE_PARTNER_NAME_TAKEN',
      );
      const full = { ...partnerBody({ ownership: 'public' }), version: p.version, status: 'active' as const };
      expect(
        (
          await refused(
            updateRescuePartner(w.ctx, w.sup, p.id, {
              ...full,
              qualification: 'unqualified',
              qualificationNote: null,
            }),
          )
        ).code,
      ).toBe('RESCUE_QUALIFICATION_NOTE_REQUIRED');
      const flagged = await updateRescuePartner(w.ctx, w.sup, p.id, {
        ...full,
        qualification: 'unqualified',
        qualificationNote: '消防部门通报：无消防验收',
      });
      expect(flagged.qualification).toBe('unqualified');
      expect(
        (await refused(updateRescuePartner(w.ctx, w.sup, p.id, { ...full, qualificationNote: null }))).code,
      ).toBe('RESCUE_VERSION_CONFLICT');
      const page = await listRescuePartners(w.ctx, w.sup, {
        qualification: 'unqualified',
        kind: 'foster',
        q: '托养',
        page: 1,
        pageSize: 10,
      });
      expect(page.items.map((x) => [x.id, x.ownership, x.activeAgreements])).toEqual([[p.id, 'public', 1]]);
      expect(page.total).toBe(1);
    });

    it('inspections: refusals, ledger, overdue rectification, due for inspection and the to-do', async () => {
      const w = await world(t.db);
      const never = await createRescuePartner(w.ctx, w.sup, partnerBody({ name: '从未检查机构' }));
      const old = await createRescuePartner(
        w.ctx,
        w.sup,
        partnerBody({ name: '久未检查机构', kind: 'hospital' }),
      );
      const fresh = await createRescuePartner(w.ctx, w.sup, partnerBody({ name: '近期检查机构' }));
      const rect = await createRescuePartner(w.ctx, w.sup, partnerBody({ name: '整改逾期机构' }));
      const base = { inspector: '周敏', findings: '检查', rectifyBy: null, evidenceIds: [] };
      // Due on the same day of the month 6 months later (addMonths): 2025-09-02 → due 2026-03-02.
      await recordInspection(w.ctx, w.sup, old.id, {
        ...base,
        inspectedOn: '2025-09-02' as PlainDate,
        result: 'qualified',
      });
      await recordInspection(w.ctx, w.sup, fresh.id, {
        ...base,
        inspectedOn: '2025-09-03' as PlainDate,
        result: 'qualified',
      });
      await recordInspection(w.ctx, w.sup, rect.id, {
        ...base,
        inspectedOn: '2026-02-01' as PlainDate,
        result: 'rectify',
        rectifyBy: '2026-03-01' as PlainDate,
      });
      expect(
        (
          await refused(
            recordInspection(w.ctx, w.sup, rect.id, {
              ...base,
              inspectedOn: '2026-01-01' as PlainDate,
              result: 'qualified',
            }),
          )
        ).code,
      ).toBe('RESCUE_INSPECTION_OUT_OF_ORDER');
      expect(
        (
          await refused(
            recordInspection(w.ctx, w.sup, rect.id, {
              ...base,
              inspectedOn: '2026-03-03' as PlainDate,
              result: 'qualified',
            }),
          )
        ).code,
      ).toBe('RESCUE_INSPECTION_DATE');
      expect(
        (
          await refused(
            recordInspection(w.ctx, w.sup, rect.id, { ...base, inspectedOn: TODAY, result: 'rectify' }),
          )
        ).code,
      ).toBe('RESCUE_RECTIFY_DEADLINE');
      expect(
        (
          await refused(
            recordInspection(w.ctx, w.a.staff, rect.id, { ...base, inspectedOn: TODAY, result: 'qualified' }),
          )
        ).kind,
      ).toBe('forbidden');
      const due = await partnersDueForInspection(w.ctx, w.sup, TODAY);
      const byId = new Map(due.map((d) => [d.partnerId, d]));
      expect(byId.get(never.id)?.reason).toBe('never');
      expect(byId.get(old.id)).toMatchObject({ reason: 'interval', dueOn: '2026-03-02' });
      expect(byId.has(fresh.id)).toBe(false);
      expect(byId.get(rect.id)).toMatchObject({ reason: 'rectification', dueOn: '2026-03-01' });
      const partner = await getRescuePartner(w.ctx, w.sup, rect.id);
      expect(partner).toMatchObject({
        qualification: 'under_rectification',
        rectifyBy: '2026-03-01',
        rectificationOverdue: true,
      });
      const ledger = await listInspections(w.ctx, w.sup, { page: 1, pageSize: 20, sort: '-inspectedOn' });
      expect(ledger.total).toBe(3);
      expect(ledger.items[0]).toMatchObject({
        partnerId: rect.id,
        result: 'rectify',
        rectificationOverdue: true,
      });
      const [todo] = await inspectionsDueTodo(w.ctx, w.sup);
      expect(todo).toMatchObject({ kind: 'rescue.inspections-due', count: 3 });
      expect(todo?.title).toContain('1 家整改逾期');
      // The other county sees none of these.
      expect(await partnersDueForInspection(w.ctx, w.outsider, TODAY)).toEqual([]);
      expect((await listInspections(w.ctx, w.outsider, { page: 1, pageSize: 20 })).total).toBe(0);
      // The follow-up clears the overdue flag.
      await recordInspection(w.ctx, w.sup, rect.id, { ...base, inspectedOn: TODAY, result: 'qualified' });
      expect((await getRescuePartner(w.ctx, w.sup, rect.id)).rectificationOverdue).toBe(false);
      const audit = await w.ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', rect.id)
        .execute();
      expect(audit.filter((r) => r.action === 'rescue.inspection.record')).toHaveLength(2);
    });

    it('demo seed: stations, partners, agreements, inspections and the station account; idempotent', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      await seedStationsDemo(ctx);
      await seedStationsDemo(ctx);
      const k = ctx.db.kysely;
      const stations = await k.selectFrom('rescueStations').select(['id', 'name']).execute();
      expect(stations.length).toBe(7);
      expect((await k.selectFrom('rescuePartners').select('id').execute()).length).toBe(6);
      const quals = await k.selectFrom('rescuePartners').select(['name', 'qualification']).execute();
      expect(quals.filter((q) => q.qualification === 'unqualified').map((q) => q.name)).toEqual([
        '长沙市康宁托养中心',
      ]);
      expect(quals.filter((q) => q.qualification === 'under_rectification').length).toBe(1);
      const u = await k
        .selectFrom('users')
        .select(['institutionId', 'role'])
        .where('username', '=', 'rescue_staff.station')
        .executeTakeFirstOrThrow();
      expect(stations.find((s) => s.id === u.institutionId)?.name).toBe('长沙市救助管理站');
    });
  },
  { lines: [rescueLine] },
);
