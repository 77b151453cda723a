/**
 * Demo data of the rehabilitation and devices concern (idempotent: skipped once any rehabilitation
 * institution exists): two community rehabilitation institutions in 浏阳市 and a city institution in 芙蓉区
 * serving 长沙's districts, service records and patients-at-home figures; a catalogue of ten devices,
 * rental points in 湘潭市 (the national pilot; a handful, not 80) and one in 浏阳市, some rentals (one
 * overdue), and a few 福康工程 cases. Synthetic names; resident ids with valid checksums.
 */
import { addDays, composeResidentId, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import type { NewRentalBody } from '@social-affairs/kernel/contracts/disability';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import {
  closeFukangCase,
  createFukangCase,
  createRental,
  createRentalPoint,
  decideFukangCase,
  deliverFukangCase,
  saveDeviceItem,
  setPointStock,
} from './devices.service';
import { anyRehabInstitution, personIdByResidentId } from './rehab.repository';
import { createRehabInstitution, enrolRehab, recordRehabSession, setHomePatients } from './rehab.service';

const CATALOGUE = [
  { code: 'LY-01', name: '普通轮椅', category: 'mobility', rent: 3000, cap: 80000 },
  { code: 'LY-02', name: '电动轮椅', category: 'mobility', rent: 15000, cap: 300000 },
  { code: 'ZX-01', name: '助行器', category: 'mobility', rent: 1000, cap: 20000 },
  { code: 'GZ-01', name: '四脚拐杖', category: 'mobility', rent: 500, cap: 10000 },
  { code: 'HL-01', name: '多功能护理床', category: 'self_care', rent: 12000, cap: 200000 },
  { code: 'HL-02', name: '防褥疮气垫', category: 'self_care', rent: 2000, cap: 50000 },
  { code: 'HL-03', name: '坐便椅', category: 'self_care', rent: 800, cap: 15000 },
  { code: 'SL-01', name: '助视器', category: 'vision', rent: 1500, cap: 60000 },
  { code: 'TL-01', name: '助听器', category: 'hearing', rent: 5000, cap: 300000 },
  { code: 'KF-01', name: '上下肢康复训练器', category: 'rehab_training', rent: 6000, cap: 150000 },
] as const;

async function demoPerson(
  ctx: CoreContext,
  county: string,
  name: string,
  birth: PlainDate,
  seq: number,
  sex: 'male' | 'female',
): Promise<string> {
  const residentId = composeResidentId(county, birth, seq);
  const found = await personIdByResidentId(ctx.db.kysely, residentId);
  if (found) return found;
  const p = await createPerson(ctx, systemActor('seed', county), {
    residentId,
    name,
    sex,
    birthDate: birth,
    hukouDivisionCode: county,
    source: '残疾人福利（演示）',
  });
  return p.id;
}

export async function seedRehabDemo(ctx: CoreContext): Promise<void> {
  if (await anyRehabInstitution(ctx.db.kysely)) return;
  const sys = systemActor('seed', '430000');
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const ago = (days: number) => addDays(today, -days);
  const year = Number(today.slice(0, 4));

  // ----- institutions -----
  const huaichuan = await createRehabInstitution(ctx, sys, {
    name: '浏阳市淮川精神障碍社区康复中心',
    kind: 'community_rehab',
    divisionCode: '430181001',
    servesDistricts: [],
    capacity: 40,
    services: ['daily_life', 'social_skills', 'medication', 'family_support'],
    address: '浏阳市淮川街道北正中路 18 号',
    phone: '0731-83600001',
    pilot: { fundRef: '湘民函〔2021〕试点-浏阳01', amountFen: 50_000_000, year: 2021 },
  });
  const shegang = await createRehabInstitution(ctx, sys, {
    name: '浏阳市社港镇康复驿站',
    kind: 'community_rehab',
    divisionCode: '430181102',
    servesDistricts: [],
    capacity: 15,
    services: ['daily_life', 'vocational', 'peer_support'],
    address: '浏阳市社港镇社港社区',
    phone: null,
    pilot: null,
  });
  await createRehabInstitution(ctx, sys, {
    name: '长沙市心康社区康复中心',
    kind: 'community_rehab',
    divisionCode: '430102',
    servesDistricts: ['430102', '430103', '430105', '430111'],
    capacity: 60,
    services: ['daily_life', 'social_skills', 'vocational', 'psychological', 'family_support'],
    address: '长沙市芙蓉区五一大道（演示地址）',
    phone: '0731-84000002',
    pilot: null,
  });
  await setHomePatients(ctx, sys, {
    countyCode: '430181',
    year,
    patients: 12,
    source: '浏阳市卫生健康局严重精神障碍管理信息系统（演示数据）',
  });
  await setHomePatients(ctx, sys, {
    countyCode: '430102',
    year,
    patients: 30,
    source: '芙蓉区卫生健康局（演示数据）',
  });

  const names = [
    ['周建国', '1968-03-12', 'male'],
    ['吴秀兰', '1975-07-21', 'female'],
    ['郑志强', '1982-11-02', 'male'],
    ['孙丽华', '1990-01-15', 'female'],
    ['马俊杰', '1986-05-30', 'male'],
    ['朱桂英', '1959-09-09', 'female'],
    ['胡晓东', '1979-12-24', 'male'],
  ] as const;
  const liuyang: string[] = [];
  for (const [i, [name, birth, sex]] of names.entries()) {
    liuyang.push(
      await demoPerson(ctx, '430181', name, birth as PlainDate, 700 + i * 2 + (sex === 'male' ? 1 : 0), sex),
    );
  }
  const sessionKinds = ['daily_life', 'social_skills', 'medication', 'family_support'] as const;
  for (const [i, personId] of liuyang.slice(0, 6).entries()) {
    const inst = i < 4 ? huaichuan : shegang;
    const e = await enrolRehab(ctx, sys, {
      institutionId: inst.id,
      personId,
      basis: 'home_patient',
      divisionCode: i < 4 ? '430181001' : '430181102',
      enrolledOn: ago(120 - i * 10),
      note: null,
    });
    for (let s = 0; s < 3; s++) {
      await recordRehabSession(ctx, sys, e.id, {
        heldOn: ago(90 - i * 10 - s * 14),
        kind: sessionKinds[(i + s) % sessionKinds.length]!,
        minutes: 90,
        note: null,
      });
    }
  }

  // ----- devices -----
  const items = new Map<string, string>();
  for (const c of CATALOGUE) {
    const it = await saveDeviceItem(ctx, sys, {
      code: c.code,
      name: c.name,
      category: c.category,
      rentalFenPerMonth: c.rent,
      purchaseCapFen: c.cap,
      status: 'active',
    });
    items.set(c.code, it.id);
  }
  const points = [
    { name: '雨湖路街道社区辅具租赁点', kind: 'community', divisionCode: '430302001' },
    { name: '城正街街道社区辅具租赁点', kind: 'community', divisionCode: '430302002' },
    { name: '岳塘区社区辅具租赁服务中心', kind: 'community', divisionCode: '430304' },
    { name: '易俗河镇村级辅具租赁点', kind: 'village', divisionCode: '430321100' },
    { name: '谭家山镇村级辅具租赁点', kind: 'village', divisionCode: '430321102' },
    { name: '淮川街道社区辅具租赁点', kind: 'community', divisionCode: '430181001' },
  ] as const;
  const pointIds: string[] = [];
  for (const p of points) {
    const created = await createRentalPoint(ctx, sys, { ...p, institutionId: null, address: null });
    pointIds.push(created.id);
    for (const code of ['LY-01', 'ZX-01', 'HL-01', 'HL-03', 'GZ-01']) {
      await setPointStock(ctx, sys, created.id, { itemId: items.get(code)!, quantity: 3 });
    }
  }
  const xiangtan: string[] = [];
  for (const [i, [name, birth, sex]] of names.slice(0, 4).entries()) {
    xiangtan.push(
      await demoPerson(ctx, '430302', name, birth as PlainDate, 800 + i * 2 + (sex === 'male' ? 1 : 0), sex),
    );
  }
  const rent = async (personId: string, point: number, code: string, from: number, due: number) =>
    createRental(ctx, sys, {
      personId,
      itemId: items.get(code)!,
      pointId: pointIds[point]!,
      fromOn: ago(from),
      dueOn: addDays(ago(from), due),
      depositFen: 20_000,
      note: null,
    } satisfies NewRentalBody);
  await rent(xiangtan[0]!, 0, 'LY-01', 60, 90);
  await rent(xiangtan[1]!, 0, 'HL-01', 200, 180);
  await rent(xiangtan[2]!, 3, 'ZX-01', 30, 60);
  await rent(xiangtan[3]!, 4, 'GZ-01', 100, 60);
  await rent(liuyang[6]!, 5, 'LY-01', 45, 30);
  await rent(liuyang[5]!, 5, 'HL-03', 20, 90);

  // ----- 福康工程 -----
  const c1 = await createFukangCase(ctx, sys, {
    personId: liuyang[0]!,
    divisionCode: '430181001',
    itemKind: 'device',
    itemId: items.get('LY-02')!,
    itemName: '电动轮椅',
    requestedFen: 300_000,
    appliedOn: ago(20),
    note: null,
  });
  void c1;
  const c2 = await createFukangCase(ctx, sys, {
    personId: liuyang[1]!,
    divisionCode: '430181102',
    itemKind: 'surgery',
    itemId: null,
    itemName: '下肢畸形矫治手术',
    requestedFen: 1_500_000,
    appliedOn: ago(40),
    note: null,
  });
  await decideFukangCase(ctx, sys, c2.id, {
    outcome: 'approved',
    approvedFen: 1_200_000,
    decidedOn: ago(30),
    reason: null,
  });
  const c3 = await createFukangCase(ctx, sys, {
    personId: liuyang[2]!,
    divisionCode: '430181001',
    itemKind: 'device',
    itemId: items.get('TL-01')!,
    itemName: '助听器',
    requestedFen: 300_000,
    appliedOn: ago(90),
    note: null,
  });
  await decideFukangCase(ctx, sys, c3.id, {
    outcome: 'approved',
    approvedFen: 250_000,
    decidedOn: ago(80),
    reason: null,
  });
  await deliverFukangCase(ctx, sys, c3.id, { on: ago(60), note: '已在县残联辅具中心适配' });
  await closeFukangCase(ctx, sys, c3.id, { on: ago(50), note: null });
}
