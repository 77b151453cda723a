import { sql, type Kysely } from 'kysely';

/**
 * The tabular import pipeline (`core/src/imports`): one row per imported file and kind (its SHA-256
 * makes a re-import of the same file answer the earlier report), and the per-row report
 * (refusals and notes, row number as the user sees it in the file). Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** What the file feeds, as the line names it, e.g. `marriage.backfill:430181`, `matching.roll:…`. */
    .addColumn('import_kind', 'text', (c) => c.notNull())
    /** SHA-256 of the file's bytes, lowercase hex. */
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('csv', 'xlsx')`))
    /** Scope of the run's report (who may read it); null: platform-wide. */
    .addColumn('division_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'completed', 'failed')`))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_refused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('import_runs_kind_sha256_key', ['import_kind', 'sha256'])
    .execute();

  await db.schema
    .createTable('import_run_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('import_runs.id'))
    /** Position of the issue in the run's report (file order, then the order found). */
    .addColumn('seq', 'integer', (c) => c.notNull())
    /** Row number as the user sees it in the file (the header is row 1). */
    .addColumn('row_no', 'integer', (c) => c.notNull())
    /** Canonical column key; null: the row as a whole. */
    .addColumn('column_key', 'text')
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('error', 'note')`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_run_issues_run_idx')
    .on('import_run_issues')
    .columns(['run_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_run_issues').execute();
  await db.schema.dropTable('import_runs').execute();
}
