import { sql, type Kysely, type Transaction } from 'kysely';
import { toCount } from '../db/dialect';
import type { Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Runs of `kindPrefix…` that `username` started since `since` and that failed or refused rows: the
 * count and the latest finish.
 */
export async function importRunsWithErrors(
  db: Executor,
  q: { kindPrefix: string; username: string; since: string },
): Promise<{ count: number; latest: string | null }> {
  const row = await db
    .selectFrom('importRuns')
    .where('importKind', 'like', `${q.kindPrefix}%`)
    .where('createdBy', '=', q.username)
    .where('startedAt', '>=', q.since)
    .where((eb) => eb.or([eb('status', '=', 'failed'), eb('rowsRefused', '>', 0)]))
    .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(started_at)`.as('latest')])
    .executeTakeFirstOrThrow();
  return { count: toCount(row.n), latest: row.latest };
}
