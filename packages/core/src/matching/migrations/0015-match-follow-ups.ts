import { sql, type Kysely } from 'kysely';

/**
 * Follow-ups of confirmed comparison pairs: a reviewer's confirmation (`match.confirmed`) leaves a task
 * for the line that owns the roll (subsidy, funeral …) to verify and act on; nothing changes a record
 * automatically. One row per confirmed pair, written in the confirmation's transaction; the to-do list
 * counts the pending ones and a clerk marks each done with a note. Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('match_follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pair_id', 'text', (c) => c.notNull().unique().references('match_pairs.id'))
    .addColumn('job_id', 'text', (c) => c.notNull())
    /** The pair's division (scope of who sees and closes the follow-up). */
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** The external roll the confirmed record came from: names the owning line's business. */
    .addColumn('right_source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('match_follow_ups_pending_idx')
    .on('match_follow_ups')
    .columns(['status', 'division_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('match_follow_ups').execute();
}
