/**
 * Synthetic 寻亲 data: missing-person reports and family queries describing one of them with the
 * noise of §7 (homophone hanzi, the region's dialect merger applied to the heard name (30 %), age
 * error up to ±5 years, partial features), with the gold report of every query.
 */
import { pinyin } from 'pinyin-pro';
import type { FamilySearchQuery, FamilySearchRecord } from '../search/family-index';
import { createSyllableMerger, dialectProfile, PROVINCE_DIALECT } from '../normalize/dialect';
import { splitSurname } from '../normalize/name-pinyin';
import { charsForSyllable, corruptName, MODERN_RATES } from './corruption';
import { HUNAN_COUNTIES, NATIONAL_COUNTIES } from './divisions';
import { samplePersonName } from './person-name';
import { createRng } from './rng';

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
  '被抱走时三岁左右',
  '记得爷爷姓',
  '耳垂有痣',
  '腰部有胎记',
  '近视',
  '左撇子',
  '有兔唇修复痕迹',
  '额头有伤疤',
];

export interface FamilyData {
  /** Missing-person reports; record i has id String(i). */
  reports: FamilySearchRecord[];
  queries: FamilySearchQuery[];
  /** gold[i] = report row (and id) that query i describes. */
  gold: Int32Array;
  /** True where the query name had the dialect merger applied. */
  dialectNoise: Uint8Array;
}

export const FAMILY_SIZES = {
  small: { reports: 20_000, queries: 500 },
  full: { reports: 1_000_000, queries: 2_000 },
};

export function generateFamilySearch(options: {
  reports: number;
  queries: number;
  seed?: number;
  asOfYear?: number;
  dialectRate?: number;
}): FamilyData {
  const rng = createRng(options.seed ?? 99);
  const asOfYear = options.asOfYear ?? 2024;
  const reports: FamilySearchRecord[] = [];
  for (let i = 0; i < options.reports; i++) {
    const sex = rng.chance(0.6) ? 'male' : 'female';
    const lossYear = rng.intBetween(1975, 2023);
    const ageAtLoss = rng.chance(0.8) ? rng.intBetween(0, 12) : rng.intBetween(13, 70);
    const county = rng.chance(0.7) ? rng.pick(HUNAN_COUNTIES) : rng.pick(NATIONAL_COUNTIES);
    const features = Array.from({ length: rng.intBetween(1, 3) }, () => rng.pick(FEATURES));
    reports.push({
      id: String(i),
      kind: 'missing-report',
      name: samplePersonName(rng, sex),
      sex,
      birthYear: lossYear - ageAtLoss,
      birthYearUncertainty: rng.intBetween(0, 2),
      divisionCode: String(county),
      features: features.join('，'),
    });
  }
  const queries: FamilySearchQuery[] = [];
  const gold = new Int32Array(options.queries);
  const dialectNoise = new Uint8Array(options.queries);
  const qrng = rng.fork('queries');
  for (let q = 0; q < options.queries; q++) {
    const row = qrng.int(reports.length);
    const report = reports[row]!;
    gold[q] = row;
    let name = corruptName(report.name!, qrng, { ...MODERN_RATES, homophone: 0.3, traditional: 0.02 });
    const county = Number(report.divisionCode);
    const profile = PROVINCE_DIALECT[String(county).slice(0, 2)] ?? 'heavy';
    if (qrng.chance(options.dialectRate ?? 0.3)) {
      dialectNoise[q] = 1;
      const merge = createSyllableMerger(dialectProfile(profile)?.mergers ?? []);
      const [surname, given] = splitSurname(name);
      const syllables = [...surname, ...given].map((ch) => merge(pinyin(ch, { toneType: 'none', v: true })));
      // Half of the families write what they heard with some hanzi of that sound, half type pinyin.
      const hanzi = syllables.map((s) => charsForSyllable(s));
      name =
        qrng.chance(0.5) && hanzi.every((c) => c.length > 0)
          ? hanzi.map((c) => qrng.pick(c)).join('')
          : syllables.join(' ');
    }
    const trueAge = asOfYear - report.birthYear!;
    const features = (report.features ?? '').split('，');
    queries.push({
      name,
      sex: report.sex ?? null,
      age: { estimate: trueAge + qrng.intBetween(-5, 5), range: 5 },
      asOf: `${asOfYear}-07-01`,
      kinds: ['missing-report'],
      regionHints: [qrng.chance(0.7) ? String(county).slice(0, 4) : String(county).slice(0, 2)],
      dialect: profile,
      features: qrng.chance(0.6) ? qrng.pick(features) : null,
    });
  }
  return { reports, queries, gold, dialectNoise };
}
