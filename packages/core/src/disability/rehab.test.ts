import { DomainError, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { aDisabilityCounty, aDisabledPerson } from './disability.fixtures';
import {
  closeFukangCase,
  createFukangCase,
  createRental,
  createRentalPoint,
  decideFukangCase,
  deliverFukangCase,
  listRentals,
  returnRental,
  saveDeviceItem,
  setPointStock,
} from './devices.service';
import { disabilityLine } from './line';
import { rehabPart } from './rehab.part';
import { seedRehabDemo } from './rehab.demo-seed';
import {
  createRehabInstitution,
  dischargeRehab,
  enrolRehab,
  getRehabEnrolment,
  listRehabEnrolments,
  recordRehabSession,
  rehabCoverage,
  setHomePatients,
} from './rehab.service';

const NOW = '2026-11-02T02:00:00.000Z'; // Beijing 2026-11-02

const d = (s: string) => s as PlainDate;

const code = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

const institution = (over: Partial<Parameters<typeof createRehabInstitution>[2]> = {}) => ({
  name: '测试康复中心',
  kind: 'community_rehab' as const,
  divisionCode: '430181001',
  servesDistricts: [],
  capacity: 20,
  services: ['daily_life' as const],
  address: null,
  phone: null,
  pilot: null,
  ...over,
});

describeEachDatabase(
  'disability rehabilitation and devices (R-DIS-09, R-DIS-10)',
  (t) => {
    const setup = () => testContext(t.db, new ManualClock(NOW));

    it('coverage: a county with 1 institution fails ≥ 2, a district relying on the city institution passes, 60 % of patients at home', async () => {
      const ctx = setup();
      const ly = await aDisabilityCounty(ctx);
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const inst1 = await createRehabInstitution(ctx, ly.countyClerk, institution({ name: '浏阳一站' }));
      // A township clerk does not register institutions; a city institution serves districts only.
      expect(await code(createRehabInstitution(ctx, ly.townshipClerk, institution({ name: '乡镇站' })))).toBe(
        'PERMISSION_DENIED',
      );
      expect(
        await code(
          createRehabInstitution(
            ctx,
            fr.citySupervisor,
            institution({ name: '错站', divisionCode: '430102', servesDistricts: ['430181'] }),
          ),
        ),
      ).toBe('DISABILITY_REHAB_DISTRICT_INVALID');
      await createRehabInstitution(
        ctx,
        fr.citySupervisor,
        institution({
          name: '长沙市康复中心',
          divisionCode: '430102',
          servesDistricts: ['430102', '430103'],
        }),
      );

      const people = await Promise.all([0, 1, 2, 3].map(() => aDisabledPerson(ctx, { certificate: null })));
      await setHomePatients(ctx, ly.countyClerk, {
        countyCode: '430181',
        year: 2026,
        patients: 5,
        source: '县卫健局',
      });
      for (const p of people.slice(0, 2)) {
        await enrolRehab(ctx, ly.townshipClerk, {
          institutionId: inst1.id,
          personId: p.personId,
          basis: 'home_patient',
          divisionCode: '430181001',
          enrolledOn: d('2026-03-01'),
          note: null,
        });
      }
      const cov1 = await rehabCoverage(ctx, ly.countyClerk, { year: 2026 });
      expect(cov1.counties).toHaveLength(1);
      expect(cov1.counties[0]).toMatchObject({
        countyCode: '430181',
        isDistrict: false,
        ownInstitutions: 1,
        institutionsTarget: 2,
        institutionsMet: false,
        offersServices: true,
        homePatients: 5,
        served: 2,
        servedPercent: 40,
        servedMet: false,
      });
      await createRehabInstitution(
        ctx,
        ly.countyClerk,
        institution({ name: '浏阳二站', divisionCode: '430181102' }),
      );
      await enrolRehab(ctx, ly.townshipClerk, {
        institutionId: inst1.id,
        personId: people[2]!.personId,
        basis: 'home_patient',
        divisionCode: '430181001',
        enrolledOn: d('2026-05-01'),
        note: null,
      });
      const cov2 = await rehabCoverage(ctx, ly.countyClerk, { year: 2026 });
      expect(cov2.counties[0]).toMatchObject({
        institutionsMet: true,
        served: 3,
        servedPercent: 60,
        servedMet: true,
      });

      // The city: 天心区 relies on the city institution (1 per district), 岳麓区 has none; no welfare institution.
      const city = await rehabCoverage(ctx, fr.citySupervisor, { division: '430100', year: 2026 });
      const byCode = new Map(city.counties.map((c) => [c.countyCode, c]));
      expect(byCode.get('430103')).toMatchObject({
        isDistrict: true,
        ownInstitutions: 0,
        cityInstitutions: 1,
        institutionsTarget: 1,
        institutionsMet: true,
        offersServices: true,
        homePatients: null,
        servedMet: null,
      });
      expect(byCode.get('430104')).toMatchObject({ offersServices: false, institutionsMet: false });
      expect(byCode.get('430181')).toMatchObject({ isDistrict: false, institutionsMet: true });
      expect(city.prefectures).toEqual([
        { cityCode: '430100', cityName: '长沙市', welfareInstitutions: 0, met: false },
      ]);
      expect(city.overall.offering).toBe(3);
      expect(city.overall.met).toBe(false);
      await createRehabInstitution(
        ctx,
        fr.citySupervisor,
        institution({ name: '长沙市精神卫生福利院', kind: 'mental_health_welfare', divisionCode: '430104' }),
      );
      expect(
        (await rehabCoverage(ctx, fr.citySupervisor, { division: '430100', year: 2026 })).prefectures[0]!.met,
      ).toBe(true);
    });

    it('pilot fund: one fund, one site — a split across two sites or a share of it is refused and changes nothing', async () => {
      const ctx = setup();
      const ly = await aDisabilityCounty(ctx);
      const pilot = { fundRef: '试点-2021-01', amountFen: 50_000_000, year: 2021 };
      await createRehabInstitution(ctx, ly.countyClerk, institution({ name: '试点一站', pilot }));
      const count = async () =>
        Number(
          (
            await ctx.db.kysely
              .selectFrom('institutions')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      expect(
        await code(createRehabInstitution(ctx, ly.countyClerk, institution({ name: '试点二站', pilot }))),
      ).toBe('DISABILITY_PILOT_FUND_SPLIT');
      expect(
        await code(
          createRehabInstitution(
            ctx,
            ly.countyClerk,
            institution({
              name: '试点三站',
              pilot: { ...pilot, fundRef: '试点-2021-02', amountFen: 25_000_000 },
            }),
          ),
        ),
      ).toBe('DISABILITY_PILOT_FUND_SPLIT');
      expect(await count()).toBe(before);
    });

    it('service records: mental certificate or patient at home, sessions, discharge, scope and audited reads', async () => {
      const ctx = setup();
      const ly = await aDisabilityCounty(ctx);
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const inst = await createRehabInstitution(ctx, ly.countyClerk, institution());
      const limb = await aDisabledPerson(ctx, { category: 4 });
      const mental = await aDisabledPerson(ctx, { category: 6, grade: 3 });
      const base = {
        institutionId: inst.id,
        divisionCode: '430181001',
        enrolledOn: d('2026-10-01'),
        note: null,
      };
      expect(
        await code(
          enrolRehab(ctx, ly.townshipClerk, { ...base, personId: limb.personId, basis: 'certificate' }),
        ),
      ).toBe('DISABILITY_REHAB_NO_MENTAL_CERTIFICATE');
      const e = await enrolRehab(ctx, ly.townshipClerk, {
        ...base,
        personId: mental.personId,
        basis: 'certificate',
      });
      expect(e).toMatchObject({ basis: 'certificate', status: 'enrolled', sessions: 0 });
      expect(
        await code(
          enrolRehab(ctx, ly.townshipClerk, { ...base, personId: mental.personId, basis: 'certificate' }),
        ),
      ).toBe('DISABILITY_REHAB_ALREADY_ENROLLED');
      // Another county's clerk neither enrols at this institution nor sees the record; a sibling township neither.
      expect(
        await code(
          enrolRehab(ctx, fr.countyClerk, {
            ...base,
            personId: limb.personId,
            basis: 'home_patient',
            divisionCode: '430102001',
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(await code(getRehabEnrolment(ctx, fr.countyClerk, e.id))).toBe('NOT_FOUND');
      expect(await code(getRehabEnrolment(ctx, ly.otherTownshipClerk, e.id))).toBe('NOT_FOUND');
      const withSession = await recordRehabSession(ctx, ly.townshipClerk, e.id, {
        heldOn: d('2026-10-08'),
        kind: 'vocational',
        minutes: 60,
        note: '手工坊',
      });
      expect(withSession.sessionList).toMatchObject([{ heldOn: d('2026-10-08'), kindLabel: '职业康复' }]);
      expect(
        await code(
          recordRehabSession(ctx, ly.townshipClerk, e.id, {
            heldOn: d('2026-09-01'),
            kind: 'daily_life',
            minutes: null,
            note: null,
          }),
        ),
      ).toBe('DISABILITY_DATE_RANGE');
      await dischargeRehab(ctx, ly.townshipClerk, e.id, {
        dischargedOn: d('2026-10-20'),
        reason: '康复良好回归家庭',
      });
      expect(
        await code(
          recordRehabSession(ctx, ly.townshipClerk, e.id, {
            heldOn: d('2026-10-21'),
            kind: 'daily_life',
            minutes: null,
            note: null,
          }),
        ),
      ).toBe('DISABILITY_REHAB_DISCHARGED');
      const ledger = await listRehabEnrolments(ctx, ly.countyClerk, {
        status: 'discharged',
        page: 1,
        pageSize: 20,
      });
      expect(
        ledger.items.map((i) => [
          i.personName,
          i.sessions,
          i.lastSessionOn,
          i.residentIdMasked?.includes('*'),
        ]),
      ).toEqual([[mental.name, 1, d('2026-10-08'), true]]);
      expect((await listRehabEnrolments(ctx, fr.countyClerk, { page: 1, pageSize: 20 })).total).toBe(0);
      const reads = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'subjectPersonId'])
        .where('action', '=', 'disability.rehab.enrolment.read')
        .execute();
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((r) => r.subjectPersonId === mental.personId)).toBe(true);
    });

    it('rentals: stock, subsidy for certificate holders, return, overdue to-do, scope', async () => {
      const ctx = setup();
      const ly = await aDisabilityCounty(ctx);
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const chair = await saveDeviceItem(ctx, ly.citySupervisor, {
        code: 'ly-01',
        name: '普通轮椅',
        category: 'mobility',
        rentalFenPerMonth: 3000,
        purchaseCapFen: 80000,
        status: 'active',
      });
      expect(chair.code).toBe('LY-01');
      expect(await code(saveDeviceItem(ctx, ly.countyClerk, { ...chair, status: 'active' }))).toBe(
        'PERMISSION_DENIED',
      );
      const point = await createRentalPoint(ctx, ly.countyClerk, {
        name: '淮川租赁点',
        kind: 'community',
        divisionCode: '430181001',
        institutionId: null,
        address: null,
      });
      await setPointStock(ctx, ly.townshipClerk, point.id, { itemId: chair.id, quantity: 1 });
      const holder = await aDisabledPerson(ctx);
      const other = await aDisabledPerson(ctx, { certificate: null });
      const r1 = await createRental(ctx, ly.townshipClerk, {
        personId: holder.personId,
        itemId: chair.id,
        pointId: point.id,
        fromOn: d('2026-08-01'),
        dueOn: d('2026-10-31'),
        depositFen: 20000,
        note: null,
      });
      expect(r1).toMatchObject({ monthlyFen: 3000, subsidyMonthlyFen: 1500, status: 'out', overdue: true });
      const second = {
        personId: other.personId,
        itemId: chair.id,
        pointId: point.id,
        fromOn: d('2026-11-01'),
        dueOn: d('2027-01-31'),
        depositFen: 20000,
        note: null,
      };
      expect(await code(createRental(ctx, ly.townshipClerk, second))).toBe('DISABILITY_DEVICE_OUT_OF_STOCK');
      expect(
        await code(setPointStock(ctx, ly.townshipClerk, point.id, { itemId: chair.id, quantity: 0 })),
      ).toBe('DISABILITY_STOCK_BELOW_OUT');
      expect(await code(createRental(ctx, ly.townshipClerk, { ...second, dueOn: d('2028-01-31') }))).toBe(
        'DISABILITY_RENTAL_TOO_LONG',
      );
      // Overdue: listed and a to-do for the township.
      expect(
        (await listRentals(ctx, ly.townshipClerk, { status: 'overdue', page: 1, pageSize: 20 })).total,
      ).toBe(1);
      const todo = rehabPart.todos!.find((x) => x.name === 'disability.devices.overdue-returns')!;
      expect(await todo.load(ctx, ly.townshipClerk)).toMatchObject([{ count: 1, dueOn: d('2026-10-31') }]);
      expect(await todo.load(ctx, fr.countyClerk)).toEqual([]);
      // Another county neither sees nor returns it.
      expect(
        await code(
          returnRental(ctx, fr.countyClerk, r1.id, {
            returnedOn: d('2026-11-02'),
            depositRefundFen: 0,
            note: null,
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        await code(
          returnRental(ctx, ly.townshipClerk, r1.id, {
            returnedOn: d('2026-11-02'),
            depositRefundFen: 30000,
            note: null,
          }),
        ),
      ).toBe('DISABILITY_DEPOSIT_REFUND');
      const back = await returnRental(ctx, ly.townshipClerk, r1.id, {
        returnedOn: d('2026-11-02'),
        depositRefundFen: 20000,
        note: null,
      });
      expect(back).toMatchObject({ status: 'returned', overdue: false });
      expect(
        await code(
          returnRental(ctx, ly.townshipClerk, r1.id, {
            returnedOn: d('2026-11-02'),
            depositRefundFen: 0,
            note: null,
          }),
        ),
      ).toBe('DISABILITY_RENTAL_RETURNED');
      const r2 = await createRental(ctx, ly.townshipClerk, second);
      expect(r2).toMatchObject({ subsidyMonthlyFen: 0, subsidyBasis: null });
      expect(await todo.load(ctx, ly.townshipClerk)).toEqual([]);
    });

    it('福康工程: applied → approved → delivered → closed; refusal states remedies; wrong steps refused', async () => {
      const ctx = setup();
      const ly = await aDisabilityCounty(ctx);
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const p = await aDisabledPerson(ctx);
      const input = {
        personId: p.personId,
        divisionCode: '430181001',
        itemKind: 'surgery' as const,
        itemId: null,
        itemName: '白内障复明手术',
        requestedFen: 500_000,
        appliedOn: d('2026-10-01'),
        note: null,
      };
      expect(await code(createFukangCase(ctx, fr.countyClerk, { ...input, divisionCode: '430102001' }))).toBe(
        'NOT_FOUND',
      );
      const c = await createFukangCase(ctx, ly.townshipClerk, input);
      expect(c).toMatchObject({ status: 'applied', basis: expect.stringContaining('湘民发〔2020〕6号') });
      expect(
        await code(closeFukangCase(ctx, ly.townshipClerk, c.id, { on: d('2026-10-02'), note: null })),
      ).toBe('DISABILITY_FUKANG_STATUS');
      expect(
        await code(
          decideFukangCase(ctx, ly.townshipClerk, c.id, {
            outcome: 'approved',
            approvedFen: 1,
            decidedOn: d('2026-10-05'),
            reason: null,
          }),
        ),
      ).toBe('PERMISSION_DENIED');
      expect(
        await code(
          decideFukangCase(ctx, fr.civilAffairs, c.id, {
            outcome: 'approved',
            approvedFen: 1,
            decidedOn: d('2026-10-05'),
            reason: null,
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        await code(
          decideFukangCase(ctx, ly.civilAffairs, c.id, {
            outcome: 'approved',
            approvedFen: 600_000,
            decidedOn: d('2026-10-05'),
            reason: null,
          }),
        ),
      ).toBe('DISABILITY_FUKANG_AMOUNT');
      const ok = await decideFukangCase(ctx, ly.civilAffairs, c.id, {
        outcome: 'approved',
        approvedFen: 450_000,
        decidedOn: d('2026-10-05'),
        reason: null,
      });
      expect(ok).toMatchObject({ status: 'approved', approvedFen: 450_000 });
      const delivered = await deliverFukangCase(ctx, ly.townshipClerk, c.id, {
        on: d('2026-10-20'),
        note: '县医院手术',
      });
      expect(delivered.status).toBe('delivered');
      expect(
        (await closeFukangCase(ctx, ly.townshipClerk, c.id, { on: d('2026-10-30'), note: null })).status,
      ).toBe('closed');

      const c2 = await createFukangCase(ctx, ly.townshipClerk, { ...input, itemName: '假肢' });
      expect(
        await code(
          decideFukangCase(ctx, ly.civilAffairs, c2.id, {
            outcome: 'refused',
            approvedFen: null,
            decidedOn: d('2026-10-05'),
            reason: null,
          }),
        ),
      ).toBe('DISABILITY_REASON_REQUIRED');
      const refused = await decideFukangCase(ctx, ly.civilAffairs, c2.id, {
        outcome: 'refused',
        approvedFen: null,
        decidedOn: d('2026-10-05'),
        reason: '已享受同类项目',
      });
      expect(refused.reason).toContain('行政复议');
      expect(
        await code(deliverFukangCase(ctx, ly.townshipClerk, c2.id, { on: d('2026-10-06'), note: null })),
      ).toBe('DISABILITY_FUKANG_STATUS');
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', c.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'disability.fukang.create',
        'disability.fukang.decide',
        'disability.fukang.deliver',
        'disability.fukang.close',
      ]);
    });

    it('demo seed runs once', async () => {
      const ctx = setup();
      await ctx.db.kysely.selectFrom('people').select('id').limit(1).execute();
      void systemActor;
      await seedRehabDemo(ctx);
      await seedRehabDemo(ctx);
      const n = await ctx.db.kysely
        .selectFrom('disabilityRehabInstitutions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(3);
      const rentals = await ctx.db.kysely.selectFrom('disabilityRentals').select('id').execute();
      expect(rentals.length).toBe(6);
    });
  },
  { lines: [disabilityLine] },
);
