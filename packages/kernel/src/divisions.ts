import { z } from 'zod';
import { addressCodeName } from './address-codes';
import hunanData from './data/divisions-430000.json';
import { DomainError } from './errors';

export { addressCodeHistory, successorsOf } from './address-codes';

/**
 * Administrative divisions (GB/T 2260 codes at province, prefecture and county level; NBS 9-digit codes
 * for townships). The data is a registry of per-province files: Hunan is registered by default, and
 * another province is one more `registerDivisionData(json)` call with a file produced by
 * `scripts/generate-divisions.mjs --province PP`.
 */
export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
  /**
   * false for NBS statistical pseudo-units (county level, 5th digit 7: 开发区, 管理区…) and for
   * township-level units that are not townships (NBS codes 400–599: 农场, 林场, 监狱, 管理处…).
   */
  administrative: boolean;
}

export const HUNAN_PROVINCE_CODE = '430000';

const LEVELS: Record<1 | 2 | 3 | 4, DivisionLevel> = {
  1: 'province',
  2: 'prefecture',
  3: 'county',
  4: 'township',
};

const divisionDataFileSchema = z.object({
  provinceCode: z.string().regex(/^\d{2}0000$/),
  rows: z.array(
    z.tuple([
      z.string().regex(/^(\d{6}|\d{9})$/),
      z.string().min(1),
      z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      z.string().nullable(),
      z.union([z.literal(0), z.literal(1)]),
    ]),
  ),
});

/** The shape of `data/divisions-PP0000.json` (extra keys such as `_source` and `counts` are ignored). */
export type DivisionDataFile = z.infer<typeof divisionDataFileSchema>;

interface ProvinceData {
  byCode: Map<string, Division>;
  children: Map<string, Division[]>;
}

const provinces = new Map<string, ProvinceData>();

function invalidData(reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('invalid', 'DIVISION_DATA_INVALID', `行政区划数据格式不正确：${reason}`, details);
}

/**
 * Validates and registers one province's division file, replacing an earlier registration of the same
 * province. Throws DIVISION_DATA_INVALID if the file is malformed or inconsistent.
 */
export function registerDivisionData(json: unknown): void {
  const parsed = divisionDataFileSchema.safeParse(json);
  if (!parsed.success) throw invalidData('文件结构不符合要求', { issues: parsed.error.issues.slice(0, 5) });
  const { provinceCode, rows } = parsed.data;
  const prefix = provinceCode.slice(0, 2);
  const byCode = new Map<string, Division>();
  for (const [code, name, level, parentCode, administrative] of rows) {
    if (!code.startsWith(prefix)) throw invalidData(`代码 ${code} 不属于 ${provinceCode}`, { code });
    if (byCode.has(code)) throw invalidData(`代码 ${code} 重复`, { code });
    if ((level === 1) !== (parentCode === null)) throw invalidData(`代码 ${code} 的上级不正确`, { code });
    byCode.set(
      code,
      Object.freeze({ code, name, level: LEVELS[level], parentCode, administrative: administrative === 1 }),
    );
  }
  const root = byCode.get(provinceCode);
  if (root?.level !== 'province') throw invalidData(`缺少省级行 ${provinceCode}`, { code: provinceCode });
  const children = new Map<string, Division[]>();
  for (const d of byCode.values()) {
    if (d.parentCode === null) continue;
    const parent = byCode.get(d.parentCode);
    if (!parent) throw invalidData(`代码 ${d.code} 的上级 ${d.parentCode} 不存在`, { code: d.code });
    const siblings = children.get(parent.code) ?? [];
    siblings.push(d);
    children.set(parent.code, siblings);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  provinces.set(provinceCode, { byCode, children });
}

/** Removes a province from the registry (for tests and reloads); returns whether it was registered. */
export function unregisterDivisionData(provinceCode: string): boolean {
  return provinces.delete(provinceCode);
}

/** Province codes currently registered, ascending. */
export function registeredProvinceCodes(): string[] {
  return [...provinces.keys()].sort();
}

registerDivisionData(hunanData);

function provinceDataOf(code: string): ProvinceData | undefined {
  return provinces.get(`${code.slice(0, 2)}0000`);
}

export function getDivision(code: string): Division | undefined {
  return provinceDataOf(code)?.byCode.get(code);
}

export function childrenOf(code: string, opts: { includeNonAdministrative?: boolean } = {}): Division[] {
  const list = provinceDataOf(code)?.children.get(code) ?? [];
  return opts.includeNonAdministrative ? [...list] : list.filter((d) => d.administrative);
}

/**
 * The code's structural parent in the GB/T 2260 layout (PP CC DD [TTT]), used for codes that are not
 * registered, such as abolished county codes on old resident ids (430521 → 430500).
 */
function structuralParentCode(code: string): string | null {
  if (/^\d{9}$/.test(code)) return code.slice(0, 6);
  if (!/^\d{6}$/.test(code) || code.endsWith('0000')) return null;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

/** Ancestors, nearest first, up to the province. Unregistered codes get their structural ancestors. */
export function ancestorsOf(code: string): Division[] {
  const result: Division[] = [];
  let parentCode = getDivision(code)?.parentCode ?? structuralParentCode(code);
  while (parentCode !== null) {
    const parent = getDivision(parentCode);
    if (parent) {
      result.push(parent);
      parentCode = parent.parentCode;
    } else {
      parentCode = structuralParentCode(parentCode);
    }
  }
  return result;
}

/**
 * True if `code` is `scopeCode` or lies below it. Registered codes follow the registry; unregistered
 * codes (other provinces, abolished counties) fall back to the code prefix (PP0000 ⊃ PPCC00 ⊃ PPCCDD ⊃
 * PPCCDDTTT), which is the same relation for every registered row.
 */
export function within(code: string, scopeCode: string): boolean {
  if (code === scopeCode) return true;
  if (getDivision(code)) return ancestorsOf(code).some((a) => a.code === scopeCode);
  let parentCode = structuralParentCode(code);
  while (parentCode !== null) {
    if (parentCode === scopeCode) return true;
    parentCode = structuralParentCode(parentCode);
  }
  return false;
}

/** Registered divisions ordered by code; non-administrative units only when asked for. */
export function listDivisions(
  opts: { level?: DivisionLevel; within?: string; includeNonAdministrative?: boolean } = {},
): Division[] {
  const result: Division[] = [];
  const sources = opts.within !== undefined ? [provinceDataOf(opts.within)] : [...provinces.values()];
  for (const p of sources) {
    if (!p) continue;
    for (const d of p.byCode.values()) {
      if (opts.level !== undefined && d.level !== opts.level) continue;
      if (!opts.includeNonAdministrative && !d.administrative) continue;
      if (opts.within !== undefined && !within(d.code, opts.within)) continue;
      result.push(d);
    }
  }
  return result.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
}

/** The prefecture-level unit a code belongs to (itself for a prefecture); undefined for provinces. */
export function prefectureOf(code: string): Division | undefined {
  const self = getDivision(code);
  if (self?.level === 'prefecture') return self;
  return ancestorsOf(code).find((d) => d.level === 'prefecture');
}

/**
 * `'湖南省 / 长沙市 / 浏阳市'`. Abolished codes use their last historical name
 * (`430521` → `'湖南省 / 邵阳市 / 邵东县'`); a code nobody knows is returned as it is.
 */
export function divisionPath(code: string): string {
  const self = getDivision(code);
  const name = self?.name ?? (/^\d{6}$/.test(code) ? addressCodeName(code) : undefined);
  const names = ancestorsOf(code)
    .reverse()
    .map((d) => d.name);
  return name === undefined ? code : [...names, name].join(' / ');
}
