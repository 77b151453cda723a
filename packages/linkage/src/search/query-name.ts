/**
 * How 寻亲 reads a name: the query side (what a family says, as hanzi or heard pinyin) and the record
 * side (a report may hold a formal name or a 小名). A name yields one or more interpretations — full
 * name, surname alone, given name alone (小名 such as 阿乐 / 小梅 / 乐乐, or a fragment), an ordinal
 * nickname (老三) — plus warnings for parts that were mapped or not understood.
 */
import { createSyllableMerger, HEAVY_MERGERS, LIGHT_MERGERS, nearestSyllables } from '../normalize/dialect';
import { pinyin } from 'pinyin-pro';
import {
  analyzePersonName,
  COMPOUND_SURNAMES,
  givenCharReadings,
  pinyinSyllables,
  searchFold,
  splitSurname,
  type PersonNameAnalysis,
} from '../normalize/name-pinyin';
import { cleanNameText, normalizeNameText } from '../normalize/name-text';
import { SHAPE_GROUPS } from '../normalize/shape';

export type FamilySearchWarningCode =
  'SYLLABLE_MAPPED' | 'SYLLABLE_UNKNOWN' | 'NAME_NOT_UNDERSTOOD' | 'ORDINAL_NICKNAME';

export interface FamilySearchWarning {
  code: FamilySearchWarningCode;
  /** The part of the query the warning is about. */
  part: string;
  /** Chinese, for the caseworker. */
  message: string;
}

/** Prefixes of 小名: 阿乐, 小梅, 老三. None of them is taken as a surname when a name follows. */
export const NICKNAME_PREFIXES: ReadonlySet<string> = new Set(['阿', '小', '老']);
/** 老大 … 老幺: birth-order nicknames, which say next to nothing about the name. */
export const ORDINAL_CHARS: ReadonlySet<string> = new Set([...'大二三四五六七八九十幺']);
const PINYIN_PREFIXES = new Set(['a', 'xiao', 'lao']);
const ORDINAL_SYLLABLES: Readonly<Record<string, string>> = {
  da: '大',
  er: '二',
  san: '三',
  si: '四',
  wu: '五',
  liu: '六',
  qi: '七',
  ba: '八',
  jiu: '九',
  shi: '十',
  yao: '幺',
};

/** Keys of one name part (surname or given name) from its syllable slots. */
export interface PartKeys {
  /** Toneless pinyin of each reading combination ("hong mei"), usual first. */
  py: string[];
  /** Dialect-folded keys (every profile's mergers), as the index posts them. */
  search: string[];
  /** Folded key of every reading of every syllable, for fragment matches. */
  syllables: string[];
}

export type NameInterpretation =
  | { kind: 'full'; analysis: PersonNameAnalysis; given: PartKeys }
  /** `text`: the surname in (simplified) hanzi when the query gave hanzi. */
  | { kind: 'surname'; keys: PartKeys; text?: string }
  /** `text`: the given name (or fragment) in hanzi when the query gave hanzi. */
  | { kind: 'given'; keys: PartKeys; length: number; nickname: boolean; text?: string }
  | { kind: 'ordinal'; ordinal: string };

export interface QueryNameAnalysis {
  interpretations: NameInterpretation[];
  warnings: FamilySearchWarning[];
  understood: { surname?: string; given?: string; nickname?: boolean; syllables?: string[] };
}

const MAX_COMBOS = 8;

function combos(slots: readonly (readonly string[])[]): string[][] {
  let out: string[][] = [[]];
  for (const options of slots) {
    const next: string[][] = [];
    for (const c of out)
      for (const o of options.length > 0 ? options : ['?'])
        if (next.length < MAX_COMBOS) next.push([...c, o]);
    out = next;
  }
  return out;
}

export function partKeysOfSlots(slots: readonly (readonly string[])[]): PartKeys {
  const all = combos(slots);
  return {
    py: [...new Set(all.map((c) => c.join(' ')))],
    search: [...new Set(all.map((c) => c.map(searchFold).join(' ')))],
    syllables: [...new Set(slots.flatMap((s) => s.map(searchFold)))],
  };
}

const givenKeyCache = new Map<string, PartKeys>();
/** Keys of a hanzi given name (every reading of every character). */
export function givenKeys(given: string): PartKeys {
  let keys = givenKeyCache.get(given);
  if (!keys) {
    keys = partKeysOfSlots([...given].map((ch) => givenCharReadings(ch)));
    givenKeyCache.set(given, keys);
  }
  return keys;
}

/** 乐乐 → 乐 (a reduplicated given name is the same 小名 as its single character). */
export function foldReduplication(given: string): string {
  const chars = [...given];
  return chars.length === 2 && chars[0] === chars[1] ? chars[0]! : given;
}

export type RecordNameForm =
  | { kind: 'none' }
  | { kind: 'full'; analysis: PersonNameAnalysis; given: string }
  | { kind: 'nickname'; given: string }
  | { kind: 'ordinal'; ordinal: string };

function hanziNickname(chars: readonly string[]): RecordNameForm | undefined {
  if (chars.length >= 2 && chars.length <= 3 && NICKNAME_PREFIXES.has(chars[0]!)) {
    const rest = chars.slice(1);
    if (rest.length === 1 && ORDINAL_CHARS.has(rest[0]!)) return { kind: 'ordinal', ordinal: rest[0]! };
    return { kind: 'nickname', given: foldReduplication(rest.join('')) };
  }
  if (chars.length === 2 && chars[0] === chars[1]) return { kind: 'nickname', given: chars[0]! };
  return undefined;
}

/** How a record's name is held: a formal name, a 小名 (阿乐, 小梅, 乐乐) or an ordinal (老三). */
export function recordNameForm(raw: string | null | undefined): RecordNameForm {
  const clean = cleanNameText(raw);
  if (clean === '') return { kind: 'none' };
  const normalized = normalizeNameText(clean);
  const chars = [...normalized];
  if (chars.every((c) => /\p{Script=Han}/u.test(c))) {
    const nick = hanziNickname(chars);
    if (nick) return nick;
    const [, given] = splitSurname(normalized);
    return { kind: 'full', analysis: analyzePersonName(raw), given: foldReduplication(given) };
  }
  const analysis = analyzePersonName(raw);
  return { kind: 'full', analysis, given: analysis.given };
}

/** CJK ideographs (basic block, extension A, compatibility, extensions B+). */
function isHan(c: string): boolean {
  const code = c.codePointAt(0)!;
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code >= 0x20000
  );
}

const TYPED = /^[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü:'’\s-]+$/;

interface HeardSlot {
  heard: string;
  readings: string[];
  mapped: boolean;
}

/** What one heard syllable can look like: an initial, a vowel nucleus, a short coda. */
const SYLLABLE_SHAPE = /^(zh|ch|sh|hs|ts|tz|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(n|ng|r)?$/;

const pieceCache = new Map<string, { syllables: string[]; mapped: boolean }>();
function piece(p: string): { syllables: string[]; mapped: boolean } {
  let out = pieceCache.get(p);
  if (!out) {
    out = pinyinSyllables().has(p)
      ? { syllables: [p], mapped: false }
      : SYLLABLE_SHAPE.test(p)
        ? nearestSyllables(p)
        : { syllables: [], mapped: false };
    pieceCache.set(p, out);
  }
  return out;
}

/**
 * Splits heard pinyin into syllables, mapping non-Mandarin pieces (fui, xuang) to their nearest
 * Mandarin syllables. Cost per word: mapped pieces, plus zero-initial syllables inside a word (xuang is
 * one heard syllable, not xu'ang), then fewest syllables.
 */
export function segmentHeardPinyin(text: string): { slots: HeardSlot[]; unknown: string[] } {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ü|u:/g, 'v')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[\s'’\-·.]+/)
    .filter((w) => w !== '');
  const slots: HeardSlot[] = [];
  const unknown: string[] = [];
  const known = pinyinSyllables();
  for (const word of words) {
    if (known.has(word)) {
      slots.push({ heard: word, readings: [word], mapped: false });
      continue;
    }
    type Step = { cost: number; count: number; slots: HeardSlot[] };
    const best: (Step | undefined)[] = Array.from({ length: word.length + 1 }, () => undefined);
    best[0] = { cost: 0, count: 0, slots: [] };
    for (let i = 0; i < word.length; i++) {
      const from = best[i];
      if (!from) continue;
      for (let len = 1; len <= Math.min(7, word.length - i); len++) {
        const p = word.slice(i, i + len);
        // Interjection syllables (m, ng, hng) never stand in a name: fong is not fo'ng.
        if (!/[aeiouv]/.test(p)) continue;
        const r = piece(p);
        if (r.syllables.length === 0) continue;
        const cost = from.cost + (r.mapped ? 1 : 0) + (i > 0 && /^[aoe]/.test(p) ? 1 : 0);
        const count = from.count + 1;
        const current = best[i + len];
        if (!current || cost < current.cost || (cost === current.cost && count < current.count))
          best[i + len] = {
            cost,
            count,
            slots: [...from.slots, { heard: p, readings: r.syllables, mapped: r.mapped }],
          };
      }
    }
    const done = best[word.length];
    if (done) slots.push(...done.slots);
    else unknown.push(word);
  }
  return { slots, unknown };
}

const light = createSyllableMerger(LIGHT_MERGERS);
const heavy = createSyllableMerger(HEAVY_MERGERS);
let compoundPinyin: Set<string> | undefined;

/** The analysis of typed pinyin from its syllable slots (alternatives of mapped syllables included). */
function analysisOfSyllables(readings: readonly (readonly string[])[]): PersonNameAnalysis {
  compoundPinyin ??= new Set(
    COMPOUND_SURNAMES.map((c) =>
      pinyin(c, { toneType: 'none', surname: 'head', type: 'array', v: true }).join(''),
    ),
  );
  const usual = readings.map((r) => r[0]!);
  const surnameLength = usual.length >= 3 && compoundPinyin.has(usual[0]! + usual[1]!) ? 2 : 1;
  const all = combos(readings);
  const surnameCombos = combos(readings.slice(0, surnameLength));
  const keys = (f: (syllable: string) => string) => [...new Set(all.map((c) => c.map(f).join(' ')))];
  const normalized = usual.join(' ');
  return {
    clean: normalized,
    normalized,
    surname: usual.slice(0, surnameLength).join(' '),
    given: usual.slice(surnameLength).join(' '),
    fromPinyin: true,
    readings,
    surnameLength,
    pyKeys: keys((x) => x),
    lightKeys: keys(light),
    heavyKeys: keys(heavy),
    searchKeys: keys(searchFold),
    reorderKeys: [],
    shapeKey: normalized,
    surnameHeavy: usual.slice(0, surnameLength).map(heavy).join(' '),
    surnameSearchKeys: [...new Set(surnameCombos.map((c) => c.map(searchFold).join(' ')))],
    givenMultiset: usual.slice(surnameLength).sort().join(' '),
    surnameShape: normalized,
    jwText: usual.join(''),
  };
}

function surnameKeysOfHanzi(surname: string): PartKeys {
  const a = analyzePersonName(surname);
  return { py: a.pyKeys, search: a.surnameSearchKeys, syllables: a.surnameSearchKeys };
}

function notUnderstood(warnings: FamilySearchWarning[], text: string): void {
  warnings.push({
    code: 'NAME_NOT_UNDERSTOOD',
    part: text,
    message: `未能识别姓名“${text}”，已按性别、年龄、地区和特征查找`,
  });
}

/** Reads a family's name query. `surnameOnly` forces the surname reading of the first character. */
export function analyzeQueryName(raw: string | null | undefined, surnameOnly = false): QueryNameAnalysis {
  const warnings: FamilySearchWarning[] = [];
  const text = (raw ?? '').normalize('NFKC').trim();
  const out: QueryNameAnalysis = { interpretations: [], warnings, understood: {} };
  if (text === '') return out;
  if (TYPED.test(text)) {
    const { slots, unknown } = segmentHeardPinyin(text);
    for (const u of unknown)
      warnings.push({ code: 'SYLLABLE_UNKNOWN', part: u, message: `无法识别拼音“${u}”，已忽略这一部分` });
    for (const s of slots)
      if (s.mapped)
        warnings.push({
          code: 'SYLLABLE_MAPPED',
          part: s.heard,
          message: `“${s.heard}”不是普通话拼音，已按相近读音“${s.readings.join('/')}”查找`,
        });
    if (slots.length === 0) {
      notUnderstood(warnings, text);
      return out;
    }
    const readings = slots.map((s) => s.readings);
    out.understood.syllables = slots.map((s) => s.readings[0]!);
    const first = slots[0]!.readings;
    const single = (r: readonly string[]) => r.length === 1;
    const given = (from: number, nickname: boolean) => {
      let rest = readings.slice(from);
      if (rest.length === 2 && rest[0]!.join() === rest[1]!.join()) rest = [rest[0]!];
      out.interpretations.push({ kind: 'given', keys: partKeysOfSlots(rest), length: rest.length, nickname });
      out.understood.given = rest.map((r) => r[0]).join(' ');
      if (nickname) out.understood.nickname = true;
    };
    if (surnameOnly || slots.length === 1) {
      out.interpretations.push({ kind: 'surname', keys: partKeysOfSlots([first]) });
      out.understood.surname = first[0];
      if (!surnameOnly) given(0, false);
      return out;
    }
    const prefix = single(first) && PINYIN_PREFIXES.has(first[0]!) && slots.length <= 3;
    if (prefix) {
      const ordinal = slots.length === 2 ? ORDINAL_SYLLABLES[readings[1]![0]!] : undefined;
      if (ordinal && first[0] !== 'a') {
        out.interpretations.push({ kind: 'ordinal', ordinal });
        out.understood.nickname = true;
      } else given(1, true);
      if (first[0] === 'a') return out;
    }
    if (slots.length === 2 && readings[0]!.join() === readings[1]!.join()) given(0, true);
    else if (slots.length === 2 && !prefix) given(0, false);
    const merged = analysisOfSyllables(readings);
    const analysis = merged;
    const surnameLength = merged.surnameLength;
    out.interpretations.push({
      kind: 'full',
      analysis: merged,
      given: partKeysOfSlots(readings.slice(surnameLength)),
    });
    out.understood.surname ??= analysis.surname;
    if (!prefix) out.understood.given ??= analysis.given;
    return out;
  }

  // Hanzi.
  const base = analyzePersonName(text);
  const chars = [...base.normalized];
  const han = chars.filter(isHan);
  const other = han.length === chars.length ? '' : chars.filter((c) => !isHan(c)).join('');
  if (other !== '')
    warnings.push({ code: 'SYLLABLE_UNKNOWN', part: other, message: `无法识别“${other}”，已忽略这一部分` });
  if (han.length === 0) {
    notUnderstood(warnings, text);
    return out;
  }
  if (han.length === 1 && NICKNAME_PREFIXES.has(han[0]!) && !surnameOnly) {
    warnings.push({
      code: 'NAME_NOT_UNDERSTOOD',
      part: han[0]!,
      message: `“${han[0]}”是小名前缀，后面没有名字，已按性别、年龄、地区和特征查找`,
    });
    return out;
  }
  const name = han.join('');
  if (surnameOnly || han.length === 1) {
    const [surname] = surnameOnly ? splitSurname(name) : [name];
    const keys = surnameKeysOfHanzi(surname);
    out.interpretations.push({ kind: 'surname', keys, text: analyzePersonName(surname).normalized });
    out.understood.surname = surname;
    if (!surnameOnly) {
      out.interpretations.push({
        kind: 'given',
        keys: givenKeys(name),
        length: 1,
        nickname: false,
        text: analyzePersonName(name).normalized,
      });
      out.understood.given = name;
    }
    return out;
  }
  // A compound surname alone (欧阳, 司马) is read as the surname as well (issue 12, F1).
  if (han.length === 2 && COMPOUND_SURNAMES.includes(name)) {
    const slots = pinyin(name, { toneType: 'none', surname: 'head', type: 'array', v: true }).map((s) => [s]);
    const keys = partKeysOfSlots(slots);
    out.interpretations.push({ kind: 'surname', keys: { ...keys, syllables: keys.search }, text: name });
    out.understood.surname = name;
  }
  const nick = hanziNickname(han);
  if (nick?.kind === 'ordinal') {
    out.interpretations.push({ kind: 'ordinal', ordinal: nick.ordinal });
    out.understood.nickname = true;
    warnings.push({
      code: 'ORDINAL_NICKNAME',
      part: name,
      message: `“${name}”是排行称呼，不含名字，主要按性别、年龄、地区和特征排序`,
    });
    return out;
  }
  if (nick?.kind === 'nickname') {
    out.interpretations.push({
      kind: 'given',
      keys: givenKeys(nick.given),
      length: [...nick.given].length,
      nickname: true,
      text: nick.given,
    });
    out.understood = { given: nick.given, nickname: true };
    if (NICKNAME_PREFIXES.has(han[0]!)) return out;
  }
  const [surname, given] = splitSurname(name);
  const folded = foldReduplication(given);
  const analysis = folded === given && other === '' ? base : analyzePersonName(surname + folded);
  out.interpretations.push({ kind: 'full', analysis, given: givenKeys(folded) });
  if (folded !== given)
    out.interpretations.push({ kind: 'full', analysis: analyzePersonName(name), given: givenKeys(given) });
  if (han.length === 2 && !nick)
    out.interpretations.push({
      kind: 'given',
      keys: givenKeys(name),
      length: 2,
      nickname: false,
      text: name,
    });
  out.understood.surname ??= surname;
  out.understood.given ??= given;
  return out;
}

let shapeClass: Map<string, string> | undefined;
/**
 * 形近 key with the shape groups closed transitively (洪浩 / 浩浇 / 洁浩 form one class), so an OCR
 * confusion inside overlapping groups still lands on one key.
 */
export function closedShapeKey(text: string): string {
  if (!shapeClass) {
    const parent = new Map<string, string>();
    const find = (c: string): string => {
      let r = c;
      while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
      return r;
    };
    for (const group of SHAPE_GROUPS) {
      const chars = [...group];
      for (const c of chars) if (!parent.has(c)) parent.set(c, c);
      for (const c of chars.slice(1)) {
        const a = find(chars[0]!);
        const b = find(c);
        if (a !== b) parent.set(b < a ? a : b, b < a ? b : a);
      }
    }
    shapeClass = new Map([...parent.keys()].map((c) => [c, find(c)]));
  }
  let out = '';
  for (const c of text) out += shapeClass.get(c) ?? c;
  return out;
}
