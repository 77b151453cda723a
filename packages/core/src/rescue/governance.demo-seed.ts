/**
 * Demo data of source governance (源头治理): two repeat wanderers — one identified (the same resident id
 * admitted at two stations of different counties) and one found by the engine (the same name given at two
 * stations, no id) — whose earlier stays ended as 返乡; a few at-risk persons with family contacts; street
 * patrol leads over the last weeks (most answered, one late, one waiting); then one run of the governance
 * job (returnees registered, flags raised) and one follow-up visit. Synthetic only: resident ids composed
 * with valid check digits, phones of the 138 0000 range. Idempotent (rows created by `rescue-governance-demo`).
 */
import {
  addDays,
  composeResidentId,
  isDomainError,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { rescueIntakeBody } from '@social-affairs/kernel/contracts/rescue';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { demoContextAt } from '../seed/index';
import { createAtRisk } from './at-risk.service';
import {
  anyAtRiskCreatedBy,
  anyLeadCreatedBy,
  closeDemoCaseAsReturned,
  firstReturneeFollowing,
} from './governance.repository';
import { runSourceGovernance } from './governance.service';
import { admitPerson } from './intake.service';
import { recordPatrolLead, respondPatrolLead } from './patrol-leads.service';
import { recordFollowUp } from './returnees.service';
import { activeStations } from './warnings.repository';

const SEED_ACTOR = 'rescue-governance-demo';

function intake(
  stationId: string,
  entryDate: PlainDate,
  p: { name: string; residentId: string | null; age: number | null },
) {
  return rescueIntakeBody.parse({
    stationId,
    eligibility: {
      canPayFoodLodging: false,
      hasRelativesToTurnTo: false,
      receivesSubsistence: false,
      situation: 'vagrant_begging',
      information: 'given',
    },
    residentId: p.residentId,
    nameGiven: p.name,
    sex: 'male',
    estimatedAge: p.age,
    hukouAddress: '（据本人陈述）',
    vagrancyReason: '外出流浪乞讨',
    civilCapacity: 'full',
    mentalSigns: false,
    referralSource: 'police',
    policeUnit: '长沙铁路公安处长沙站派出所',
    policeOfficer: '刘警官',
    handoverAt: `${entryDate}T01:30:00.000Z`,
    foundPlace: '火车站南广场',
    foundOn: entryDate,
    heightCm: 168,
    health: '一般',
    intellect: '正常',
    mentalState: '稳定',
    features: '左手背有烫伤疤痕，说常德口音',
    clothing: '灰色夹克、黑色长裤',
    securityCheck: 'passed',
    caseworkerName: '王建军',
    caseworkerSex: 'male',
  });
}

async function seedRepeatWanderers(
  ctx: CoreContext,
  stations: { id: string; divisionCode: string }[],
  today: PlainDate,
) {
  const a = stations[0]!;
  const b = stations.find((s) => s.divisionCode !== a.divisionCode) ?? stations[1];
  if (!b) return;
  const actor = systemActor(SEED_ACTOR);
  const pairs = [
    { name: '邓国华', residentId: composeResidentId('430723', '1968-04-12' as PlainDate, 917), age: null },
    { name: '唐小军', residentId: null, age: 45 },
  ];
  for (const p of pairs) {
    const first = addDays(today, -75);
    try {
      const c1 = await admitPerson(demoContextAt(ctx, first, 9), actor, intake(a.id, first, p));
      const left = addDays(first, 6);
      await closeDemoCaseAsReturned(
        ctx.db.kysely,
        { id: c1.id, stationId: a.id, divisionCode: a.divisionCode },
        left,
        '常德市澧县',
        `${left}T02:00:00.000Z`,
      );
      const second = addDays(today, -4);
      await admitPerson(demoContextAt(ctx, second, 15), actor, intake(b.id, second, p));
    } catch (e) {
      if (isDomainError(e)) continue;
      throw e;
    }
  }
}

async function seedAtRisk(ctx: CoreContext, county: string) {
  if (await anyAtRiskCreatedBy(ctx.db.kysely, SEED_ACTOR)) return;
  const actor = systemActor(SEED_ACTOR, county);
  const people = [
    {
      name: '彭桂英',
      sex: 'female' as const,
      birthDate: '1941-09-03',
      kinds: ['dementia' as const],
      homeAddress: '五里牌街道火炬村社区',
      contacts: [{ name: '彭建平', relation: '儿子', phone: '13800001201' }],
      notes: '曾两次走失，随身佩戴防走失手环',
    },
    {
      name: '曾志伟',
      sex: 'male' as const,
      birthDate: '1990-02-17',
      kinds: ['mental_illness' as const],
      homeAddress: '东屯渡街道东屯社区',
      contacts: [
        { name: '曾凡', relation: '父亲', phone: '13800001202' },
        { name: '李秀兰', relation: '母亲', phone: '13800001203' },
      ],
      notes: '按时服药时情况稳定',
    },
    {
      name: '谢子涵',
      sex: 'male' as const,
      birthDate: '2014-06-30',
      kinds: ['minor' as const, 'intellectual_disability' as const],
      homeAddress: '马王堆街道西湖社区',
      contacts: [{ name: '谢丽', relation: '母亲', phone: '13800001204' }],
      notes: null,
    },
  ];
  for (const p of people)
    await createAtRisk(ctx, actor, {
      divisionCode: county,
      personId: null,
      ...p,
      birthDate: p.birthDate as PlainDate,
    });
}

async function seedLeads(
  ctx: CoreContext,
  stations: { id: string; divisionCode: string }[],
  today: PlainDate,
) {
  if (await anyLeadCreatedBy(ctx.db.kysely, SEED_ACTOR)) return;
  const leads = [
    {
      days: 20,
      source: 'police' as const,
      reporter: '五里牌派出所',
      place: '五一广场地下通道',
      who: '一名中年男子露宿，衣着单薄',
      after: 18,
    },
    {
      days: 14,
      source: 'urban_management' as const,
      reporter: '芙蓉区城管执法大队',
      place: '火车站天桥下',
      who: '一名疑似智障青年，无法说清住址',
      after: 25,
    },
    {
      days: 9,
      source: 'public' as const,
      reporter: '热心市民',
      place: '解放西路公交站',
      who: '一位老人在站台徘徊，不知回家的路',
      after: 52,
    },
    {
      days: 5,
      source: 'station_patrol' as const,
      reporter: '本站夜间巡查组',
      place: '湘江风光带',
      who: '两名流浪人员在桥洞下生火取暖',
      after: 12,
    },
    {
      days: 0,
      source: 'police' as const,
      reporter: '高桥派出所',
      place: '高桥大市场东门',
      who: '一名妇女带着孩子乞讨',
      after: null,
    },
  ];
  let i = 0;
  for (const l of leads) {
    const st = stations[i++ % stations.length]!;
    const day = addDays(today, -l.days);
    const at = demoContextAt(ctx, day, l.after === null ? 0 : 20, 5);
    const actor = systemActor(SEED_ACTOR, st.divisionCode);
    const lead = await recordPatrolLead(at, actor, {
      stationId: st.id,
      receivedAt: at.clock.now().toISOString(),
      source: l.source,
      reporter: l.reporter,
      reporterPhone: l.source === 'public' ? '13800001301' : null,
      placeDivisionCode: st.divisionCode,
      placeDescription: l.place,
      personDescription: l.who,
    });
    if (l.after === null) continue;
    const responded = new Date(Date.parse(lead.receivedAt) + l.after * 60_000);
    await respondPatrolLead({ ...at, clock: { now: () => responded } }, actor, lead.id, {
      respondedAt: responded.toISOString(),
      outcome: l.source === 'station_patrol' ? 'refused' : 'not_found',
      outcomeNote: l.source === 'station_patrol' ? '劝导后本人拒绝入站，已发放棉被' : '到场时人员已离开',
      caseId: null,
      version: lead.version,
    });
  }
}

export async function seedGovernanceDemo(ctx: CoreContext): Promise<void> {
  const stations = await activeStations(ctx.db.kysely);
  if (stations.length === 0) return;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const fresh = !(await anyLeadCreatedBy(ctx.db.kysely, SEED_ACTOR));
  if (fresh) await seedRepeatWanderers(ctx, stations, today);
  await seedAtRisk(ctx, stations[0]!.divisionCode.slice(0, 6));
  await seedLeads(ctx, stations, today);
  await runSourceGovernance(ctx);
  const r = fresh ? await firstReturneeFollowing(ctx.db.kysely) : undefined;
  if (r) {
    const visitedOn = addDays(r.returnedOn as PlainDate, 20);
    if (visitedOn <= today) {
      await recordFollowUp(ctx, systemActor(SEED_ACTOR), r.id, {
        visitedOn,
        party: 'hukou_civil_affairs',
        visitorName: '户籍地民政所 周干事',
        method: 'phone',
        situation: '已回到家中，与家人同住，情绪稳定',
        atHome: true,
        needs: ['dibao'],
        close: false,
        closedReason: null,
      });
    }
  }
}
