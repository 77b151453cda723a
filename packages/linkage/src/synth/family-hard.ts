/**
 * A harder, seeded 寻亲 evaluation set over the three record kinds. Records are missing-person reports,
 * unidentified living people and unidentified deceased, each with the fields that kind has (birth year
 * or an age estimated when found, lost/found date and place, features, photo reference); stored names
 * carry record-side noise (形近 OCR errors, traditional characters, 小名 instead of the formal name).
 * Queries come from each kind and name the person in one of six ways — exact, homophone, pinyin,
 * dialect (the region's mergers, incl. non-Mandarin southern syllables such as fui / xuang / juang),
 * surname only, nickname (阿乐 / 小梅 / 乐乐 / given name only / 老三) — with the gold record id.
 */
import * as OpenCC from 'opencc-js/cn2t';
import { pinyin } from 'pinyin-pro';
import { createSyllableMerger, dialectProfile, PROVINCE_DIALECT } from '../normalize/dialect';
import { splitSurname } from '../normalize/name-pinyin';
import { SHAPE_GROUPS } from '../normalize/shape';
import type { FamilyRecordKind, FamilySearchQuery, FamilySearchRecord } from '../search/family-index';
import { charsForSyllable, corruptName, MODERN_RATES } from './corruption';
import { HUNAN_COUNTIES, NATIONAL_COUNTIES, siblingCounty } from './divisions';
import { samplePersonName } from './person-name';
import { createRng, type Rng } from './rng';

export const FAMILY_QUERY_KINDS = [
  'exact',
  'homophone',
  'pinyin',
  'dialect',
  'surname-only',
  'nickname',
] as const;
export type FamilyQueryKind = (typeof FAMILY_QUERY_KINDS)[number];

export interface HardFamilyData {
  records: FamilySearchRecord[];
  queries: FamilySearchQuery[];
  /** gold[i] = id of the record query i describes. */
  gold: string[];
  queryKind: FamilyQueryKind[];
}

const FEATURES = [
  '左眉有痣',
  '右手有疤痕',
  '额头有胎记',
  '说湖南话',
  '说四川话',
  '会说客家话',
  '左耳有缺口',
  '右脸有酒窝',
  '穿红色外套',
  '穿蓝色毛衣',
  '背绿色书包',
  '走路微跛',
  '左手六指',
  '门牙缺一颗',
  '头顶有两个旋',
  '后颈有红色胎记',
  '下巴有痣',
  '右腿有烫伤',
  '小时候爱唱歌',
  '家门口有池塘',
  '记得村里有座桥',
  '家附近有火车站',
  '耳垂有痣',
  '腰部有胎记',
  '近视',
  '左撇子',
  '有兔唇修复痕迹',
  '额头有伤疤',
  '右肩有纹身',
  '左腿有钢钉',
  '牙齿不齐',
  '眼角有疤',
  '说客家话',
  '说粤语',
  '智力残疾',
  '听力障碍',
];

/** Southern renderings of Mandarin syllables that are not Mandarin themselves (Hakka, Xiang, Min …). */
const SOUTHERN_HEARD: Readonly<Record<string, readonly string[]>> = {
  hui: ['fui'],
  hua: ['fua'],
  huan: ['fuan'],
  huang: ['fuang'],
  zhuang: ['juang'],
  shuang: ['xuang'],
  chuang: ['quang'],
  feng: ['fong'],
  zhong: ['jong', 'zung'],
  hong: ['hung'],
  dong: ['dung'],
  tong: ['tung'],
  long: ['lung'],
  fei: ['fi'],
};

const NICK_ORDINALS = '大二三四五六七八九幺';

let s2t: ((text: string) => string) | undefined;
const shapeSiblings = new Map<string, string[]>();
for (const group of SHAPE_GROUPS)
  for (const c of group)
    shapeSiblings.set(
      c,
      [...group].filter((x) => x !== c),
    );

function syllablesOf(name: string): string[] {
  const [surname, given] = splitSurname(name);
  const sur = pinyin(surname, { toneType: 'none', surname: 'head', type: 'array', v: true });
  const giv = given === '' ? [] : pinyin(given, { toneType: 'none', type: 'array', v: true });
  return [...sur, ...giv];
}

/** A stored name: the truth with record-side noise (OCR shape error, traditional, 小名). */
function recordedName(truth: string, rng: Rng, allowNickname: boolean): string {
  const [surname, given] = splitSurname(truth);
  if (allowNickname && rng.chance(0.08)) {
    const last = [...given].at(-1) ?? given;
    const form = rng.int(3);
    return form === 0 ? '小' + last : form === 1 ? '阿' + last : last + last;
  }
  if (rng.chance(0.04)) {
    const chars = [...given];
    const candidates = chars
      .map((c, i) => [i, shapeSiblings.get(c) ?? []] as const)
      .filter(([, o]) => o.length);
    if (candidates.length > 0) {
      const [i, options] = rng.pick(candidates);
      chars[i] = rng.pick(options);
      return surname + chars.join('');
    }
  }
  if (rng.chance(0.05)) {
    s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
    return s2t(truth);
  }
  return truth;
}

function formatDay(year: number, rng: Rng): string {
  return `${year}-${String(rng.intBetween(1, 12)).padStart(2, '0')}-${String(rng.intBetween(1, 28)).padStart(2, '0')}`;
}

function hanziOfSyllables(syllables: readonly string[], rng: Rng): string | undefined {
  const chars = syllables.map((s) => charsForSyllable(s));
  return chars.every((c) => c.length > 0) ? chars.map((c) => rng.pick(c)).join('') : undefined;
}

export function generateHardFamilySearch(options: {
  records: number;
  queries: number;
  seed?: number;
}): HardFamilyData {
  const rng = createRng(options.seed ?? 20240611);
  const records: FamilySearchRecord[] = [];
  const truths: { name: string; birthYear: number; county: number; lostYear: number }[] = [];
  for (let i = 0; i < options.records; i++) {
    const sex = rng.chance(0.6) ? 'male' : 'female';
    const lostYear = rng.intBetween(1980, 2023);
    const ageAtLoss = rng.chance(0.7) ? rng.intBetween(0, 12) : rng.intBetween(13, 75);
    const birthYear = lostYear - ageAtLoss;
    const county = rng.chance(0.7) ? rng.pick(HUNAN_COUNTIES) : rng.pick(NATIONAL_COUNTIES);
    const truth = samplePersonName(rng, sex);
    const roll = rng.next();
    const kind: FamilyRecordKind =
      roll < 0.5 ? 'missing-report' : roll < 0.85 ? 'unidentified-living' : 'unidentified-deceased';
    const features = Array.from({ length: rng.intBetween(1, 3) }, () => rng.pick(FEATURES)).join('，');
    const id = `${kind.slice(0, 1)}${i}`;
    if (kind === 'missing-report') {
      records.push({
        id,
        kind,
        name: recordedName(truth, rng, true),
        sex,
        birthYear: birthYear + (rng.chance(0.2) ? rng.intBetween(-1, 1) : 0),
        birthYearUncertainty: rng.intBetween(0, 2),
        eventDate: formatDay(lostYear, rng),
        divisionCode: String(county),
        features,
        photoRef: rng.chance(0.5) ? `photo/${id}.jpg` : null,
      });
    } else {
      const foundYear = Math.min(2024, lostYear + rng.intBetween(0, 25));
      const age = foundYear - birthYear;
      const err = age < 18 ? 2 : kind === 'unidentified-deceased' ? 6 : 4;
      const place = rng.chance(0.5)
        ? county
        : rng.chance(0.6)
          ? siblingCounty(county, (n) => rng.int(n))
          : rng.pick(HUNAN_COUNTIES);
      const named = kind === 'unidentified-living' ? rng.chance(0.7) : rng.chance(0.4);
      records.push({
        id,
        kind,
        name: named ? recordedName(truth, rng, kind === 'unidentified-living') : null,
        sex,
        estimatedAge: {
          estimate: Math.max(0, age + rng.intBetween(-err, err)),
          range: err,
          asOf: formatDay(foundYear, rng),
        },
        eventDate: formatDay(foundYear, rng),
        divisionCode: String(place),
        features,
        photoRef: `photo/${id}.jpg`,
      });
    }
    truths.push({ name: truth, birthYear, county, lostYear });
  }

  const qrng = rng.fork('queries');
  const queries: FamilySearchQuery[] = [];
  const gold: string[] = [];
  const queryKind: FamilyQueryKind[] = [];
  const named = records.map((r, i) => (r.name ? i : -1)).filter((i) => i >= 0);
  for (let q = 0; q < options.queries; q++) {
    const kind = FAMILY_QUERY_KINDS[q % FAMILY_QUERY_KINDS.length]!;
    const row = qrng.pick(named);
    const record = records[row]!;
    const truth = truths[row]!;
    const [surname, given] = splitSurname(truth.name);
    const county = truth.county;
    const profile = PROVINCE_DIALECT[String(county).slice(0, 2)] ?? 'heavy';
    let name: string;
    switch (kind) {
      case 'exact':
        name = truth.name;
        break;
      case 'homophone':
        name = corruptName(truth.name, qrng, { ...MODERN_RATES, homophone: 1, traditional: 0 });
        if (name === truth.name) {
          const h = hanziOfSyllables(syllablesOf(truth.name), qrng);
          name = h ?? name;
        }
        break;
      case 'pinyin': {
        const syl = syllablesOf(truth.name);
        name = qrng.chance(0.5) ? syl.join(' ') : syl[0] + ' ' + syl.slice(1).join('');
        break;
      }
      case 'dialect': {
        const merge = createSyllableMerger(dialectProfile(profile)?.mergers ?? []);
        const syl = syllablesOf(truth.name).map((s) => {
          const southern = SOUTHERN_HEARD[s];
          if (southern && qrng.chance(0.6)) return qrng.pick(southern);
          return merge(s);
        });
        const southern = syl.some((s, i) => s !== merge(syllablesOf(truth.name)[i]!));
        const hanzi = southern ? undefined : hanziOfSyllables(syl, qrng);
        name = hanzi && qrng.chance(0.5) ? hanzi : syl.join(' ');
        break;
      }
      case 'surname-only':
        name = surname;
        break;
      case 'nickname': {
        const chars = [...given];
        const last = chars.at(-1) ?? given;
        const roll = qrng.next();
        name =
          roll < 0.25
            ? '小' + last
            : roll < 0.45
              ? '阿' + last
              : roll < 0.65
                ? last + last
                : roll < 0.95
                  ? given
                  : '老' + qrng.pick([...NICK_ORDINALS]);
        break;
      }
    }
    // The query describes the person as the other side saw them.
    const fromKind: FamilyRecordKind =
      record.kind === 'missing-report'
        ? qrng.chance(0.6)
          ? 'unidentified-living'
          : 'unidentified-deceased'
        : 'missing-report';
    const asOfYear =
      fromKind === 'missing-report'
        ? truth.lostYear
        : Math.min(2024, truth.lostYear + qrng.intBetween(0, 20));
    const trueAge = asOfYear - truth.birthYear;
    const ageError = trueAge < 18 ? 2 : 5;
    const features = (record.features ?? '').split('，');
    const hintRoll = qrng.next();
    const hint =
      hintRoll < 0.6 ? String(county).slice(0, 4) : hintRoll < 0.9 ? String(county).slice(0, 2) : undefined;
    queries.push({
      name,
      sex: qrng.chance(0.95) ? (record.sex ?? null) : null,
      age: { estimate: Math.max(0, trueAge + qrng.intBetween(-ageError, ageError)), range: ageError },
      asOf: formatDay(asOfYear, qrng),
      regionHints: hint ? [hint] : [],
      dialect: kind === 'dialect' ? profile : undefined,
      features: qrng.chance(0.6) ? qrng.pick(features) : null,
      fromKind,
      ...(fromKind === 'missing-report' ? { lostOn: `${truth.lostYear}-01-01` } : {}),
    });
    gold.push(record.id);
    queryKind.push(kind);
  }
  return { records, queries, gold, queryKind };
}
