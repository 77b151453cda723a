/**
 * The DuckDB peer of the 寻亲 family-search benchmarks (bench:family-search, bench:rescue): brute force over
 * one table of every record — kind filter, sex filter (a record of unknown sex passes), birth-year window,
 * then Jaro–Winkler on the dialect-merged pinyin key of the name, a region bonus and birth-year closeness,
 * top k. It reads only integer features and the name key, exported as CSV; loading is not timed.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { analyzePersonName, type FamilyRecordKind, type FamilySearchRecord } from '@social-affairs/linkage';
import { writeLines } from './common.ts';

export const PEER_KIND_CODE: Readonly<Record<FamilyRecordKind, number>> = {
  'missing-report': 1,
  'unidentified-living': 2,
  'unidentified-deceased': 3,
};

/** The name key the peer compares: the first search key of the name without spaces ('' without a name). */
export function peerNameKey(name: string | null | undefined): string {
  if (!name?.trim()) return '';
  return analyzePersonName(name).searchKeys[0]?.replaceAll(' ', '') ?? '';
}

const sexCode = (sex: FamilySearchRecord['sex']) =>
  sex === 'male' || sex === 1 ? 1 : sex === 'female' || sex === 2 ? 2 : 0;

/** A record's birth year: its own, or the year it was seen minus the estimated age. */
export function peerBirthYear(r: FamilySearchRecord): number | null {
  if (r.birthYear) return r.birthYear;
  if (r.estimatedAge) return Number(r.estimatedAge.asOf.slice(0, 4)) - r.estimatedAge.estimate;
  return null;
}

/** Writes the peer's table (row = position in `records`; the key only, never the raw name). */
export async function writePeerCsv(path: string, records: readonly FamilySearchRecord[]): Promise<void> {
  await writeLines(path, 'row,kind,sex,birth_year,county,key', async (w) => {
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const by = peerBirthYear(r);
      await w(
        `${i},${PEER_KIND_CODE[r.kind]},${sexCode(r.sex)},${by ?? ''},${r.divisionCode ?? ''},${peerNameKey(r.name)}`,
      );
    }
  });
}

export interface PeerQuery {
  /** Name key (peerNameKey); '' for a query without a name (the name term is then 0 for every row). */
  key: string;
  sex: 1 | 2 | 0;
  impliedBirthYear: number;
  /** Region hint prefix ('' for none). */
  regionPrefix: string;
  /** Kinds to return (codes of PEER_KIND_CODE); all when empty. */
  kinds: readonly number[];
  /** Row to leave out (the query's own record), -1 for none. */
  excludeRow: number;
}

/** The peer's SQL for one query. */
export function peerSql(q: PeerQuery, k: number): string {
  const where = [`birth_year BETWEEN ${q.impliedBirthYear - 10} AND ${q.impliedBirthYear + 10}`];
  if (q.sex !== 0) where.unshift(`sex IN (${q.sex}, 0)`);
  if (q.kinds.length > 0 && q.kinds.length < 3) where.unshift(`kind IN (${q.kinds.join(', ')})`);
  if (q.excludeRow >= 0) where.push(`row <> ${q.excludeRow}`);
  // An unnamed record (NULL key) or an unnamed query: no evidence either way, 0.
  const name =
    q.key === '' ? '0' : `coalesce(jaro_winkler_similarity(key, '${q.key.replaceAll("'", "''")}'), 0) * 10`;
  const region = /^\d+$/.test(q.regionPrefix)
    ? `CASE WHEN starts_with(county::VARCHAR, '${q.regionPrefix}') THEN 2 ELSE 0 END`
    : '0';
  return `SELECT row FROM records WHERE ${where.join(' AND ')}
    ORDER BY ${name} + ${region} - abs(birth_year - ${q.impliedBirthYear}) * 0.2 DESC, row LIMIT ${k}`;
}

export interface FamilyPeer {
  /** Rows of the top k, best first. */
  query(q: PeerQuery, k?: number): Promise<number[]>;
  close(): void;
}

/** Loads the CSV written by writePeerCsv into an in-memory DuckDB (2 threads) and returns the peer. */
export async function openFamilyPeer(csvPath: string): Promise<FamilyPeer> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con: DuckDBConnection = await instance.connect();
  await con.run(`CREATE TABLE records AS SELECT * FROM read_csv('${csvPath}', header=true,
    columns={'row':'INTEGER','kind':'INTEGER','sex':'INTEGER','birth_year':'INTEGER','county':'INTEGER','key':'VARCHAR'})`);
  return {
    async query(q, k = 20) {
      const rows = (await con.runAndReadAll(peerSql(q, k))).getRowsJS();
      return rows.map((r) => Number(r[0]));
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}
