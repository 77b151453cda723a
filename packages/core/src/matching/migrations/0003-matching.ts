import { sql, type Kysely } from 'kysely';

/**
 * 数据比对 and 寻亲: imported rolls of external records, comparison jobs, candidate pairs and their
 * review, missing-person reports. Portable DDL only; statuses are CHECK-constrained words.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('match_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Name of the roll, e.g. 殡仪馆火化名单 2026-10 or 低保名册. */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('name', 'text')
    .addColumn('sex', 'text', (c) => c.check(sql`sex in ('male', 'female')`))
    .addColumn('birth_date', 'text')
    .addColumn('resident_id', 'text')
    .addColumn('event_date', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('match_records_source_idx')
    .on('match_records')
    .columns(['source', 'division_code', 'id'])
    .execute();

  await db.schema
    .createTable('match_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rule_set', 'text', (c) => c.notNull().check(sql`rule_set in ('reverification', 'backfill')`))
    /** JSON: { kind: 'people', division, status? } | { kind: 'records', source, division }. */
    .addColumn('left_roll', 'text', (c) => c.notNull())
    .addColumn('right_roll', 'text', (c) => c.notNull())
    /** The division the job was created for (scope of its rolls and of who may see it). */
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'completed', 'failed', 'cancelled')`),
    )
    .addColumn('left_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('right_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pairs_found', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON LinkCursor of the engine; null before the first chunk. */
    .addColumn('cursor', 'text')
    /** JSON LinkageModel trained at the first start, reused when resuming so scores do not drift. */
    .addColumn('model', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('match_jobs_status_idx')
    .on('match_jobs')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('match_jobs_division_idx')
    .on('match_jobs')
    .columns(['division_code', 'created_at'])
    .execute();

  await db.schema
    .createTable('match_pairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('match_jobs.id'))
    .addColumn('left_kind', 'text', (c) => c.notNull().check(sql`left_kind in ('people', 'records')`))
    .addColumn('left_id', 'text', (c) => c.notNull())
    .addColumn('right_kind', 'text', (c) => c.notNull().check(sql`right_kind in ('people', 'records')`))
    .addColumn('right_id', 'text', (c) => c.notNull())
    /** Division of the left record: the reviewers of that county see the pair. */
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('right_source', 'text', (c) => c.notNull())
    /** Match weight (log2 Bayes factor incl. prior) and posterior probability. */
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('probability', 'real', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull().check(sql`band in ('fast-track', 'review')`))
    .addColumn('rule', 'text', (c) => c.notNull())
    /** JSON: [{ field, level, weight }] per compared field. */
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'claimed', 'confirmed', 'rejected', 'unsure')`),
    )
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('match_pairs_job_left_right_key', ['job_id', 'left_id', 'right_id'])
    .addCheckConstraint('match_pairs_claim_check', sql`(status = 'claimed') = (claimed_by is not null)`)
    .execute();
  await db.schema
    .createIndex('match_pairs_queue_idx')
    .on('match_pairs')
    .columns(['division_code', 'status', 'band'])
    .execute();
  await db.schema
    .createIndex('match_pairs_job_idx')
    .on('match_pairs')
    .columns(['job_id', 'status'])
    .execute();

  await db.schema
    .createTable('missing_person_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Order of insertion (commit order: assigned under the audit chain lock), for incremental indexing. */
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('sex', 'text', (c) => c.check(sql`sex in ('male', 'female')`))
    .addColumn('birth_year', 'integer')
    .addColumn('birth_year_uncertainty', 'integer', (c) => c.notNull())
    .addColumn('lost_on', 'text')
    .addColumn('lost_division_code', 'text')
    .addColumn('features', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'found', 'withdrawn')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['missing_person_reports', 'match_pairs', 'match_jobs', 'match_records']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
