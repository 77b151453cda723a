/**
 * Demo data of the rescue line's cases, residents and hotline calls (R6): about 60 cases across the demo
 * stations (R1 seeds the stations first), admitted through the intake service on their own past day
 * (`demoContextAt`), so the case numbers, the people index, the audit rows and every period line up with
 * the demo clock. The mix is realistic: identified adults who come and go within days (a few still in the
 * station past the 10-day limit), unidentified people with signs of mental disorder who stay (stranded
 * and long-term stranded), minors and women; plus hotline calls over the last four months, some older
 * than the retention period so the retention job has work on the first start.
 * Synthetic only: names are common Chinese names, resident ids are composed with valid check digits.
 * Idempotent: a second run finds its own rows (created by `rescue-demo-seed`) and does nothing.
 */
import {
  addDays,
  composeResidentId,
  isDomainError,
  newId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { rescueIntakeBody, type RescueIntakeBodyDto } from '@social-affairs/kernel/contracts/rescue';
import { createRng, type Rng } from '@social-affairs/linkage';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { demoContextAt } from '../seed/index';
import { anyCallCreatedBy, insertHotlineCall } from './hotline.repository';
import { activeStations, anyCaseCreatedBy } from './warnings.repository';
import { admitPerson } from './intake.service';
import { seedRescueActivity } from './rescue.demo-activity';

const SEED_ACTOR = 'rescue-demo-seed';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '宋',
  '郑',
  '谢',
  '唐',
  '邓',
  '彭',
  '曾',
  '肖',
  '田',
];
const MALE_GIVEN = [
  '建国',
  '志强',
  '国华',
  '永福',
  '德明',
  '海涛',
  '小军',
  '红兵',
  '春生',
  '金龙',
  '伟',
  '勇',
  '军',
  '平安',
  '新民',
  '振华',
  '文斌',
  '长青',
];
const FEMALE_GIVEN = [
  '秀英',
  '桂兰',
  '玉梅',
  '春花',
  '丽娟',
  '小红',
  '凤英',
  '淑珍',
  '美玲',
  '翠华',
  '雪梅',
  '芳',
];
/** Hukou counties of identified people: Hunan and the provinces many travellers come from. */
const HUKOU = [
  '430124',
  '430181',
  '430521',
  '430723',
  '431102',
  '431224',
  '433101',
  '360732',
  '421127',
  '522425',
  '510522',
  '450331',
  '411523',
];
const FOUND = [
  '长沙火车站南广场',
  '五一广场地下通道',
  '长沙汽车南站候车厅',
  '湘江风光带杜甫江阁附近',
  '黄兴路步行街',
  '解放西路天桥下',
  '芙蓉区人民医院门诊楼前',
  '岳麓区桐梓坡路公交站',
];
const FEATURES = [
  '左眉有黑痣',
  '右手背有烫伤疤痕',
  '门牙缺一颗',
  '头发花白、偏瘦',
  '左耳后有胎记',
  '说话带湘西口音',
  '右腿微跛',
  '额头有旧伤疤',
];
const CLOTHING = [
  '蓝色棉外套、黑色长裤、解放鞋',
  '灰色夹克、牛仔裤、运动鞋',
  '红色毛衣、黑色裤子、布鞋',
  '军绿色大衣、灰色裤子',
  '格子衬衣、深色长裤、拖鞋',
  '白色T恤、短裤、凉鞋',
];

interface Plan {
  kind: 'identified' | 'unidentified' | 'minor' | 'to_verify';
  sex: 'male' | 'female';
  daysAgo: number;
  mentalSigns: boolean;
}

/**
 * The case mix (60): identified adults mostly admitted in the last 10 days (4 still here past the limit),
 * unidentified people with signs of mental or intellectual disability over six months (stranded,
 * long-term), a few unnamed people admitted recently, minors and women throughout.
 */
function plans(rng: Rng): Plan[] {
  const out: Plan[] = [];
  const sex = (pFemale: number): Plan['sex'] => (rng.chance(pFemale) ? 'female' : 'male');
  for (let i = 0; i < 22; i++)
    out.push({ kind: 'identified', sex: sex(0.3), daysAgo: rng.intBetween(0, 9), mentalSigns: false });
  for (let i = 0; i < 4; i++)
    out.push({ kind: 'identified', sex: sex(0.25), daysAgo: rng.intBetween(12, 20), mentalSigns: false });
  for (let i = 0; i < 6; i++)
    out.push({ kind: 'to_verify', sex: sex(0.3), daysAgo: rng.intBetween(1, 8), mentalSigns: false });
  for (let i = 0; i < 6; i++)
    out.push({ kind: 'minor', sex: sex(0.4), daysAgo: rng.intBetween(0, 6), mentalSigns: false });
  // Stranded (11 days … 3 months) and long-term stranded (over 3 months, up to 6 months).
  for (let i = 0; i < 10; i++)
    out.push({ kind: 'unidentified', sex: sex(0.35), daysAgo: rng.intBetween(12, 88), mentalSigns: true });
  for (let i = 0; i < 9; i++)
    out.push({ kind: 'unidentified', sex: sex(0.35), daysAgo: rng.intBetween(95, 180), mentalSigns: true });
  for (let i = 0; i < 3; i++)
    out.push({ kind: 'unidentified', sex: sex(0.3), daysAgo: rng.intBetween(0, 5), mentalSigns: false });
  return out.sort((a, b) => b.daysAgo - a.daysAgo);
}

function intakeBody(
  rng: Rng,
  p: Plan,
  stationId: string,
  entryDate: PlainDate,
  seq: number,
): RescueIntakeBodyDto {
  const female = p.sex === 'female';
  const name = `${rng.pick(SURNAMES)}${rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN)}`;
  const given = p.kind === 'identified' || p.kind === 'to_verify' || p.kind === 'minor';
  let residentId: string | null = null;
  let estimatedAge: number | null = null;
  if (p.kind === 'identified') {
    const year = Number(entryDate.slice(0, 4)) - rng.intBetween(22, 68);
    const birth =
      `${year}-${String(rng.intBetween(1, 12)).padStart(2, '0')}-${String(rng.intBetween(1, 28)).padStart(2, '0')}` as PlainDate;
    // Sequence 700–999: away from the platform's demo people; odd for men, even for women.
    const s = 700 + ((seq * 2) % 298) + (female ? 0 : 1);
    residentId = composeResidentId(rng.pick(HUKOU), birth, s);
  } else {
    estimatedAge = p.kind === 'minor' ? rng.intBetween(7, 15) : rng.intBetween(25, 70);
  }
  const cannotGive = p.kind === 'unidentified' || p.kind === 'minor';
  const police = rng.chance(0.55);
  return {
    stationId,
    eligibility: cannotGive
      ? {
          canPayFoodLodging: null,
          hasRelativesToTurnTo: null,
          receivesSubsistence: null,
          situation: null,
          information: 'cannot_give',
        }
      : {
          canPayFoodLodging: false,
          hasRelativesToTurnTo: false,
          receivesSubsistence: false,
          situation: rng.pick([
            'vagrant_begging',
            'job_search_failed',
            'stranded_traveller',
            'lost',
          ] as const),
          information: 'given',
        },
    residentId,
    nameGiven: given ? name : null,
    sex: p.sex,
    estimatedAge,
    hukouAddress: residentId ? '（据本人陈述）' : null,
    vagrancyReason: cannotGive
      ? null
      : rng.pick([
          '外出务工未找到工作，钱已花光',
          '钱包被盗，无力返乡',
          '与家人争吵后离家',
          '来长沙看病，路费用尽',
        ]),
    civilCapacity: p.mentalSigns ? 'limited' : p.kind === 'minor' ? 'limited' : 'full',
    mentalSigns: p.mentalSigns,
    referralSource: police ? 'police' : rng.pick(['urban_management', 'self', 'public'] as const),
    policeUnit: police
      ? rng.pick([
          '长沙市公安局芙蓉分局五里牌派出所',
          '长沙铁路公安处长沙站派出所',
          '长沙市公安局雨花分局高桥派出所',
        ])
      : null,
    policeOfficer: police ? `${rng.pick(SURNAMES)}警官` : null,
    handoverAt: police ? `${entryDate}T01:30:00.000Z` : null,
    foundPlace: rng.pick(FOUND),
    foundOn: entryDate,
    heightCm: p.kind === 'minor' ? rng.intBetween(120, 160) : rng.intBetween(150, 180),
    health: p.mentalSigns ? '身体虚弱' : '一般',
    intellect: p.mentalSigns ? '疑似智力障碍' : '正常',
    mentalState: p.mentalSigns ? '言语不清，不能说明来历' : '稳定',
    features: rng.pick(FEATURES),
    clothing: rng.pick(CLOTHING),
    securityCheck: 'passed',
    caseworkerName: female
      ? rng.pick(['刘雪梅', '陈丽娟', '周小红'])
      : rng.pick(['王建军', '李志强', '刘雪梅']),
    caseworkerSex: female ? 'female' : rng.pick(['male', 'female'] as const),
  };
}

async function seedCases(ctx: CoreContext, stations: { id: string }[], today: PlainDate): Promise<void> {
  if (await anyCaseCreatedBy(ctx.db.kysely, SEED_ACTOR)) return;
  const rng = createRng(20260515);
  const actor = systemActor(SEED_ACTOR);
  let seq = 0;
  for (const p of plans(rng)) {
    const station = stations[seq % stations.length]!;
    const entryDate = addDays(today, -p.daysAgo);
    const body = rescueIntakeBody.parse(intakeBody(rng, p, station.id, entryDate, seq++));
    const at = demoContextAt(ctx, entryDate, rng.intBetween(8, 22), rng.intBetween(0, 59));
    try {
      await admitPerson(at, actor, body);
    } catch (e) {
      // A synthetic resident id that happens to name a person already in care or deceased: skip it.
      if (isDomainError(e) && (e.code === 'RESCUE_CASE_ALREADY_OPEN' || e.code === 'RESCUE_PERSON_DECEASED'))
        continue;
      throw e;
    }
  }
}

async function seedHotline(
  ctx: CoreContext,
  stations: { id: string; divisionCode: string }[],
  today: PlainDate,
): Promise<void> {
  if (await anyCallCreatedBy(ctx.db.kysely, SEED_ACTOR)) return;
  const rng = createRng(20260601);
  const summaries: [RescueHotlineSeedCategory, string][] = [
    ['lead', '群众反映火车站南广场有一名老人露宿，衣着单薄，已通知街面巡查'],
    ['help_request', '外地务工人员钱包被盗，询问如何求助返乡，告知来站登记'],
    ['family_search', '家属询问走失的父亲（约70岁）是否在站，已核对在站人员并登记联系方式'],
    ['consultation', '市民咨询救助站接待时间和地址，已告知24小时接待'],
    ['lead', '城管队员反映天桥下有一名疑似智障青年，已派车接回'],
    ['help_request', '孕妇在汽车站无路费回家，已派员接站'],
    ['family_search', '外省救助站来电协查一名男子身份'],
    ['other', '来电无声，回拨未接通'],
  ];
  for (let i = 0; i < 48; i++) {
    const station = stations[i % stations.length]!;
    const day = addDays(today, -rng.intBetween(0, 125));
    const [category, summary] = rng.pick(summaries);
    const calledAt = new Date(
      Date.parse(`${day}T00:00:00.000Z`) + rng.intBetween(0, 86_399) * 1000 - 8 * 3_600_000,
    );
    const recordedOn = todayPlainDate(ctx.config.timeZone, calledAt);
    const recorded = category !== 'other';
    // Rows already past their retention are inserted as kept: the retention job purges them on its first run.
    await insertHotlineCall(ctx.db.kysely, {
      id: newId(),
      stationId: station.id,
      divisionCode: station.divisionCode,
      calledAt: calledAt.toISOString(),
      recordedOn,
      callerNumber: `1${rng.pick(['38', '39', '58', '86', '77'])}${String(rng.intBetween(0, 99_999_999)).padStart(8, '0')}`,
      durationSeconds: category === 'other' ? rng.intBetween(3, 20) : rng.intBetween(40, 900),
      category,
      summary,
      caseId: null,
      recordingRef: recorded
        ? `REC/${recordedOn.replaceAll('-', '/')}/${String(i + 1).padStart(4, '0')}.wav`
        : null,
      recordingStatus: recorded ? 'kept' : 'none',
      purgedAt: null,
      createdBy: SEED_ACTOR,
      createdAt: calledAt.toISOString(),
    });
  }
}

type RescueHotlineSeedCategory = 'help_request' | 'lead' | 'family_search' | 'consultation' | 'other';

/** The warnings concern's demo seed: cases (through intake) and hotline calls at the demo stations. */
export async function seedRescueDemo(ctx: CoreContext): Promise<void> {
  const stations = await activeStations(ctx.db.kysely);
  if (stations.length === 0) return;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  await seedCases(ctx, stations, today);
  await seedHotline(ctx, stations, today);
  await seedRescueActivity(ctx);
}
