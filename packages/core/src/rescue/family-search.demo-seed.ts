/**
 * Demo data of the family search (寻亲, issue 16): what a user trying the platform sees on the rescue
 * 寻亲 pages, the public /family-search page and the 寻亲候选 review tab. Runs in the family-feed part's
 * demo seed, after the intake demo and its activity have admitted and worked the demo cases, and after the
 * backfill has put the open unidentified ones in the family-search feed:
 * - 寻亲公告 (R-RES-09) issued through `issueSearchNotice` for the open cases whose identity is not
 *   confirmed, the day after entry by the station's staff (the newest admissions have none yet);
 * - missing-person reports (寻亲登记) describing six of those people the way families do — the name the
 *   person gave (自称) against the family's full name, a homophone typo, pinyin, a look-alike character,
 *   a birth year against the station's estimated age, the home county against the station's county,
 *   features in the family's words — two of them filed on the public page with consent to publish, plus
 *   two reports that match nobody; the named ones give strong candidates, the unnamed ones weaker ones;
 * - the candidates stored at once (`refreshFamilyCandidates`), one confirmed (the family recognised the
 *   person: `family.match-confirmed`, whose rescue subscriber starts a reunion once the dispatcher runs)
 *   and one rejected (a look-alike the family ruled out).
 * Everything is synthetic: invented names, phones 138-0000-xxxx, no resident ids. Idempotent: the reports
 * filed under this seed's actor name mark it as done; notices skip cases that have one, decisions run
 * only while no candidate is decided.
 */
import { addDays, childrenOf, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { analyzePersonName, SHAPE_GROUPS } from '@social-affairs/linkage';
import { systemActor, userActor, type Actor, type Role } from '../access/index';
import type { CoreContext } from '../context';
import {
  createMissingReport,
  decideFamilyCandidate,
  refreshFamilyCandidates,
  submitPublicReport,
} from '../matching/index';
import { demoInstant } from '../seed/index';
import {
  activeRescueStaff,
  anyCandidateDecided,
  anyReportCreatedBy,
  candidatesOfEntry,
  casesWithNotice,
  openUnidentifiedCasesCreatedBy,
  reportsCreatedBy,
  type DemoStaffRow,
  type FamilyDemoCaseRow,
} from './family-search.demo-seed.repository';
import { issueSearchNotice } from './search-notice.service';

/** This seed's actor name (reports filed at the counter; the idempotency mark). */
export const FAMILY_DEMO_ACTOR = 'rescue-family-demo';
/** The intake demo seed's actor name (rescue.demo-seed.ts): the cases this seed describes. */
const INTAKE_SEED_ACTOR = 'rescue-demo-seed';

/** `ctx` with a clock that reads `at` (advancing a second per call), never later than the real now. */
function contextAt(ctx: CoreContext, at: Date): CoreContext {
  let t = Math.min(at.getTime(), ctx.clock.now().getTime() - 60_000);
  return { ...ctx, clock: { now: () => new Date((t += 1_000)) } };
}

/** The staff account of the case's station (or of its county), else the seed's system actor. */
function staffFor(ctx: CoreContext, staff: readonly DemoStaffRow[], c: FamilyDemoCaseRow): Actor {
  const a =
    staff.find((s) => s.institutionId === c.stationId) ??
    staff.find((s) => !s.institutionId && s.divisionCode === c.divisionCode);
  return a ? userActor(ctx.access, { ...a, role: a.role as Role }) : systemActor(FAMILY_DEMO_ACTOR, '430000');
}

// ----- how families write names -----

/** Characters of common given names and a homophone a family member or clerk may write instead. */
const HOMOPHONES: Readonly<Record<string, string>> = {
  伟: '玮',
  明: '铭',
  德: '得',
  华: '化',
  军: '君',
  国: '帼',
  建: '健',
  志: '智',
  英: '瑛',
  红: '虹',
  兵: '斌',
  梅: '媚',
  龙: '隆',
  青: '清',
  强: '蔷',
};

const SHAPE_SIBLING = new Map<string, string>();
for (const group of SHAPE_GROUPS) {
  const chars = [...group];
  for (const [i, ch] of chars.entries()) SHAPE_SIBLING.set(ch, chars[(i + 1) % chars.length]!);
}

function replaceGivenChar(name: string, table: (ch: string) => string | undefined): string | null {
  const chars = [...name];
  for (let i = 1; i < chars.length; i++) {
    const other = table(chars[i]!);
    if (other) {
      chars[i] = other;
      return chars.join('');
    }
  }
  return null;
}

/** 黄伟 → 黄玮: one given-name character written as a homophone. */
const homophoneOf = (name: string) => replaceGivenChar(name, (ch) => HOMOPHONES[ch]);
/** 陈雪梅 → 陈雪海: one given-name character misread as a look-alike (handwriting, a blurred form). */
const lookAlikeOf = (name: string) => replaceGivenChar(name, (ch) => SHAPE_SIBLING.get(ch));

/** 朱振华 → Zhu Zhenhua (a relative's report transliterated by another system). */
function pinyinOf(name: string): string {
  const a = analyzePersonName(name);
  const syl = a.readings.map((r) => r[0] ?? '');
  const cap = (parts: string[]) => {
    const s = parts.join('');
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  return `${cap(syl.slice(0, a.surnameLength))} ${cap(syl.slice(a.surnameLength))}`;
}

/** The family's full name of someone who gave his 小名: 张小军 → 张建军 (小名小军). */
function fullNameOf(name: string): string {
  const chars = [...name];
  if (chars.length === 3 && chars[1] === '小') return `${chars[0]}建${chars[2]}`;
  if (chars.length === 2) return `${chars[0]}${chars[1]}生`;
  return `${chars[0]}${chars[1]}${chars[2] === '明' ? '亮' : '明'}`;
}

// ----- places -----

/** Another county of the same prefecture as `county` (the family's home near the station). */
function neighbourCounty(county: string, n: number): string {
  const siblings = childrenOf(`${county.slice(0, 4)}00`)
    .map((d) => d.code)
    .filter((c) => c !== county && c.length === 6 && !c.endsWith('00'));
  return siblings.length ? siblings[n % siblings.length]! : county;
}

/** Home counties far from the stations (people who wandered a long way). */
const FAR_COUNTIES = ['431224', '430723', '431121', '433101', '430524', '431028'] as const;

// ----- the reports -----

interface DemoReport {
  /** The case described (null: a report that matches nobody). */
  target: FamilyDemoCaseRow | null;
  name: string;
  sex: 'male' | 'female';
  birthYear: number;
  lostOn: PlainDate;
  lostCounty: string;
  features: string;
  contactName: string;
  /** Filed by the family on the public page, published with its consent. */
  publicConsent: boolean;
  role: 'confirm' | 'reject-other' | null;
}

const yearOf = (d: string) => Number(d.slice(0, 4));
const ageOf = (c: FamilyDemoCaseRow) =>
  c.estimatedAge ?? (c.birthDate ? yearOf(c.entryDate) - yearOf(c.birthDate) : 40);
const surnameOf = (name: string) => [...name][0]!;
/** 灰色夹克、牛仔裤、运动鞋 → 走失时穿灰色夹克、牛仔裤 (the family remembers the clothes, not the shoes). */
const clothesOf = (c: FamilyDemoCaseRow) =>
  c.clothing ? `走失时穿${c.clothing.split('、').slice(0, 2).join('、')}` : '';
/** Phrases joined the way a clerk types them, the empty ones left out. */
const phrases = (...parts: string[]) => parts.filter((p) => p.trim()).join('，');

/** Six described people and two strangers, from the demo's open unidentified cases (oldest first). */
function planReports(cases: readonly FamilyDemoCaseRow[], today: PlainDate): DemoReport[] {
  const named = cases.filter((c) => c.nameGiven);
  const adults = named.filter((c) => ageOf(c) >= 18);
  const minors = named.filter((c) => ageOf(c) < 18);
  const unnamed = cases.filter((c) => !c.nameGiven);
  const used = new Set<string>();
  const take = (list: readonly FamilyDemoCaseRow[], ok: (c: FamilyDemoCaseRow) => boolean = () => true) => {
    const c = list.find((x) => !used.has(x.id) && ok(x)) ?? list.find((x) => !used.has(x.id));
    if (c) used.add(c.id);
    return c;
  };
  const lostBefore = (c: FamilyDemoCaseRow, days: number) =>
    addDays((c.foundOn ?? c.entryDate) as PlainDate, -days);
  const born = (c: FamilyDemoCaseRow, off: number) => yearOf(c.entryDate) - ageOf(c) + off;
  const out: DemoReport[] = [];

  // 1. The name he gave is his name; the family's birth year is a year off the station's estimate, and
  //    he was lost far from home. Confirmed below: the family recognised him on the notice.
  const a = take(adults);
  if (a)
    out.push({
      target: a,
      name: a.nameGiven!,
      sex: a.sex,
      birthYear: born(a, -1),
      lostOn: lostBefore(a, 26),
      lostCounty: FAR_COUNTIES[0],
      features: phrases(a.features ?? '', clothesOf(a), '右手虎口有老茧，说话带溆浦口音'),
      contactName: `${surnameOf(a.nameGiven!)}春林`,
      publicConsent: false,
      role: 'confirm',
    });
  // 2. A homophone in the given name (the family wrote 玮 for 伟), filed on the public page.
  const b = take(adults, (c) => homophoneOf(c.nameGiven!) !== null);
  if (b)
    out.push({
      target: b,
      name: homophoneOf(b.nameGiven!) ?? b.nameGiven!,
      sex: b.sex,
      birthYear: born(b, 2),
      lostOn: lostBefore(b, 9),
      lostCounty: neighbourCounty(b.divisionCode, 1),
      features: phrases(b.features ?? '', b.heightCm ? `身高约${b.heightCm}厘米` : '', clothesOf(b)),
      contactName: `${surnameOf(b.nameGiven!)}秋云`,
      publicConsent: true,
      role: null,
    });
  // 3. He gave his 小名; the family registered his full name.
  const c3 = take(adults, (c) => [...c.nameGiven!][1] === '小');
  if (c3)
    out.push({
      target: c3,
      name: fullNameOf(c3.nameGiven!),
      sex: c3.sex,
      birthYear: born(c3, 0),
      lostOn: lostBefore(c3, 40),
      lostCounty: FAR_COUNTIES[1],
      features: phrases(`小名${[...c3.nameGiven!].slice(1).join('')}`, c3.features ?? ''),
      contactName: `${surnameOf(c3.nameGiven!)}桂香`,
      publicConsent: false,
      role: null,
    });
  // 4. A child reported by a relative through another system: the name in pinyin.
  const d = take(minors);
  if (d)
    out.push({
      target: d,
      name: pinyinOf(d.nameGiven!),
      sex: d.sex,
      birthYear: born(d, 0),
      lostOn: lostBefore(d, 5),
      lostCounty: d.divisionCode,
      features: phrases(d.features ?? '', clothesOf(d), '离家时背蓝色书包'),
      contactName: `${surnameOf(d.nameGiven!)}海波`,
      publicConsent: false,
      role: null,
    });
  // 5. A child whose name the clerk misread (a look-alike character), filed on the public page.
  const e = take(minors, (c) => lookAlikeOf(c.nameGiven!) !== null);
  if (e)
    out.push({
      target: e,
      name: lookAlikeOf(e.nameGiven!) ?? e.nameGiven!,
      sex: e.sex,
      birthYear: born(e, 1),
      lostOn: lostBefore(e, 3),
      lostCounty: neighbourCounty(e.divisionCode, 2),
      features: phrases(e.features ?? '', '穿校服'),
      contactName: `${surnameOf(e.nameGiven!)}丽华`,
      publicConsent: true,
      role: null,
    });
  // 6, 7. People who could not say their name: the family's name means nothing to the station, so
  //    only age, place and features compare (weaker candidates, among them look-alikes).
  const f = take(unnamed, (c) => c.sex === 'female' && ageOf(c) >= 55);
  if (f)
    out.push({
      target: f,
      name: '邹玉兰',
      sex: f.sex,
      birthYear: born(f, -3),
      lostOn: lostBefore(f, 12),
      lostCounty: neighbourCounty(f.divisionCode, 0),
      features: phrases(f.features ?? '', '有老年痴呆，记不清家在哪里'),
      contactName: '邹国庆',
      publicConsent: false,
      role: 'reject-other',
    });
  const g = take(unnamed, (c) => c.sex === 'male' && (c.features ?? '').includes('湘西'));
  if (g)
    out.push({
      target: g,
      name: '向东生',
      sex: g.sex,
      birthYear: born(g, 2),
      lostOn: lostBefore(g, 60),
      lostCounty: FAR_COUNTIES[3],
      features: phrases(g.features ?? '', '智力偏低，只会说几句普通话'),
      contactName: '向秀兰',
      publicConsent: false,
      role: null,
    });
  // 8, 9. Families whose relative is in none of the demo stations.
  const ty = yearOf(today);
  out.push(
    {
      target: null,
      name: '向春兰',
      sex: 'female',
      birthYear: 1938,
      lostOn: addDays(today, -75),
      lostCounty: '430821',
      features: '驼背，拄一根竹拐杖，说张家界话',
      contactName: '覃光明',
      publicConsent: true,
      role: null,
    },
    {
      target: null,
      name: '邓家豪',
      sex: 'male',
      birthYear: ty - 22,
      lostOn: addDays(today, -33),
      lostCounty: '431002',
      features: '戴黑框眼镜，左前臂有龙形纹身',
      contactName: '邓美华',
      publicConsent: false,
      role: null,
    },
  );
  return out;
}

// ----- the seed -----

async function issueNotices(
  ctx: CoreContext,
  cases: readonly FamilyDemoCaseRow[],
  staff: readonly DemoStaffRow[],
  today: PlainDate,
): Promise<number> {
  const have = await casesWithNotice(
    ctx.db.kysely,
    cases.map((c) => c.id),
  );
  // The station issues the notice the day after entry: the newest admissions have none yet.
  const due = cases
    .filter((c) => !have.has(c.id) && addDays(c.entryDate as PlainDate, 1) < today)
    .map((c, i) => ({ c, at: demoInstant(addDays(c.entryDate as PlainDate, 1), 9, (i * 7) % 50) }))
    .sort((x, y) => x.at.getTime() - y.at.getTime());
  for (const { c, at } of due) await issueSearchNotice(contextAt(ctx, at), staffFor(ctx, staff, c), c.id);
  return due.length;
}

async function fileReports(ctx: CoreContext, plans: readonly DemoReport[], today: PlainDate): Promise<void> {
  const counter = systemActor(FAMILY_DEMO_ACTOR, '430000');
  for (const [i, r] of plans.entries()) {
    // The family comes a few days after the loss (never after today).
    const filedOn = addDays(r.lostOn, 2 + (i % 4));
    const at = contextAt(ctx, demoInstant(filedOn < today ? filedOn : today, 10 + (i % 6), 15));
    const phone = `1380000${String(1001 + i * 37).padStart(4, '0')}`;
    if (r.publicConsent) {
      await submitPublicReport(at, {
        name: r.name,
        sex: r.sex,
        birthYear: r.birthYear,
        lostOn: r.lostOn,
        lostCountyCode: r.lostCounty,
        features: r.features,
        contactName: r.contactName,
        contactPhone: phone,
        consentPublish: true,
      });
    } else {
      await createMissingReport(at, counter, {
        name: r.name,
        sex: r.sex,
        birthYear: r.birthYear,
        birthYearUncertainty: 2,
        lostOn: r.lostOn,
        lostDivisionCode: r.lostCounty,
        features: r.features,
        contactName: r.contactName,
        contactPhone: phone,
      });
    }
  }
}

/** Confirms the first described person's candidate and rejects a look-alike of another (see the top). */
async function decide(
  ctx: CoreContext,
  plans: readonly DemoReport[],
  cases: readonly FamilyDemoCaseRow[],
  staff: readonly DemoStaffRow[],
): Promise<void> {
  const db = ctx.db.kysely;
  if (await anyCandidateDecided(db)) return;
  const reports = await reportsCreatedBy(db, FAMILY_DEMO_ACTOR);
  const at = contextAt(ctx, new Date(ctx.clock.now().getTime() - 3 * 3_600_000));
  for (const p of plans) {
    if (!p.role || !p.target) continue;
    const report = reports.find((r) => r.name === p.name);
    if (!report) continue;
    const candidates = (await candidatesOfEntry(db, report.id)).filter((c) => c.status === 'open');
    const other = (c: { leftEntryId: string; rightEntryId: string }) =>
      c.leftEntryId === report.id ? c.rightEntryId : c.leftEntryId;
    if (p.role === 'confirm') {
      const pair = candidates.find((c) => other(c) === p.target!.id);
      if (pair)
        await decideFamilyCandidate(at, staffFor(ctx, staff, p.target), pair.id, {
          decision: 'confirm',
          reason: '家属看到寻亲公告后来电，经视频辨认并核对户口簿，确认系同一人',
        });
    } else {
      const pair = candidates.find((c) => other(c) !== p.target!.id);
      const lookAlike = pair && cases.find((c) => c.id === other(pair));
      if (pair && lookAlike)
        await decideFamilyCandidate(at, staffFor(ctx, staff, lookAlike), pair.id, {
          decision: 'reject',
          reason: '家属辨认照片后表示不是，年龄和口音也对不上',
        });
    }
  }
}

/** Seeds the family-search demo (see the top of the file); idempotent. */
export async function seedFamilySearchDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  const cases = await openUnidentifiedCasesCreatedBy(db, INTAKE_SEED_ACTOR);
  if (cases.length === 0) return;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const staff = await activeRescueStaff(db);
  await issueNotices(ctx, cases, staff, today);
  // Reports and candidates are the matching line's (ADR 0019): a rescue-only process has notices only.
  if (!ctx.lines.some((l) => l.name === 'matching')) return;
  const plans = planReports(cases, today);
  if (!(await anyReportCreatedBy(db, FAMILY_DEMO_ACTOR))) await fileReports(ctx, plans, today);
  await refreshFamilyCandidates(ctx);
  await decide(ctx, plans, cases, staff);
}
