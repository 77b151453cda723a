import {
  newFuneralFacilityBody,
  type NewFuneralFacilityBody,
} from '@social-affairs/kernel/contracts/funeral';
import { expect, it } from 'vitest';
import { approvalInbox, decideApproval, withdrawApproval } from '../approvals/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { ensureFacilityMayTakeBusiness } from './cases.access';
import { findFuneralFacility } from './cases.repository';
import {
  DEMO_FACILITIES,
  DEMO_FUNERAL_HOME_USERNAME,
  findDemoFacility,
  seedFacilitiesDemo,
} from './facilities.demo-seed';
import {
  createFuneralFacility,
  facilityInspectionsDue,
  getFuneralFacility,
  inspectionsDueTodo,
  listFacilityInspections,
  listFuneralFacilities,
  lookupFuneralZone,
  recordFacilityInspection,
  resubmitFacilityAdmission,
  submitCemeteryPermitChange,
  updateFuneralFacility,
} from './facilities.service';
import { aFuneralFacility } from './funeral.fixtures';
import { funeralLine } from './line';

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

const body = (over: Partial<Record<keyof NewFuneralFacilityBody, unknown>> = {}) =>
  newFuneralFacilityBody.parse({
    kind: 'funeral_home',
    name: '芙蓉区测试殡仪馆',
    divisionCode: '430102',
    address: '芙蓉区测试路 1 号',
    phone: '0731-1234567',
    ownership: 'government',
    governmentInvested: true,
    capacity: 50,
    reviewedByLevel: 'county_civil_affairs',
    approvedByLevel: 'county_government',
    approvalDocNo: '芙政函〔2020〕1号',
    approvedOn: '2020-01-01',
    ...over,
  });

const inspection = (over: Record<string, unknown> = {}) => ({
  year: 2026,
  inspectedOn: '2026-04-01' as never,
  inspector: '县民政局 张三',
  findings: '设备完好',
  result: 'pass' as const,
  rectifyBy: null,
  evidenceIds: [],
  ...over,
});

describeEachDatabase(
  'funeral facilities: registry, inspections, approvals (R-FUN-05, R-FUN-06, R-FUN-13)',
  (t) => {
    const setup = () => testContext(t.db, new ManualClock('2026-11-02T02:00:00.000Z'));

    it('demo seed: Hunan facilities once, an invalid county-approved cemetery, the facility-bound account', async () => {
      const ctx = setup();
      await seedFacilitiesDemo(ctx);
      const count = async () =>
        Number(
          (
            await ctx.db.kysely
              .selectFrom('funeralFacilities')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const n = await count();
      await seedFacilitiesDemo(ctx);
      expect(await count()).toBe(n);
      expect(n).toBe(10);
      const home = (await findDemoFacility(ctx, DEMO_FACILITIES.changshaHome))!;
      expect(home).toMatchObject({ divisionCode: '430103', capacity: 120, status: 'active' });
      const bad = (await findDemoFacility(ctx, DEMO_FACILITIES.invalidCemetery))!;
      expect(() => ensureFacilityMayTakeBusiness(bad)).toThrow(/省级民政部门/);
      const filing = (await findDemoFacility(ctx, DEMO_FACILITIES.liuyangHome))!;
      expect(filing.status).toBe('suspended');
      const user = await ctx.db.kysely
        .selectFrom('users')
        .select(['institutionId', 'role'])
        .where('username', '=', DEMO_FUNERAL_HOME_USERNAME)
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ institutionId: home.id, role: 'funeral_staff' });
      const supervisor = (await aUser(ctx, { role: 'supervisor', divisionCode: '430000' })).actor;
      const invalid = await listFuneralFacilities(ctx, supervisor, {
        page: 1,
        pageSize: 50,
        validity: 'invalid',
      });
      expect(invalid.items.map((f) => f.name)).toEqual([DEMO_FACILITIES.invalidCemetery]);
      const usable = await listFuneralFacilities(ctx, supervisor, {
        page: 1,
        pageSize: 50,
        kind: 'funeral_home',
        usable: true,
      });
      expect(usable.items.map((f) => f.name).sort()).toEqual(
        [DEMO_FACILITIES.changshaHome, DEMO_FACILITIES.hengyangHome, DEMO_FACILITIES.zhuzhouHome].sort(),
      );
    });

    it('registry: create, refusals, R-FUN-05 invalid chain takes no business, version, scope', async () => {
      const ctx = setup();
      const manager = (await aUser(ctx, { role: 'supervisor', divisionCode: '430102' })).actor;
      const staff = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor;
      expect(await codeOf(createFuneralFacility(ctx, staff, body()))).toBe('PERMISSION_DENIED');
      expect(await codeOf(createFuneralFacility(ctx, manager, body({ divisionCode: '430103' })))).toBe(
        'DIVISION_OUT_OF_SCOPE',
      );
      expect(await codeOf(createFuneralFacility(ctx, manager, body({ villageCode: '430102001001' })))).toBe(
        'FUNERAL_VILLAGE_NOT_ALLOWED',
      );
      const rural = {
        kind: 'rural_public_cemetery',
        name: '测试村公益性墓地',
        reviewedByLevel: 'township_government',
        approvedByLevel: 'county_civil_affairs',
        ownership: 'collective',
      };
      expect(await codeOf(createFuneralFacility(ctx, manager, body(rural)))).toBe('FUNERAL_VILLAGE_REQUIRED');
      expect(
        await codeOf(createFuneralFacility(ctx, manager, body({ ...rural, villageCode: '430103002001' }))),
      ).toBe('FUNERAL_VILLAGE_OUTSIDE_DIVISION');
      expect(
        await codeOf(
          createFuneralFacility(ctx, manager, body({ kind: 'columbarium', application: 'filing' })),
        ),
      ).toBe('FUNERAL_FILING_KIND');
      const ruralOk = await createFuneralFacility(
        ctx,
        manager,
        body({ ...rural, villageCode: '430102001001' }),
      );
      expect(ruralOk).toMatchObject({ valid: true, mayTakeBusiness: true, villageCode: '430102001001' });

      const home = await createFuneralFacility(ctx, manager, body());
      expect(home).toMatchObject({
        status: 'active',
        valid: true,
        mayTakeBusiness: true,
        capacityUnit: '冷藏位',
      });
      expect(await codeOf(createFuneralFacility(ctx, manager, body()))).toBe('FUNERAL_FACILITY_NAME_TAKEN');

      // R-FUN-05 TC: a cemetery whose last approver is a county → invalid, refused business.
      const bad = await createFuneralFacility(
        ctx,
        manager,
        body({
          kind: 'cemetery_commercial',
          name: '县批经营性公墓',
          approvedByLevel: 'county_civil_affairs',
          ownership: 'private',
        }),
      );
      expect(bad).toMatchObject({ valid: false, mayTakeBusiness: false });
      expect(bad.invalidReason).toContain('省级民政部门');
      expect(() =>
        ensureFacilityMayTakeBusiness(bad as unknown as Parameters<typeof ensureFacilityMayTakeBusiness>[0]),
      ).toThrow();
      // Its capacity is a permit item: no direct edit.
      expect(
        await codeOf(
          updateFuneralFacility(ctx, manager, bad.id, {
            ...body({ ownership: 'private' }),
            version: bad.version,
            capacity: 99,
            approvedByLevel: 'provincial_civil_affairs',
          }),
        ),
      ).toBe('FUNERAL_PERMIT_CHANGE_REQUIRED');
      // Correcting the recorded chain makes it valid.
      const fixed = await updateFuneralFacility(ctx, manager, bad.id, {
        ...body({ ownership: 'private' }),
        capacity: bad.capacity,
        version: bad.version,
        approvedByLevel: 'provincial_civil_affairs',
      });
      expect(fixed).toMatchObject({ valid: true, version: bad.version + 1 });
      expect(
        await codeOf(
          updateFuneralFacility(ctx, manager, bad.id, {
            ...body(),
            capacity: bad.capacity,
            version: bad.version,
            approvedByLevel: 'provincial_civil_affairs',
          }),
        ),
      ).toBe('FUNERAL_VERSION_CONFLICT');

      // Scope: a sibling facility's staff gets 404; facility staff list their own only.
      const sibling = await aFuneralFacility(ctx, { county: '430102' });
      expect(await codeOf(getFuneralFacility(ctx, sibling.staff, home.id))).toBe('NOT_FOUND');
      const own = await listFuneralFacilities(ctx, sibling.staff, { page: 1, pageSize: 20 });
      expect(own.items.map((f) => f.id)).toEqual([sibling.id]);
      const county = await listFuneralFacilities(ctx, staff, {
        page: 1,
        pageSize: 20,
        q: '测试',
        sort: '-name',
      });
      expect(county.total).toBeGreaterThanOrEqual(3);
    });

    it('inspections: fail suspends, a later pass restores; refusals; to-do after 03-31 and overdue rectification', async () => {
      const ctx = setup();
      const manager = (await aUser(ctx, { role: 'supervisor', divisionCode: '430102' })).actor;
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const other = await aFuneralFacility(ctx, { county: '430102', kind: 'columbarium' });
      expect(await codeOf(recordFacilityInspection(ctx, home.staff, home.id, inspection()))).toBe(
        'PERMISSION_DENIED',
      );
      expect(
        await codeOf(
          recordFacilityInspection(ctx, manager, home.id, inspection({ inspectedOn: '2026-12-01' })),
        ),
      ).toBe('FUNERAL_INSPECTION_FUTURE');
      expect(
        await codeOf(
          recordFacilityInspection(
            ctx,
            manager,
            home.id,
            inspection({ result: 'rectify', rectifyBy: '2026-03-01' }),
          ),
        ),
      ).toBe('FUNERAL_RECTIFY_BY');

      const todo0 = await inspectionsDueTodo(ctx, manager);
      expect(todo0.find((t) => t.kind === 'funeral.inspections-due')?.count).toBe(2);

      const failed = await recordFacilityInspection(
        ctx,
        manager,
        home.id,
        inspection({ result: 'fail', findings: '冷藏设备故障' }),
      );
      expect(failed).toMatchObject({ status: 'effective', round: 1 });
      const suspended = (await findFuneralFacility(ctx.db.kysely, home.id))!;
      expect(suspended.status).toBe('suspended');
      expect(() => ensureFacilityMayTakeBusiness(suspended)).toThrow(/暂停/);
      const passed = await recordFacilityInspection(
        ctx,
        manager,
        home.id,
        inspection({ inspectedOn: '2026-05-01' }),
      );
      expect(passed.round).toBe(2);
      expect((await findFuneralFacility(ctx.db.kysely, home.id))!.status).toBe('active');
      expect(await codeOf(recordFacilityInspection(ctx, manager, home.id, inspection()))).toBe(
        'FUNERAL_INSPECTION_EXISTS',
      );

      await recordFacilityInspection(
        ctx,
        manager,
        other.id,
        inspection({ result: 'rectify', rectifyBy: '2026-06-30' }),
      );
      const todo = await inspectionsDueTodo(ctx, manager);
      expect(todo.find((t) => t.kind === 'funeral.inspections-due')).toBeUndefined();
      expect(todo.find((t) => t.kind === 'funeral.rectifications-overdue')).toMatchObject({
        count: 1,
        dueOn: '2026-06-30',
      });
      expect(await facilityInspectionsDue(ctx, manager)).toMatchObject({
        year: 2026,
        pastDue: true,
        missing: [],
        overdueRectifications: [{ facilityId: other.id, rectifyBy: '2026-06-30' }],
      });
      const ledger = await listFacilityInspections(ctx, manager, {
        page: 1,
        pageSize: 20,
        sort: '-inspectedOn',
      });
      expect(ledger.total).toBe(3);
      expect(ledger.items.find((i) => i.facilityId === other.id)?.rectificationOverdue).toBe(true);
      // A sibling's staff sees none of these.
      expect(
        (await listFacilityInspections(ctx, other.staff, { page: 1, pageSize: 20 })).items.every(
          (i) => i.facilityId === other.id,
        ),
      ).toBe(true);
    });

    it('approvals: filing (approved / rejected), cemetery inspection, construction permit and permit change', async () => {
      const ctx = setup();
      const manager = (await aUser(ctx, { role: 'supervisor', divisionCode: '430102' })).actor;
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      const province = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430000' })).actor;

      // 殡仪馆备案审核: suspended until approved.
      const filed = await createFuneralFacility(ctx, manager, body({ application: 'filing' }));
      expect(filed).toMatchObject({
        status: 'suspended',
        mayTakeBusiness: false,
        pendingApplication: 'filing',
      });
      const app = filed.applications[0]!;
      const inbox = await approvalInbox(ctx, reviewer);
      expect(inbox.items).toEqual([
        expect.objectContaining({
          definitionTitle: '殡仪馆备案审核',
          ownerLabel: '殡葬设施审批事项',
          ownerLink: `/funeral/facilities?id=${filed.id}`,
        }),
      ]);
      await decideApproval(ctx, reviewer, app.approvalId!, { decision: 'approve' });
      await ctx.events.dispatchPending();
      expect(await getFuneralFacility(ctx, manager, filed.id)).toMatchObject({
        status: 'active',
        mayTakeBusiness: true,
        pendingApplication: null,
      });
      const filed2 = await createFuneralFacility(
        ctx,
        manager,
        body({ application: 'filing', name: '第二殡仪馆' }),
      );
      await decideApproval(ctx, reviewer, filed2.applications[0]!.approvalId!, {
        decision: 'reject',
        reason: '备案材料不全',
      });
      await ctx.events.dispatchPending();
      const rejected = await getFuneralFacility(ctx, manager, filed2.id);
      expect(rejected.status).toBe('suspended');
      expect(rejected.applications[0]).toMatchObject({ status: 'rejected', decisionReason: '备案材料不全' });
      expect(await codeOf(resubmitFacilityAdmission(ctx, manager, filed.id, { note: '再报' }))).toBe(
        'FUNERAL_NOTHING_TO_RESUBMIT',
      );
      const again = await resubmitFacilityAdmission(ctx, manager, filed2.id, { note: '已补齐备案材料' });
      await decideApproval(ctx, reviewer, again.approvalId!, { decision: 'approve' });
      await ctx.events.dispatchPending();
      expect((await getFuneralFacility(ctx, manager, filed2.id)).status).toBe('active');

      // 公墓年检审核: a cemetery's fail takes effect only when approved.
      const cemetery = await aFuneralFacility(ctx, { county: '430102', kind: 'cemetery_public_benefit' });
      const insp = await recordFacilityInspection(ctx, manager, cemetery.id, inspection({ result: 'fail' }));
      expect(insp.status).toBe('pending');
      expect((await findFuneralFacility(ctx.db.kysely, cemetery.id))!.status).toBe('active');
      expect(await codeOf(recordFacilityInspection(ctx, manager, cemetery.id, inspection()))).toBe(
        'FUNERAL_INSPECTION_PENDING',
      );
      await decideApproval(ctx, reviewer, insp.approvalId!, { decision: 'approve' });
      await ctx.events.dispatchPending();
      expect((await findFuneralFacility(ctx.db.kysely, cemetery.id))!.status).toBe('suspended');
      expect(await ctx.events.dispatchPending()).toBe(0);

      // 公墓建设许可: county review → provincial approval; suspended and invalid until then.
      const built = await createFuneralFacility(
        ctx,
        manager,
        body({
          kind: 'cemetery_public_benefit',
          name: '新建公益性公墓',
          application: 'construction',
          capacity: 2000,
        }),
      );
      expect(built).toMatchObject({ status: 'suspended', valid: false, pendingApplication: 'construction' });
      const permitId = built.applications[0]!.approvalId!;
      expect(await codeOf(decideApproval(ctx, province, permitId, { decision: 'approve' }))).toBe(
        'APPROVAL_WRONG_LEVEL',
      );
      await decideApproval(ctx, reviewer, permitId, { decision: 'approve' });
      await decideApproval(ctx, province, permitId, { decision: 'approve' });
      await ctx.events.dispatchPending();
      const open = await getFuneralFacility(ctx, manager, built.id);
      expect(open).toMatchObject({
        status: 'active',
        valid: true,
        approvedByLevel: 'provincial_civil_affairs',
        mayTakeBusiness: true,
      });

      // 公墓许可事项变更: applied when the province approves.
      expect(
        await codeOf(submitCemeteryPermitChange(ctx, manager, built.id, { capacity: 2000, note: '无变化' })),
      ).toBe('FUNERAL_PERMIT_NO_CHANGE');
      expect(
        await codeOf(submitCemeteryPermitChange(ctx, manager, filed.id, { capacity: 9, note: '扩建' })),
      ).toBe('FUNERAL_PERMIT_KIND');
      const change = await submitCemeteryPermitChange(ctx, manager, built.id, {
        capacity: 2600,
        address: '新址 8 号',
        note: '扩建二期',
      });
      expect(
        await codeOf(submitCemeteryPermitChange(ctx, manager, built.id, { capacity: 3000, note: '再扩' })),
      ).toBe('FUNERAL_APPLICATION_PENDING');
      expect((await getFuneralFacility(ctx, manager, built.id)).capacity).toBe(2000);
      // A withdrawn change no longer blocks a new one.
      await withdrawApproval(ctx, manager, change.approvalId!, { reason: '材料有误，撤回重报' });
      const again2 = await submitCemeteryPermitChange(ctx, manager, built.id, {
        capacity: 2600,
        address: '新址 8 号',
        note: '扩建二期（重报）',
      });
      expect((await getFuneralFacility(ctx, manager, built.id)).applications.map((a) => a.status)).toContain(
        'withdrawn',
      );
      await decideApproval(ctx, reviewer, again2.approvalId!, { decision: 'approve' });
      await decideApproval(ctx, province, again2.approvalId!, { decision: 'approve' });
      await ctx.events.dispatchPending();
      expect(await getFuneralFacility(ctx, manager, built.id)).toMatchObject({
        capacity: 2600,
        address: '新址 8 号',
      });
    });

    it('zones lookup: zone, Changsha transport rule and coverage; unknown division refused', async () => {
      const ctx = setup();
      const staff = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor;
      const r = lookupFuneralZone(ctx, staff, { divisionCode: '430102', on: '2026-05-01' });
      expect(r).toMatchObject({ zone: 'cremation', zoneLabel: '火葬区', regulationEra: 'from_2026' });
      expect(r.transport).toMatchObject({
        name: '长沙市',
        collectionFree: true,
        carriers: ['funeral_home_vehicle'],
      });
      expect(r.coverage?.divisionCode).toBe('4301');
      expect(lookupFuneralZone(ctx, staff, { divisionCode: '430202', on: '2026-03-29' })).toMatchObject({
        coverage: null,
        regulationEra: 'before_2026',
      });
      expect(() => lookupFuneralZone(ctx, staff, { divisionCode: '439999', on: '2026-05-01' })).toThrow(
        /区划代码不存在/,
      );
    });
  },
  { lines: [funeralLine] },
);
