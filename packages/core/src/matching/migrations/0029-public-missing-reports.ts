import { sql, type Kysely } from 'kysely';

/**
 * Missing-person reports filed by families on the public page (我要寻亲, issue 16 item 3, ADR 0026): one
 * row beside the matching line's `missing_person_reports` row the submission created, holding the
 * receipt number, the keyed hash of the query code (never the code), the key id it was hashed under and
 * the family's consent to publish. Status stays on the report itself, so 已找到 / 已撤回 removes it
 * from the public list at once. Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('public_missing_reports')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('missing_person_reports.id'))
    .addColumn('receipt', 'text', (c) => c.notNull().unique())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('consent_publish', 'integer', (c) => c.notNull().check(sql`consent_publish in (0, 1)`))
    /** The handling office's county (= the report's division). */
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('public_missing_reports_published_idx')
    .on('public_missing_reports')
    .columns(['consent_publish', 'submitted_at', 'report_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_missing_reports').execute();
}
