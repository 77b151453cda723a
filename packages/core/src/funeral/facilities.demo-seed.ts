/**
 * Demo data of the facilities concern (runs first of the funeral line's demo seed; idempotent): Hunan
 * funeral facilities of every kind — among them a commercial cemetery wrongly approved by a county
 * (R-FUN-05: shown invalid, takes no business) — this year's inspections, a cemetery inspection and a
 * funeral-home filing waiting in the approvals inbox, and the facility-bound demo account
 * `funeral_staff.home` (长沙市殡仪馆). Other concerns find the facilities with `findDemoFacility`.
 */
import type { z } from 'zod';
import { systemActor, createUser } from '../access/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import { DEMO_PASSWORD } from '../seed/index';
import type { FuneralFacilityRow } from './cases.repository';
import { findFuneralFacility } from './cases.repository';
import { facilityIdByName, usernameTaken } from './facilities.repository';
import { createFuneralFacility, facilitiesToday, recordFacilityInspection } from './facilities.service';
import { newFacilityInspectionBody, newFuneralFacilityBody } from '@social-affairs/kernel/contracts/funeral';

/** Names of the demo facilities, for the other concerns' seeds (`findDemoFacility(ctx, DEMO_FACILITIES.changshaHome)`). */
export const DEMO_FACILITIES = {
  changshaHome: '长沙市殡仪馆',
  zhuzhouHome: '株洲市殡仪馆',
  hengyangHome: '衡阳市殡仪馆',
  changshaStation: '长沙市殡仪服务站',
  changshaColumbarium: '长沙市骨灰堂',
  changshaPublicCemetery: '长沙市公益性公墓',
  commercialCemetery: '长沙县青山园经营性公墓',
  ruralCemetery: '宁乡市花明楼镇炭子冲村公益性墓地',
  invalidCemetery: '浏阳市龙鑫经营性公墓',
  liuyangHome: '浏阳市殡仪馆',
} as const;

export const DEMO_FUNERAL_HOME_USERNAME = 'funeral_staff.home';

type Demo = Omit<z.input<typeof newFuneralFacilityBody>, 'application' | 'applicationNote'>;

const DEMO: readonly Demo[] = [
  {
    kind: 'funeral_home',
    name: DEMO_FACILITIES.changshaHome,
    divisionCode: '430103',
    address: '长沙市天心区金盆岭街道殡仪路 1 号',
    phone: '0731-85551234',
    ownership: 'government',
    governmentInvested: true,
    capacity: 120,
    reviewedByLevel: 'city_civil_affairs',
    approvedByLevel: 'city_government',
    approvalDocNo: '长政函〔1998〕12号',
    approvedOn: '1998-05-20',
  },
  {
    kind: 'funeral_home',
    name: DEMO_FACILITIES.zhuzhouHome,
    divisionCode: '430211',
    address: '株洲市天元区栗雨街道仙庾路 8 号',
    phone: '0731-22881234',
    ownership: 'government',
    governmentInvested: true,
    capacity: 80,
    reviewedByLevel: 'city_civil_affairs',
    approvedByLevel: 'city_government',
    approvalDocNo: '株政函〔2003〕45号',
    approvedOn: '2003-09-01',
  },
  {
    kind: 'funeral_home',
    name: DEMO_FACILITIES.hengyangHome,
    divisionCode: '430405',
    address: '衡阳市珠晖区东阳渡街道殡仪大道 6 号',
    phone: '0734-8331234',
    ownership: 'government',
    governmentInvested: true,
    capacity: 90,
    reviewedByLevel: 'city_civil_affairs',
    approvedByLevel: 'city_government',
    approvalDocNo: '衡政函〔2001〕33号',
    approvedOn: '2001-04-12',
  },
  {
    kind: 'service_station',
    name: DEMO_FACILITIES.changshaStation,
    divisionCode: '430104',
    address: '长沙市岳麓区望城坡街道枫林三路 20 号',
    phone: '0731-88661234',
    ownership: 'public_institution',
    governmentInvested: true,
    capacity: 6,
    reviewedByLevel: null,
    approvedByLevel: 'city_civil_affairs',
    approvalDocNo: '长民发〔2015〕7号',
    approvedOn: '2015-06-30',
  },
  {
    kind: 'columbarium',
    name: DEMO_FACILITIES.changshaColumbarium,
    divisionCode: '430111',
    address: '长沙市雨花区跳马镇纪念路 9 号',
    phone: '0731-86771234',
    ownership: 'government',
    governmentInvested: true,
    capacity: 5000,
    reviewedByLevel: null,
    approvedByLevel: 'city_civil_affairs',
    approvalDocNo: '长民发〔2012〕21号',
    approvedOn: '2012-10-08',
  },
  {
    kind: 'cemetery_public_benefit',
    name: DEMO_FACILITIES.changshaPublicCemetery,
    divisionCode: '430121',
    address: '长沙县黄花镇公墓路 1 号',
    phone: '0731-84881234',
    ownership: 'government',
    governmentInvested: true,
    capacity: 8000,
    reviewedByLevel: 'city_civil_affairs',
    approvedByLevel: 'provincial_civil_affairs',
    approvalDocNo: '湘民审〔2010〕18号',
    approvedOn: '2010-03-15',
  },
  {
    kind: 'cemetery_commercial',
    name: DEMO_FACILITIES.commercialCemetery,
    divisionCode: '430121',
    address: '长沙县青山铺镇青山园路 88 号',
    phone: '0731-84991234',
    ownership: 'private',
    governmentInvested: false,
    capacity: 12000,
    reviewedByLevel: 'county_civil_affairs',
    approvedByLevel: 'provincial_civil_affairs',
    approvalDocNo: '湘民审〔2008〕9号',
    approvedOn: '2008-11-02',
  },
  {
    kind: 'rural_public_cemetery',
    name: DEMO_FACILITIES.ruralCemetery,
    divisionCode: '430182',
    // Synthetic village code inside 花明楼镇 (430182102).
    villageCode: '430182102201',
    address: '宁乡市花明楼镇炭子冲村后山',
    phone: null,
    ownership: 'collective',
    governmentInvested: false,
    capacity: 300,
    reviewedByLevel: 'township_government',
    approvedByLevel: 'county_civil_affairs',
    approvalDocNo: '宁民发〔2019〕14号',
    approvedOn: '2019-08-18',
  },
  {
    // R-FUN-05 TC: a commercial cemetery whose last approver is a county → invalid, no business.
    kind: 'cemetery_commercial',
    name: DEMO_FACILITIES.invalidCemetery,
    divisionCode: '430181',
    address: '浏阳市永安镇龙鑫路 3 号',
    phone: '0731-83221234',
    ownership: 'private',
    governmentInvested: false,
    capacity: 3000,
    reviewedByLevel: 'county_civil_affairs',
    approvedByLevel: 'county_civil_affairs',
    approvalDocNo: '浏民字〔2016〕5号',
    approvedOn: '2016-12-01',
  },
];

/** A demo facility by name (e.g. `DEMO_FACILITIES.changshaHome`), for the other concerns' seeds. */
export async function findDemoFacility(
  ctx: CoreContext,
  name: string,
): Promise<FuneralFacilityRow | undefined> {
  return findFacilityByName(ctx.db.kysely, name);
}

async function findFacilityByName(db: Executor, name: string): Promise<FuneralFacilityRow | undefined> {
  const id = await facilityIdByName(db, name);
  return id ? findFuneralFacility(db, id) : undefined;
}

export async function seedFacilitiesDemo(ctx: CoreContext): Promise<void> {
  const system = systemActor('seed', '430000');
  const k = ctx.db.kysely;
  const year = Number(facilitiesToday(ctx).slice(0, 4));
  const created = new Set<string>();
  for (const d of DEMO) {
    if (await facilityIdByName(k, d.name)) continue;
    await createFuneralFacility(ctx, system, newFuneralFacilityBody.parse({ ...d, application: 'none' }));
    created.add(d.name);
  }
  // A new funeral home waiting for its filing review (殡仪馆备案审核) in the approvals inbox.
  if (!(await facilityIdByName(k, DEMO_FACILITIES.liuyangHome))) {
    await createFuneralFacility(
      ctx,
      system,
      newFuneralFacilityBody.parse({
        kind: 'funeral_home',
        name: DEMO_FACILITIES.liuyangHome,
        divisionCode: '430181',
        address: '浏阳市集里街道殡仪路 2 号',
        phone: '0731-83661234',
        ownership: 'government',
        governmentInvested: true,
        capacity: 40,
        reviewedByLevel: 'county_civil_affairs',
        approvedByLevel: 'county_government',
        approvalDocNo: '浏政函〔2026〕3号',
        approvedOn: '2026-02-10',
        application: 'filing',
        applicationNote: '新建殡仪馆已经浏阳市人民政府批准，申请备案',
      }),
    );
  }
  const home = (await findDemoFacility(ctx, DEMO_FACILITIES.changshaHome))!;
  if (!(await usernameTaken(k, DEMO_FUNERAL_HOME_USERNAME))) {
    await createUser(ctx, system, {
      username: DEMO_FUNERAL_HOME_USERNAME,
      displayName: '演示长沙市殡仪馆工作人员',
      role: 'funeral_staff',
      divisionCode: home.divisionCode,
      institutionId: home.id,
      password: DEMO_PASSWORD,
    });
  }
  // This year's inspections, only for facilities created in this run (idempotent).
  const inspect = async (name: string, result: 'pass' | 'rectify', findings: string, rectifyBy?: string) => {
    if (!created.has(name)) return;
    const f = (await findDemoFacility(ctx, name))!;
    await recordFacilityInspection(
      ctx,
      system,
      f.id,
      newFacilityInspectionBody.parse({
        year,
        inspectedOn: `${year}-03-${result === 'pass' ? '12' : '18'}`,
        inspector: '市民政局殡葬管理科 刘科长',
        findings,
        result,
        rectifyBy: rectifyBy ?? null,
        evidenceIds: [],
      }),
    );
  };
  await inspect(DEMO_FACILITIES.changshaHome, 'pass', '火化设备运行正常，冷藏设施完好，收费公示规范');
  await inspect(DEMO_FACILITIES.zhuzhouHome, 'pass', '各项制度健全，台账完整');
  await inspect(
    DEMO_FACILITIES.changshaColumbarium,
    'rectify',
    '消防通道堆放杂物，部分格位档案未录入系统',
    `${year}-05-31`,
  );
  // A cemetery's result waits for 公墓年检审核 in the inbox.
  await inspect(DEMO_FACILITIES.changshaPublicCemetery, 'pass', '墓穴面积符合规定，生态安葬比例达标');
}
