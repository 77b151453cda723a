/**
 * Matching demo data (数据比对 / 寻亲) on top of the demo people: two external rolls written the way
 * real rolls are (ids left out, lunar birthdays written as Gregorian, names misread from handwriting,
 * a mistyped id digit, namesakes who are other people), a comparison job over each that has run and
 * yields pairs in both bands (fast-track and review), a few of them decided, and missing-person reports
 * registered over the last three years. Synthetic and deterministic: the same demo people and the same
 * day give the same data. Does nothing when any roll exists (a second start, or a real database).
 */
import {
  addDays,
  isPlainDate,
  plainDateParts,
  residentIdCheckDigit,
  type PlainDate,
} from '@social-affairs/kernel';
import { createRng, daysFromCivil, SHAPE_GROUPS, solarDaysToLunar, type Rng } from '@social-affairs/linkage';
import { systemActor, userActor, type Actor, type Role } from '../access/index';
import type { CoreContext } from '../context';
import { demoContextAt, monthsBefore } from '../seed/index';
import { demoAccount, demoRollPeople } from './demo-seed.repository';
import { changeMissingReportStatus, createMissingReport } from './family-search.service';
import { createJob, importRoll, listRolls, runJob, type RollRecordInput } from './jobs.service';
import { decidePair, listPairs } from './review.service';

/** The cremation roll the demo compares with the people index (also what the browser tests use). */
export const DEMO_CREMATION_ROLL = '殡仪馆火化名单';
/** The subsistence-allowance roll compared with the deceased in the index (payments to stop). */
export const DEMO_DIBAO_ROLL = '城乡低保对象名册';

/** How a roll record differs from the person it stands for. */
type Variation =
  | 'clean'
  | 'id-missing'
  | 'lunar'
  | 'shape'
  | 'id-typo'
  | 'homophone-lunar'
  | 'namesake'
  | 'stranger'
  // The birth day miscopied and no id: name, sex and county agree, the date only to the month (review).
  | 'day-off';

/** Kinds and counts of the cremation roll (about 100 records). */
const CREMATION_MIX: readonly [Variation, number][] = [
  ['clean', 34],
  ['id-missing', 8],
  ['lunar', 10],
  ['shape', 8],
  ['id-typo', 8],
  ['homophone-lunar', 6],
  ['namesake', 6],
  ['stranger', 12],
  ['day-off', 8],
];

/** Kinds and counts of the allowance roll compared with the deceased (about 40 records). */
const DIBAO_MIX: readonly [Variation, number][] = [
  ['clean', 10],
  ['id-missing', 4],
  ['lunar', 5],
  ['shape', 4],
  ['id-typo', 4],
  ['homophone-lunar', 3],
  ['stranger', 10],
  ['day-off', 5],
];

/** Common characters of Hunan names and a homophone a clerk may write instead. */
const HOMOPHONES: Readonly<Record<string, string>> = {
  伟: '玮',
  丽: '莉',
  芳: '方',
  华: '化',
  军: '君',
  明: '铭',
  英: '瑛',
  兰: '岚',
  红: '虹',
  平: '萍',
  秀: '绣',
  珍: '贞',
  玉: '钰',
  国: '帼',
  建: '健',
  志: '智',
  文: '雯',
  林: '琳',
  春: '椿',
  梅: '媚',
};

const SHAPE_SIBLINGS = new Map<string, string[]>();
for (const group of SHAPE_GROUPS)
  for (const c of group)
    SHAPE_SIBLINGS.set(
      c,
      [...group].filter((x) => x !== c),
    );

interface Person {
  name: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  residentId: string | null;
  divisionCode: string;
}

/** The lunar birthday of a Gregorian one, written as if it were Gregorian (null when that is no date). */
function lunarAsGregorian(birthDate: string): string | null {
  const { year, month, day } = plainDateParts(birthDate as PlainDate);
  const lunar = solarDaysToLunar(daysFromCivil(year, month, day));
  if (!lunar) return null;
  const text = `${lunar.year}-${String(lunar.month).padStart(2, '0')}-${String(lunar.day).padStart(2, '0')}`;
  return isPlainDate(text) && text !== birthDate ? text : null;
}

/** A name with one character replaced by a look-alike (handwriting or OCR), or null when none has one. */
function shapeVariant(name: string, rng: Rng): string | null {
  const chars = [...name];
  const options = chars.flatMap((c, i) => (SHAPE_SIBLINGS.has(c) ? [i] : []));
  if (options.length === 0) return null;
  const i = rng.pick(options);
  chars[i] = rng.pick(SHAPE_SIBLINGS.get(chars[i] as string) as string[]);
  return chars.join('');
}

function homophoneVariant(name: string): string | null {
  const out = [...name].map((c, i) => (i > 0 ? (HOMOPHONES[c] ?? c) : c)).join('');
  return out === name ? null : out;
}

/** One mistyped digit in the birth-date-free part of an id; the check digit then no longer fits. */
function idTypo(id: string, rng: Rng): string {
  const i = rng.pick([6, 7, 14, 15, 16]);
  const d = Number(id[i]);
  const typo = (d + 1 + rng.int(8)) % 10;
  return `${id.slice(0, i)}${typo}${id.slice(i + 1)}`;
}

/**
 * Another valid id with the same county, birth date and sex (the sequence keeps its parity) that is no
 * near miss of the first: a namesake who is someone else.
 */
function otherValidId(id: string): string {
  const seq = Number(id.slice(14, 17));
  const first17 = `${id.slice(0, 14)}${String((seq + 246) % 1000).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
}

/**
 * Builds a roll's records from people of the index: each person becomes one record with the variation
 * of its kind (a kind that does not apply to the person, e.g. a name with no look-alike, takes the next
 * person). Strangers are made-up people no one in the index matches.
 */
export function demoRollRecords(
  people: readonly Person[],
  mix: readonly [Variation, number][],
  rng: Rng,
  eventDate: (i: number) => string,
  refPrefix: string,
): RollRecordInput[] {
  const records: RollRecordInput[] = [];
  let at = 0;
  const take = (): Person | undefined => people[at++];
  for (const [kind, count] of mix) {
    for (let n = 0; n < count; n++) {
      let record: RollRecordInput | null = null;
      for (let tries = 0; tries < 20 && !record; tries++) {
        const p = take();
        if (!p) break;
        record = variation(p, kind, rng);
      }
      if (record) records.push(record);
    }
  }
  // A roll is in its own order (by its own number), not grouped by kind.
  for (let i = records.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [records[i], records[j]] = [records[j] as RollRecordInput, records[i] as RollRecordInput];
  }
  return records.map((r, i) => ({
    ...r,
    externalRef: `${refPrefix}${String(i + 1).padStart(4, '0')}`,
    eventDate: eventDate(i),
  }));
}

function variation(p: Person, kind: Variation, rng: Rng): RollRecordInput | null {
  const base: RollRecordInput = {
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    residentId: p.residentId,
    divisionCode: p.divisionCode,
  };
  switch (kind) {
    case 'clean':
      return base;
    case 'id-missing':
      return { ...base, residentId: null };
    case 'lunar': {
      const lunar = p.birthDate ? lunarAsGregorian(p.birthDate) : null;
      return lunar ? { ...base, birthDate: lunar, residentId: null } : null;
    }
    case 'shape': {
      const name = shapeVariant(p.name, rng);
      return name ? { ...base, name, residentId: null } : null;
    }
    case 'id-typo':
      return p.residentId ? { ...base, residentId: idTypo(p.residentId, rng) } : null;
    case 'homophone-lunar': {
      const name = homophoneVariant(p.name);
      const lunar = p.birthDate ? lunarAsGregorian(p.birthDate) : null;
      return name && lunar ? { ...base, name, birthDate: lunar, residentId: null } : null;
    }
    case 'namesake':
      return p.residentId ? { ...base, residentId: otherValidId(p.residentId) } : null;
    case 'day-off': {
      if (!p.birthDate) return null;
      const text = `${p.birthDate.slice(0, 8)}${String(p.birthDate.endsWith('01') ? 2 : Number(p.birthDate.slice(8, 10)) - 1).padStart(2, '0')}`;
      return isPlainDate(text) ? { ...base, birthDate: text, residentId: null } : null;
    }
    case 'stranger': {
      const year = 1935 + rng.int(50);
      return {
        name: `${p.name.slice(0, 1)}${rng.pick(['德', '桂', '振', '淑', '秋', '冬'])}${rng.pick(['生', '香', '元', '娥', '保', '凤'])}`,
        sex: rng.chance(0.5) ? 'male' : 'female',
        birthDate: `${year}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`,
        residentId: null,
        divisionCode: p.divisionCode,
      };
    }
  }
}

/** Missing-person reports (寻亲登记) the demo registers, by how many months ago. */
const DEMO_REPORTS: readonly {
  monthsAgo: number;
  name: string;
  sex: 'male' | 'female';
  birthYear: number;
  lostOn: string | null;
  lostDivisionCode: string;
  features: string;
  contactName: string;
  found?: string;
}[] = [
  {
    monthsAgo: 34,
    name: '黄小毛',
    sex: 'male',
    birthYear: 1983,
    lostOn: '1989-02-11',
    lostDivisionCode: '430523',
    features: '左耳垂有小孔，说邵阳话',
    contactName: '黄德顺',
    found: '经 DNA 比对确认，已与家人团聚',
  },
  {
    monthsAgo: 31,
    name: '谭桂英',
    sex: 'female',
    birthYear: 1956,
    lostOn: '2019-10-03',
    lostDivisionCode: '430321',
    features: '患阿尔茨海默病，走失时穿蓝色外套',
    contactName: '谭建国',
  },
  {
    monthsAgo: 27,
    name: '彭双喜',
    sex: 'male',
    birthYear: 1992,
    lostOn: '1996-06-18',
    lostDivisionCode: '431102',
    features: '额头有疤，说永州话',
    contactName: '彭志强',
  },
  {
    monthsAgo: 22,
    name: '曾满妹',
    sex: 'female',
    birthYear: 1979,
    lostOn: '1987-08-20',
    lostDivisionCode: '430922',
    features: '右手小指弯曲',
    contactName: '曾冬生',
    found: '经救助站比对，家属已到站认领',
  },
  {
    monthsAgo: 18,
    name: '龙佳佳',
    sex: 'female',
    birthYear: 2001,
    lostOn: '2005-01-27',
    lostDivisionCode: '433101',
    features: '后颈有红色胎记，会说苗语',
    contactName: '龙秀兰',
  },
  {
    monthsAgo: 14,
    name: '邓石头',
    sex: 'male',
    birthYear: 1948,
    lostOn: '2021-04-05',
    lostDivisionCode: '431181',
    features: '智力残疾，不识字，右腿跛行',
    contactName: '邓小平',
  },
  {
    monthsAgo: 9,
    name: '胡细伢子',
    sex: 'male',
    birthYear: 1986,
    lostOn: '1991-11-09',
    lostDivisionCode: '430602',
    features: '说岳阳话，小时候左臂烫伤',
    contactName: '胡金花',
  },
  {
    monthsAgo: 5,
    name: '罗翠兰',
    sex: 'female',
    birthYear: 1968,
    lostOn: '2024-12-14',
    lostDivisionCode: '430181',
    features: '精神障碍，常说要回娘家',
    contactName: '罗建华',
  },
  {
    monthsAgo: 2,
    name: '唐小宝',
    sex: 'male',
    birthYear: 2012,
    lostOn: null,
    lostDivisionCode: '430104',
    features: '自闭症，不会说话，穿黄色校服',
    contactName: '唐丽',
  },
];

/** Seeds the matching demo (see the module comment); the counts of what it wrote. */
export async function seedMatchingDemo(
  ctx: CoreContext,
): Promise<{ records: number; jobs: number; pairs: number; reports: number }> {
  const none = { records: 0, jobs: 0, pairs: 0, reports: 0 };
  const system = systemActor('demo-seed', '430000');
  if ((await listRolls(ctx, system)).length > 0) return none;
  const k = ctx.db.kysely;
  const account = await demoAccount(k, 'county_reviewer.province');
  const reviewer: Actor = account
    ? userActor(ctx.access, { ...account, role: account.role as Role })
    : system;
  const rng = createRng(20_260_513);
  const today = ctx.clock.now().toISOString().slice(0, 10) as PlainDate;

  // 殡仪馆火化名单: cremations of the last three months, imported last month.
  const alive = await demoRollPeople(k, 'alive', 400);
  const importedOn = addDays(monthsBefore(today, 1), 4);
  const cremation = demoRollRecords(
    alive,
    CREMATION_MIX,
    rng,
    (i) => addDays(importedOn, -1 - ((i * 7) % 85)),
    'HH',
  );
  await importRoll(demoContextAt(ctx, importedOn, 9, 30), reviewer, {
    source: DEMO_CREMATION_ROLL,
    records: cremation,
  });
  // 城乡低保对象名册: this quarter's recipients, compared with those the index knows to be deceased.
  const deceased = await demoRollPeople(k, 'deceased', 200);
  const dibaoOn = addDays(monthsBefore(today, 2), 10);
  const dibao = demoRollRecords(deceased, DIBAO_MIX, rng, () => dibaoOn, 'DB');
  await importRoll(demoContextAt(ctx, dibaoOn, 15, 0), reviewer, { source: DEMO_DIBAO_ROLL, records: dibao });

  let pairs = 0;
  const jobs = [
    {
      on: addDays(importedOn, 1),
      name: `火化名单与人口库核对（${plainDateParts(importedOn).year}年${plainDateParts(importedOn).month}月导入）`,
      left: { kind: 'people' as const, status: 'alive' as const },
      right: { kind: 'records' as const, source: DEMO_CREMATION_ROLL },
      reason: '身份证号码、姓名、出生日期一致，已调取火化证明',
    },
    {
      on: addDays(dibaoOn, 2),
      name: '低保对象死亡核查（人口库已故人员）',
      left: { kind: 'people' as const, status: 'deceased' as const },
      right: { kind: 'records' as const, source: DEMO_DIBAO_ROLL },
      reason: '人口库记载已死亡，经村（居）委会核实属实，通知低保窗口停发',
    },
  ];
  for (const j of jobs) {
    const at = demoContextAt(ctx, j.on, 14, 0);
    const job = await createJob(at, reviewer, {
      name: j.name,
      ruleSet: 'reverification',
      left: j.left,
      right: j.right,
    });
    await runJob(at, job.id);
    // The reviewer has worked through part of the fast-track band: confirmed a few, rejected one.
    const page = await listPairs(at, reviewer, { jobId: job.id, band: 'fast-track', page: 1, pageSize: 5 });
    pairs += page.total;
    for (const [i, p] of page.items.slice(0, 4).entries()) {
      await decidePair(demoContextAt(ctx, addDays(j.on, 1 + i), 10, 20 * i), reviewer, p.id, {
        decision: 'confirm',
        reason: j.reason,
      });
    }
    const review = await listPairs(at, reviewer, { jobId: job.id, band: 'review', page: 1, pageSize: 1 });
    pairs += review.total;
  }

  let reports = 0;
  for (const r of DEMO_REPORTS) {
    const on = addDays(monthsBefore(today, r.monthsAgo), 3 + r.monthsAgo);
    const at = demoContextAt(ctx, on, 11, 0);
    const report = await createMissingReport(at, reviewer, {
      name: r.name,
      sex: r.sex,
      birthYear: r.birthYear,
      lostOn: r.lostOn,
      lostDivisionCode: r.lostDivisionCode,
      features: r.features,
      contactName: r.contactName,
      contactPhone: `139${String(7310000 + reports * 1371).padStart(8, '0')}`,
    });
    reports++;
    if (r.found)
      await changeMissingReportStatus(demoContextAt(ctx, addDays(on, 40), 16, 0), reviewer, report.id, {
        status: 'found',
        reason: r.found,
      });
  }
  return { records: cremation.length + dibao.length, jobs: jobs.length, pairs, reports };
}
