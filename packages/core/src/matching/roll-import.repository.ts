/** SQL of the roll import through the import pipeline (natural-key lookups of match_records). */
import type { Kysely, Transaction } from 'kysely';
import { insertRows, type Database } from '../db/index';
import type { MatchRecordRow } from './matching.table';

type Executor = Kysely<Database> | Transaction<Database>;

/** The record of roll `source` with this natural key, if any (externalRef when given, else the content). */
export async function findRollRecord(
  db: Executor,
  r: Pick<
    MatchRecordRow,
    'source' | 'externalRef' | 'name' | 'sex' | 'birthDate' | 'residentId' | 'eventDate' | 'divisionCode'
  >,
): Promise<{ id: string } | undefined> {
  let q = db
    .selectFrom('matchRecords')
    .select('id')
    .where('source', '=', r.source)
    .where('divisionCode', '=', r.divisionCode);
  if (r.externalRef !== null) q = q.where('externalRef', '=', r.externalRef);
  else
    for (const k of ['name', 'sex', 'birthDate', 'residentId', 'eventDate'] as const) {
      const v = r[k];
      q = v === null ? q.where(k, 'is', null) : q.where(k, '=', v);
    }
  return q.limit(1).executeTakeFirst();
}

/**
 * Which of these original numbers (externalRef, per division) roll `source` already holds: keys
 * `${divisionCode}\u0000${externalRef}`. One query per 500 numbers.
 */
export async function existingRollRefs(
  db: Executor,
  source: string,
  refs: readonly { externalRef: string; divisionCode: string }[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const distinct = [...new Set(refs.map((r) => r.externalRef))];
  const divisions = [...new Set(refs.map((r) => r.divisionCode))];
  for (let i = 0; i < distinct.length; i += 500) {
    const rows = await db
      .selectFrom('matchRecords')
      .select(['externalRef', 'divisionCode'])
      .where('source', '=', source)
      .where('divisionCode', 'in', divisions)
      .where('externalRef', 'in', distinct.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(`${r.divisionCode}\u0000${r.externalRef ?? ''}`);
  }
  return found;
}

/** Inserts roll records with one prepared multi-row INSERT per 500 rows. */
export async function insertRollRecords(db: Executor, rows: readonly MatchRecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insertRows(db, 'matchRecords', rows.slice(i, i + 500));
}
