/**
 * Demo data of the stations concern (runs first of the rescue line's demo seed; idempotent): Hunan
 * rescue stations with dormitories, partner institutions (one private foster institution flagged
 * unqualified after an inspection, one under rectification), agreements, and a station-bound demo account
 * `rescue_staff.station` (长沙市救助管理站) so station staff scope can be shown.
 */
import { addDays, type PlainDate } from '@social-affairs/kernel';
import { createUser, systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { DEMO_PASSWORD } from '../seed/index';
import { recordInspection } from './inspections.service';
import { createRescueAgreement, createRescuePartner, stationsToday } from './partners.service';
import { findPartnerByName } from './partners.repository';
import { stationIdByName, usernameTaken } from './stations.repository';
import { addDormitory, createRescueStation } from './stations.service';

interface DemoStation {
  name: string;
  divisionCode: string;
  address: string;
  hotline: string;
  male: number;
  female: number;
}

export const DEMO_STATIONS: readonly DemoStation[] = [
  {
    name: '长沙市救助管理站',
    divisionCode: '430102',
    address: '长沙市芙蓉区远大一路 136 号',
    hotline: '0731-84123456',
    male: 60,
    female: 30,
  },
  {
    name: '株洲市救助管理站',
    divisionCode: '430202',
    address: '株洲市荷塘区新华东路 88 号',
    hotline: '0731-28234567',
    male: 40,
    female: 20,
  },
  {
    name: '湘潭市救助管理站',
    divisionCode: '430302',
    address: '湘潭市雨湖区韶山西路 21 号',
    hotline: '0731-58345678',
    male: 36,
    female: 18,
  },
  {
    name: '衡阳市救助管理站',
    divisionCode: '430405',
    address: '衡阳市珠晖区东风北路 56 号',
    hotline: '0734-8456789',
    male: 40,
    female: 20,
  },
  {
    name: '岳阳市救助管理站',
    divisionCode: '430602',
    address: '岳阳市岳阳楼区巴陵中路 102 号',
    hotline: '0730-8567890',
    male: 32,
    female: 16,
  },
  {
    name: '常德市救助管理站',
    divisionCode: '430702',
    address: '常德市武陵区人民路 300 号',
    hotline: '0736-7678901',
    male: 32,
    female: 16,
  },
  {
    name: '浏阳市救助管理站',
    divisionCode: '430181',
    address: '浏阳市集里街道金沙北路 15 号',
    hotline: '0731-83789012',
    male: 20,
    female: 10,
  },
];

export const DEMO_STATION_USERNAME = 'rescue_staff.station';

export async function seedStationsDemo(ctx: CoreContext): Promise<void> {
  const system = systemActor('seed', '430000');
  const k = ctx.db.kysely;
  const today = stationsToday(ctx);
  const ids = new Map<string, string>();
  for (const s of DEMO_STATIONS) {
    let id = await stationIdByName(k, s.divisionCode, s.name);
    if (!id) {
      id = (
        await createRescueStation(ctx, system, {
          name: s.name,
          divisionCode: s.divisionCode,
          address: s.address,
          hotline: s.hotline,
          receptionAllDay: true,
          hotlineAllDay: true,
          hotlineInDirectory: s.divisionCode !== '430181',
          capacityMale: s.male,
          capacityFemale: s.female,
        })
      ).id;
      const per = (n: number) => Math.max(4, Math.ceil(n / 2));
      await addDormitory(ctx, system, id, { name: '男宿舍一', sex: 'male', beds: per(s.male) });
      await addDormitory(ctx, system, id, { name: '男宿舍二', sex: 'male', beds: s.male - per(s.male) });
      await addDormitory(ctx, system, id, { name: '女宿舍一', sex: 'female', beds: s.female });
    }
    ids.set(s.divisionCode, id);
  }

  const changsha = ids.get('430102')!;
  if (!(await usernameTaken(k, DEMO_STATION_USERNAME))) {
    await createUser(ctx, system, {
      username: DEMO_STATION_USERNAME,
      displayName: '演示长沙市救助管理站工作人员',
      role: 'rescue_staff',
      divisionCode: '430102',
      institutionId: changsha,
      password: DEMO_PASSWORD,
    });
  }

  // Partners: only once (the first partner's name marks the seed as done).
  if (await findPartnerByName(k, '430102', '长沙市社会福利院')) return;
  const partner = (
    kind: 'foster' | 'hospital',
    name: string,
    divisionCode: string,
    ownership: 'public' | 'private',
    capacity: number,
    address: string,
    contactName: string,
    contactPhone: string,
  ) =>
    createRescuePartner(ctx, system, {
      kind,
      name,
      divisionCode,
      ownership,
      capacity,
      address,
      contactName,
      contactPhone,
    });
  const welfare = await partner(
    'foster',
    '长沙市社会福利院',
    '430102',
    'public',
    120,
    '长沙市芙蓉区东屯渡路 88 号',
    '周建国',
    '0731-84561234',
  );
  const hospital = await partner(
    'hospital',
    '长沙市第三医院',
    '430102',
    'public',
    40,
    '长沙市芙蓉区劳动西路 176 号',
    '陈医生',
    '0731-85171234',
  );
  const mental = await partner(
    'hospital',
    '湖南省脑科医院',
    '430102',
    'public',
    30,
    '长沙市芙蓉区韶山中路 427 号',
    '刘主任',
    '0731-85231234',
  );
  const kangning = await partner(
    'foster',
    '长沙市康宁托养中心',
    '430102',
    'private',
    50,
    '长沙市芙蓉区马王堆街道 12 号',
    '王老板',
    '13807311234',
  );
  const anxin = await partner(
    'foster',
    '浏阳市安心养护院',
    '430181',
    'private',
    40,
    '浏阳市集里街道花园路 9 号',
    '李院长',
    '13907311234',
  );
  const zhuzhou = await partner(
    'foster',
    '株洲市社会福利院',
    '430202',
    'public',
    80,
    '株洲市荷塘区红旗北路 66 号',
    '赵科长',
    '0731-28112233',
  );

  const year = today.slice(0, 4);
  const from = `${year}-01-01` as PlainDate;
  const until = `${Number(year) + 1}-12-31` as PlainDate;
  let n = 0;
  const agreement = (stationId: string, partnerId: string, places: number) =>
    createRescueAgreement(ctx, system, {
      agreementNo: `湘救托〔${year}〕${String(++n).padStart(3, '0')}号`,
      stationId,
      partnerId,
      validFrom: from <= today ? from : today,
      validUntil: until,
      places,
    });
  await agreement(changsha, welfare.id, 30);
  await agreement(changsha, hospital.id, 10);
  await agreement(changsha, mental.id, 10);
  await agreement(changsha, kangning.id, 15);
  await agreement(ids.get('430181')!, anxin.id, 10);
  await agreement(ids.get('430202')!, zhuzhou.id, 20);

  // Inspections: a routine pass, a private institution found unqualified, one under rectification.
  await recordInspection(ctx, system, welfare.id, {
    inspectedOn: addDays(today, -40),
    inspector: '市民政局社会事务科 周敏、何军',
    findings: '消防设施完好，受助人员档案齐全，伙食符合卫生标准。',
    result: 'qualified',
    rectifyBy: null,
    evidenceIds: [],
  });
  await recordInspection(ctx, system, kangning.id, {
    inspectedOn: addDays(today, -20),
    inspector: '市民政局社会事务科 周敏、省救助管理局 彭亮',
    findings:
      '无消防验收手续；护理人员不足（1:15）；2 名受助人员未按月探访记录；存在安排受助人员劳动的情况。',
    result: 'unqualified',
    rectifyBy: null,
    evidenceIds: [],
  });
  await recordInspection(ctx, system, anxin.id, {
    inspectedOn: addDays(today, -45),
    inspector: '浏阳市民政局 唐志、李娟',
    findings: '女性受助人员由男性护理员管理；药品台账不全。',
    result: 'rectify',
    rectifyBy: addDays(today, -5),
    evidenceIds: [],
  });
}
