/**
 * The SQL peer: the same blocking rules (in order, earlier-rule pairs excluded, oversized blocks split),
 * the same comparison levels as CASE expressions and the same weights, run by DuckDB over the same
 * columnar cache (exported as CSV of integer features). SQL is generated from the rule data.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BlockingRule, KeyPart, LinkageModel, NameTable, PeopleTable } from '@social-affairs/linkage';
import { KEY_PART_BITS, NO_DAY, weightTable, FIELDS, NAME_JW_THRESHOLD } from '@social-affairs/linkage';
import { writeLines } from './common.ts';

const MAX_LEVELS = 10;

/** SQL expression of a key part over table alias t (people) and n (its name row); NULL when missing. */
function partSql(part: KeyPart, t: string, n: string): string {
  switch (part) {
    case 'idKey':
      return `${t}.id_key`;
    case 'fragA':
      return `${t}.frag_a`;
    case 'fragB':
      return `${t}.frag_b`;
    case 'fragC':
      return `${t}.frag_c`;
    case 'sex':
      return `${t}.sex`;
    case 'dob':
      return `(${t}.dob + 65536)`;
    case 'birthYear':
      return `(${t}.birth_year - 1800)`;
    case 'birthMonth':
      return `((${t}.dob_ymd // 100) % 100)`;
    case 'winterYear':
      return `(CASE WHEN (${t}.dob_ymd // 100) % 100 >= 11 THEN ${t}.dob_ymd // 10000 - 1800
        WHEN (${t}.dob_ymd // 100) % 100 <= 2 THEN ${t}.dob_ymd // 10000 - 1801 END)`;
    case 'province':
      return `(${t}.county // 10000)`;
    case 'prefecture':
      return `(${t}.county // 100)`;
    case 'county':
      return `${t}.county`;
    case 'nameHeavy':
      return `${n}.heavy[1]`;
    case 'nameLight':
      return `${n}.light[1]`;
    case 'surnameHeavy':
      return `${n}.surname_heavy`;
    case 'givenMultiset':
      return `${n}.given_multiset`;
    case 'surnameShape':
      return `${n}.surname_shape`;
    case 'nameShape':
      return `${n}.shape`;
  }
}

function compositeSql(parts: readonly KeyPart[], t: string, n: string): string {
  let expr = '0::BIGINT';
  for (const p of parts) expr = `(${expr} * ${2 ** KEY_PART_BITS[p]}::BIGINT + ${partSql(p, t, n)})`;
  return expr;
}

function splitSql(parts: readonly KeyPart[], t: string, n: string): string {
  let expr = '0::BIGINT';
  for (const p of parts)
    expr = `(${expr} * ${2 ** (KEY_PART_BITS[p] + 1)}::BIGINT + coalesce(${partSql(p, t, n)} + 1, 0))`;
  return expr;
}

const listCell = (col: { offsets: Int32Array; values: Int32Array }, i: number) =>
  Array.from(col.values.subarray(col.offsets[i], col.offsets[i + 1])).join('|');

/** Writes the columnar cache as CSV files DuckDB reads (features only, no raw text). */
export async function exportFeatures(dir: string, left: PeopleTable, right: PeopleTable, names: NameTable) {
  const people = async (path: string, t: PeopleTable) =>
    writeLines(
      path,
      'row,name,sex,dob,dob_ymd,dob_lunar,birth_year,id_key,id_status,frag_a,frag_b,frag_c,county',
      async (w) => {
        const opt = (v: number, missing: number) => (v === missing ? '' : String(v));
        for (let i = 0; i < t.size; i++) {
          const key = t.idKey[i]!;
          await w(
            [
              i,
              opt(t.name[i]!, -1),
              opt(t.sex[i]!, 0),
              opt(t.dob[i]!, NO_DAY),
              opt(t.dobYmd[i]!, -1),
              opt(t.dobLunar[i]!, NO_DAY),
              opt(t.birthYear[i]!, 0),
              Number.isNaN(key) ? '' : String(key),
              t.idStatus[i]!,
              opt(t.fragA[i]!, -1),
              opt(t.fragB[i]!, -1),
              opt(t.fragC[i]!, -1),
              opt(t.county[i]!, -1),
            ].join(','),
          );
        }
      },
    );
  await people(`${dir}left-features.csv`, left);
  await people(`${dir}right-features.csv`, right);
  const decoder = new TextDecoder();
  await writeLines(
    `${dir}names.csv`,
    'id,normalized,shape,surname_heavy,given_multiset,surname_shape,py,reorder,light,heavy,jw',
    async (w) => {
      for (let i = 0; i < names.size; i++) {
        const jw = decoder.decode(names.jwBytes.subarray(names.jwOffsets[i], names.jwOffsets[i + 1]));
        await w(
          [
            i,
            names.normalized[i],
            names.shape[i],
            names.surnameHeavy[i],
            names.givenMultiset[i],
            names.surnameShape[i],
            listCell(names.py, i),
            listCell(names.reorder, i),
            listCell(names.light, i),
            listCell(names.heavy, i),
            jw === '' ? '_' : jw,
          ].join(','),
        );
      }
    },
  );
}

/** Loads the feature CSVs into DuckDB tables (not timed as linkage). */
export async function loadFeatures(con: DuckDBConnection, dir: string): Promise<void> {
  for (const side of ['left', 'right']) {
    await con.run(`CREATE OR REPLACE TABLE ${side}_people AS SELECT * FROM read_csv('${dir}${side}-features.csv', header=true,
      columns={'row':'INTEGER','name':'INTEGER','sex':'INTEGER','dob':'INTEGER','dob_ymd':'INTEGER','dob_lunar':'INTEGER',
      'birth_year':'INTEGER','id_key':'BIGINT','id_status':'INTEGER','frag_a':'BIGINT','frag_b':'BIGINT','frag_c':'BIGINT','county':'INTEGER'})`);
  }
  await con.run(`CREATE OR REPLACE TABLE names AS SELECT id, normalized, shape, surname_heavy, given_multiset, surname_shape,
      list_transform(string_split(py, '|'), x -> x::INTEGER) AS py,
      list_transform(string_split(reorder, '|'), x -> x::INTEGER) AS reorder,
      list_transform(string_split(light, '|'), x -> x::INTEGER) AS light,
      list_transform(string_split(heavy, '|'), x -> x::INTEGER) AS heavy,
      CASE WHEN jw = '_' THEN '' ELSE jw END AS jw
    FROM read_csv('${dir}names.csv', header=true, columns={'id':'INTEGER','normalized':'INTEGER','shape':'INTEGER',
      'surname_heavy':'INTEGER','given_multiset':'INTEGER','surname_shape':'INTEGER','py':'VARCHAR','reorder':'VARCHAR',
      'light':'VARCHAR','heavy':'VARCHAR','jw':'VARCHAR'})`);
  // 18-character id text for the one-edit level.
}

/** Key tables: every rule's composite and split keys per row, and which rows sit in split blocks. */
function keysSql(rules: readonly BlockingRule[], side: 'left' | 'right'): string {
  const cols = rules.flatMap((rule, k) => [
    `${compositeSql(rule.parts, 'p', 'n')} AS k${k}`,
    `${rule.splitParts ? splitSql(rule.splitParts, 'p', 'n') : '0::BIGINT'} AS s${k}`,
  ]);
  return `CREATE OR REPLACE TEMP TABLE ${side}_keys AS SELECT p.*, ${cols.join(', ')}
    FROM ${side}_people p LEFT JOIN names n ON n.id = p.name`;
}

function levelsSql(): string {
  const id18 = (t: string) =>
    `(lpad(${t}.frag_a::VARCHAR, 6, '0') || lpad(${t}.frag_b::VARCHAR, 8, '0') || lpad((${t}.frag_c // 11)::VARCHAR, 3, '0') || CASE WHEN ${t}.frag_c % 11 = 10 THEN 'X' ELSE (${t}.frag_c % 11)::VARCHAR END)`;
  const usable = (t: string) => `${t}.id_status IN (1, 2)`;
  const id17 = (t: string) => `left(${id18(t)}, 17)`;
  const seqSame = `l.frag_c // 11 = r.frag_c // 11`;
  const id = `CASE WHEN l.frag_a IS NULL OR r.frag_a IS NULL THEN 6
    WHEN ${usable('l')} AND ${usable('r')} THEN CASE WHEN l.id_key = r.id_key THEN 0
      WHEN l.frag_b = r.frag_b AND ${seqSame} THEN 2
      WHEN damerau_levenshtein(${id17('l')}, ${id17('r')}) <= 1 THEN 3 ELSE 5 END
    WHEN ((l.id_status = 3 AND ${usable('r')}) OR (r.id_status = 3 AND ${usable('l')}) OR (l.id_status = 3 AND r.id_status = 3))
      THEN CASE WHEN damerau_levenshtein(${id18('l')}, ${id18('r')}) <= 1 THEN 1
        WHEN l.frag_b = r.frag_b AND ${seqSame} THEN 2 ELSE 4 END
    ELSE 4 END`;
  const name = `CASE WHEN l.name IS NULL OR r.name IS NULL THEN 9 WHEN l.name = r.name THEN 0
    WHEN nl.normalized = nr.normalized THEN 1 WHEN list_has_any(nl.py, nr.py) THEN 2
    WHEN list_has_any(nl.reorder, nr.reorder) THEN 3 WHEN list_has_any(nl.light, nr.light) THEN 4
    WHEN list_has_any(nl.heavy, nr.heavy) THEN 5 WHEN nl.shape = nr.shape THEN 6
    WHEN jaro_winkler_similarity(nl.jw, nr.jw) >= ${NAME_JW_THRESHOLD} THEN 7 ELSE 8 END`;
  const y = (t: string) => `(${t}.dob_ymd // 10000)`;
  const m = (t: string) => `((${t}.dob_ymd // 100) % 100)`;
  const d = (t: string) => `(${t}.dob_ymd % 100)`;
  const dob = `CASE WHEN l.dob IS NULL OR r.dob IS NULL THEN 7 WHEN l.dob = r.dob THEN 0
    WHEN ${y('l')} = ${y('r')} AND ${m('l')} = ${d('r')} AND ${d('l')} = ${m('r')} THEN 1
    WHEN coalesce(l.dob_lunar = r.dob, false) OR coalesce(r.dob_lunar = l.dob, false) THEN 2
    WHEN ${y('l')} = ${y('r')} AND ${m('l')} = ${m('r')} THEN 3
    WHEN ${m('l')} = ${m('r')} AND ${d('l')} = ${d('r')} AND abs(${y('l')} - ${y('r')}) = 1 THEN 4
    WHEN abs(l.dob - r.dob) <= 366 THEN 5 ELSE 6 END`;
  const sex = `CASE WHEN l.sex IS NULL OR r.sex IS NULL THEN 2 WHEN l.sex = r.sex THEN 0 ELSE 1 END`;
  const region = `CASE WHEN l.county IS NULL OR r.county IS NULL THEN 4 WHEN l.county = r.county THEN 0
    WHEN l.county // 100 = r.county // 100 THEN 1 WHEN l.county // 10000 = r.county // 10000 THEN 2 ELSE 3 END`;
  return `${id} AS g_id, ${name} AS g_name, ${dob} AS g_dob, ${sex} AS g_sex, ${region} AS g_region`;
}

/** The full pipeline as one SQL statement producing (rule, l, r, weight, band, gammas). */
export function pipelineSql(
  rules: readonly BlockingRule[],
  model: LinkageModel,
  thresholds: { fastTrack: number; review: number },
  maxBlockPairs: number,
  where: string,
): string {
  const weights = weightTable(model);
  const list = (f: number) =>
    `[${Array.from({ length: MAX_LEVELS }, (_, k) => weights[f * MAX_LEVELS + k]!.toPrecision(17)).join(', ')}]`;
  const prior = Math.log2(model.lambda / (1 - model.lambda));
  const perRule = rules.map((rule, k) => {
    const earlier = Array.from(
      { length: k },
      (_, j) => `coalesce(l.k${j} = r.k${j} AND (NOT coalesce(l.x${j}, false) OR l.s${j} = r.s${j}), false)`,
    );
    return `SELECT ${k} AS rule, l.row AS l_row, r.row AS r_row FROM lx l JOIN rx r ON l.k${k} = r.k${k}
      WHERE (NOT coalesce(l.x${k}, false) OR l.s${k} = r.s${k})${earlier.length ? ` AND NOT (${earlier.join(' OR ')})` : ''}`;
  });
  const splitFlags = rules.map(
    (
      _,
      k,
    ) => `(SELECT k FROM (SELECT k${k} AS k, count(*) AS c FROM left_keys WHERE k${k} IS NOT NULL GROUP BY 1) a
      JOIN (SELECT k${k} AS k, count(*) AS c FROM right_keys WHERE k${k} IS NOT NULL GROUP BY 1) b USING (k)
      WHERE a.c * b.c > ${maxBlockPairs})`,
  );
  const flagCols = (side: string) =>
    rules.map((_, k) => `(${side}.k${k} IN ${splitFlags[k]}) AS x${k}`).join(', ');
  return `WITH lx AS (SELECT l.*, ${flagCols('l')} FROM left_keys l),
    rx AS (SELECT r.*, ${flagCols('r')} FROM right_keys r),
    cand AS (${perRule.join('\n UNION ALL ')}),
    g AS (SELECT c.rule, c.l_row, c.r_row, l.name AS l_name, ${levelsSql()}
      FROM cand c JOIN left_people l ON l.row = c.l_row JOIN right_people r ON r.row = c.r_row
      LEFT JOIN names nl ON nl.id = l.name LEFT JOIN names nr ON nr.id = r.name),
    s AS (SELECT g.*, ${prior.toPrecision(17)}
      + ${list(0)}[g_id + 1] + (CASE WHEN g_name = 0 THEN greatest(tf.w, ${list(1)}[2]) ELSE ${list(1)}[g_name + 1] END)
      + ${list(2)}[g_dob + 1] + ${list(3)}[g_sex + 1] + ${list(4)}[g_region + 1] AS weight
      FROM g LEFT JOIN name_tf tf ON tf.name = g.l_name),
    b AS (SELECT s.*, CASE WHEN 1 / (1 + pow(2, -weight)) >= ${thresholds.fastTrack}
        AND ((g_id = 0 AND (g_name <= 2 OR (g_dob = 0 AND g_name <= 7))) OR (g_name <= 6 AND g_dob IN (0, 2)
          AND (g_id IN (1, 2) OR (g_id = 6 AND g_sex = 0 AND g_region = 0)))) THEN 0
      WHEN 1 / (1 + pow(2, -weight)) >= ${thresholds.review} THEN 1 ELSE 2 END AS band FROM s),
    -- One-to-one test (link/one-to-one.ts): summed odds of the flagged pairs per left and right record,
    -- each pair's one-to-one probability pp; contested fast-track pairs without an exact id below the
    -- fast-track threshold go to review, then review pairs of recipients keeping a fast-track pair
    -- whose pp is below the review threshold leave the band.
    f AS (SELECT l_row, r_row, pow(2, weight::FLOAT) AS o FROM b WHERE band < 2),
    fl AS (SELECT l_row, sum(o) AS so FROM f GROUP BY l_row HAVING count(*) > 1),
    fr AS (SELECT r_row, sum(o) AS so FROM f GROUP BY r_row HAVING count(*) > 1),
    p AS (SELECT b.*, (fl.so IS NOT NULL OR fr.so IS NOT NULL) AS contested,
        pow(2, weight::FLOAT) / (1 + pow(2, weight::FLOAT) + coalesce(fl.so - pow(2, weight::FLOAT), 0)
          + coalesce(fr.so - pow(2, weight::FLOAT), 0)) AS pp
      FROM b LEFT JOIN fl ON fl.l_row = b.l_row LEFT JOIN fr ON fr.r_row = b.r_row),
    c AS (SELECT p.* REPLACE (CASE WHEN band = 0 AND contested AND g_id <> 0 AND pp < ${thresholds.fastTrack}
        THEN 1 ELSE band END AS band) FROM p),
    st AS (SELECT DISTINCT l_row FROM c WHERE band = 0),
    d AS (SELECT c.* REPLACE (CASE WHEN band = 1 AND pp < ${thresholds.review} AND st.l_row IS NOT NULL
        THEN 2 ELSE band END AS band) FROM c LEFT JOIN st ON st.l_row = c.l_row)
    SELECT rule, l_row, r_row, weight, band, g_id, g_name, g_dob, g_sex, g_region FROM d ${where}`;
}

/** Builds the key tables and the term-frequency table (part of the timed peer run). */
export async function prepareKeys(
  con: DuckDBConnection,
  rules: readonly BlockingRule[],
  model: LinkageModel,
) {
  await con.run(keysSql(rules, 'left'));
  await con.run(keysSql(rules, 'right'));
  const mExact = Math.max(model.fields[1]?.m[0] ?? 0, 1e-9);
  await con.run(`CREATE OR REPLACE TEMP TABLE name_tf AS SELECT name, log2(${mExact} / (count(*) / (SELECT count(*) FROM right_people))) AS w
    FROM right_people WHERE name IS NOT NULL GROUP BY name`);
}

export const FINGERPRINT_SQL = (inner: string) => `SELECT rule, count(*)::BIGINT AS n,
  (sum(((l_row::BIGINT * 2654435761 + r_row::BIGINT * 40503) % 4294967296))::HUGEINT % 4294967296)::BIGINT AS s1,
  (sum(((((l_row::BIGINT * 40503 + r_row::BIGINT * 2246822507) % 4294967296)::HUGEINT *
        ((l_row::BIGINT * 40503 + r_row::BIGINT * 2246822507) % 4294967296)) % 4294967296))::HUGEINT % 4294967296)::BIGINT AS s2,
  count_if(band = 0)::BIGINT AS fast, count_if(band = 1)::BIGINT AS review
  FROM (${inner}) GROUP BY rule ORDER BY rule`;

export { FIELDS };
