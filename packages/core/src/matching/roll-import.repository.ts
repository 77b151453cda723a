/** SQL of the roll import through the import pipeline (natural-key lookups of match_records). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';
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
