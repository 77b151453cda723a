import type { Kysely, Transaction } from 'kysely';
import type { AuditRow, Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export function lastAuditRow(db: Executor): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
  return db.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function insertAuditRow(db: Executor, row: AuditRow): Promise<void> {
  await db.insertInto('auditLog').values(row).execute();
}

/** Rows in chain order, `batch` at a time, so verification of millions of rows runs in bounded memory. */
export async function* auditRowsInOrder(db: Executor, batch = 5_000): AsyncGenerator<AuditRow> {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of rows) yield r;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = last.seq;
  }
}
