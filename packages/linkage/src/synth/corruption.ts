/**
 * The corruption model of docs/linkage.md §7: what happens to a person's details between the truth
 * and a record of them, with rates per source kind.
 */
import * as OpenCC from 'opencc-js/cn2t';
import { pinyin } from 'pinyin-pro';
import { daysFromCivil, civilFromDays, solarDaysToLunar } from '../normalize/calendar';
import { residentIdCheckChar } from '../normalize/resident-id';
import { SHAPE_GROUPS } from '../normalize/shape';
import { splitSurname } from '../normalize/name-pinyin';
import { FEMALE_GIVEN_CHARS, MALE_GIVEN_CHARS } from './name-frequencies';
import type { Rng } from './rng';
import { siblingCounty } from './divisions';

export interface CorruptionRates {
  idMissing: number;
  id15: number;
  idTypo: number;
  idTransposition: number;
  homophone: number;
  shape: number;
  traditional: number;
  variantSurname: number;
  givenReorder: number;
  dobLunar: number;
  dobDayMonthSwap: number;
  dobYear: number;
  regionRecoded: number;
  dobMissing: number;
}

export const MODERN_RATES: CorruptionRates = {
  idMissing: 0.03,
  id15: 0,
  idTypo: 0.01,
  idTransposition: 0.005,
  homophone: 0.02,
  shape: 0,
  traditional: 0.02,
  variantSurname: 0.005,
  givenReorder: 0.003,
  dobLunar: 0.03,
  dobDayMonthSwap: 0.005,
  dobYear: 0.01,
  regionRecoded: 0.01,
  dobMissing: 0.05,
};

export const BACKFILL_RATES: CorruptionRates = {
  ...MODERN_RATES,
  idMissing: 0.25,
  id15: 0.1,
  shape: 0.01,
};

/** Registry records: mostly clean, a few legacy ids. */
export const REGISTRY_RATES: CorruptionRates = {
  idMissing: 0.02,
  id15: 0.02,
  idTypo: 0,
  idTransposition: 0,
  homophone: 0,
  shape: 0,
  traditional: 0,
  variantSurname: 0,
  givenReorder: 0,
  dobLunar: 0,
  dobDayMonthSwap: 0,
  dobYear: 0,
  regionRecoded: 0,
  dobMissing: 0,
};

/** Common characters used as homophone substitutes (besides the given-name lists). */
const HOMOPHONE_POOL =
  '张章彰樟李里理礼丽莉利力历立黎王汪旺望刘留流柳陈晨臣辰杨阳扬洋羊黄皇煌凰赵照召昭吴武伍午舞周舟州洲徐许' +
  '胡湖虎户朱珠株诸郭国果何河和合林琳霖临伟玮炜维薇微卫为芳方放房飞菲非霏华花化画军君均俊峻骏明鸣铭名敏民' +
  '平萍苹屏静晶精京经敬婷亭庭廷停霞侠峡夏红宏洪鸿虹宇雨语玉羽雪学薛梅美媚玫娟鹃涓杰洁捷婕燕艳彦雁宴颖英营' +
  '莹盈迎影海凯楷恺浩昊皓豪涛韬桃陶强墙蔷刚钢岗纲辉慧惠晖会卉波博勃柏斌彬宾滨超潮朝鹏朋彭磊雷蕾泪建健剑坚' +
  '新欣心馨鑫兰蓝岚澜云芸韵运月悦跃越岳文雯闻稳秀绣琴勤芹秦倩茜芬分纷春纯娜那纳丹单旦婉晚宛';

let homophoneIndex: Map<string, string[]> | undefined;
function homophones(ch: string): string[] {
  if (!homophoneIndex) {
    homophoneIndex = new Map();
    const pool = new Set([...HOMOPHONE_POOL, ...MALE_GIVEN_CHARS, ...FEMALE_GIVEN_CHARS]);
    for (const c of pool) {
      const key = pinyin(c, { toneType: 'none', v: true });
      const list = homophoneIndex.get(key) ?? [];
      list.push(c);
      homophoneIndex.set(key, list);
    }
  }
  const key = pinyin(ch, { toneType: 'none', v: true });
  return (homophoneIndex.get(key) ?? []).filter((c) => c !== ch);
}

/** Characters with the given toneless reading, from the homophone pool. */
export function charsForSyllable(syllable: string): string[] {
  homophones('一');
  return homophoneIndex?.get(syllable) ?? [];
}

let s2t: ((text: string) => string) | undefined;

const SURNAME_VARIANT_OF: Readonly<Record<string, string>> = {
  肖: '萧',
  萧: '肖',
  闫: '阎',
  阎: '闫',
  付: '傅',
  于: '於',
  钟: '锺',
};

const shapeSiblings = new Map<string, string[]>();
for (const group of SHAPE_GROUPS) {
  const chars = [...group];
  for (const c of chars)
    shapeSiblings.set(c, [...(shapeSiblings.get(c) ?? []), ...chars.filter((x) => x !== c)]);
}

/** Applies name corruptions; returns the recorded name. */
export function corruptName(name: string, rng: Rng, rates: CorruptionRates): string {
  let [surname, given] = splitSurname(name);
  let givenChars = [...given];
  if (givenChars.length > 0 && rng.chance(rates.homophone)) {
    const i = rng.int(givenChars.length);
    const options = homophones(givenChars[i]!);
    if (options.length > 0) givenChars[i] = rng.pick(options);
  }
  if (givenChars.length > 0 && rng.chance(rates.shape)) {
    const i = rng.int(givenChars.length);
    const options = shapeSiblings.get(givenChars[i]!) ?? [];
    if (options.length > 0) givenChars[i] = rng.pick(options);
  }
  if (givenChars.length === 2 && rng.chance(rates.givenReorder))
    givenChars = [givenChars[1]!, givenChars[0]!];
  if (rng.chance(rates.variantSurname)) surname = SURNAME_VARIANT_OF[surname] ?? surname;
  given = givenChars.join('');
  let out = surname + given;
  if (rng.chance(rates.traditional)) {
    s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
    out = s2t(out);
  }
  return out;
}

const DATE_FORMATS = [
  (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  (y: number, m: number, d: number) => `${y}年${m}月${d}日`,
  (y: number, m: number, d: number) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
  (y: number, m: number, d: number) => `${y}.${m}.${d}`,
  (y: number, m: number, d: number) => `${y}/${m}/${d}`,
];

/** Applies date corruptions to a true birth date (days) and formats it in a common style. */
export function corruptBirthDate(
  days: number,
  rng: Rng,
  rates: CorruptionRates,
  varyFormat: boolean,
): string | null {
  if (rng.chance(rates.dobMissing)) return null;
  let { year, month, day } = civilFromDays(days);
  if (rng.chance(rates.dobLunar)) {
    const lunar = solarDaysToLunar(days);
    if (lunar) ({ year, month, day } = lunar);
  } else if (rng.chance(rates.dobDayMonthSwap) && day <= 12 && day !== month) {
    [month, day] = [day, month];
  } else if (rng.chance(rates.dobYear)) {
    year += rng.chance(0.5) ? 1 : -1;
    if (month === 2 && day === 29) day = 28;
  }
  const format = varyFormat ? rng.pick(DATE_FORMATS) : DATE_FORMATS[0]!;
  return format(year, month, day);
}

/** Builds an 18-digit id with a valid check digit. */
export function composeResidentId(county: number, days: number, seq: number): string {
  const { year, month, day } = civilFromDays(days);
  const first17 =
    String(county).padStart(6, '0') +
    String(year).padStart(4, '0') +
    String(month).padStart(2, '0') +
    String(day).padStart(2, '0') +
    String(seq).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}

/** Applies id corruptions to a true 18-digit id. */
export function corruptResidentId(id: string, rng: Rng, rates: CorruptionRates): string | null {
  if (rng.chance(rates.idMissing)) return null;
  if (rng.chance(rates.regionRecoded)) {
    const county = siblingCounty(Number(id.slice(0, 6)), (n) => rng.int(n));
    const first17 = String(county) + id.slice(6, 17);
    id = first17 + residentIdCheckChar(first17);
  }
  if (rng.chance(rates.id15) && id.slice(6, 8) === '19') return id.slice(0, 6) + id.slice(8, 17);
  if (rng.chance(rates.idTypo)) {
    const i = rng.int(17);
    const digit = (Number(id[i]) + 1 + rng.int(9)) % 10;
    return id.slice(0, i) + String(digit) + id.slice(i + 1);
  }
  if (rng.chance(rates.idTransposition)) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const i = rng.int(16);
      if (id[i] !== id[i + 1]) return id.slice(0, i) + id[i + 1]! + id[i]! + id.slice(i + 2);
    }
  }
  return id;
}

export { daysFromCivil };
