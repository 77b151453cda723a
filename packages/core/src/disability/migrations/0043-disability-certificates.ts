import { sql, type Kysely } from 'kysely';

/**
 * Certificates and standards of the disability line (D1): the history of each certificate — recorded,
 * status changes (valid → frozen / cancelled / expired, with the day) and corrections, from the
 * federation's import, a manual entry or the expiry job — and the withdrawal record of a standard. One
 * active standard per division, year, subsidy, tier and start month (a revision withdraws the old row and
 * adds a new one). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_certificate_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('certificate_id', 'text', (c) => c.notNull().references('disability_certificates.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('recorded', 'status', 'updated')`))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) =>
      c.notNull().check(sql`to_status in ('valid', 'expired', 'frozen', 'cancelled')`),
    )
    .addColumn('status_on', 'text')
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('import', 'manual', 'job')`))
    .addColumn('import_run_id', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_certificate_events_idx')
    .on('disability_certificate_events')
    .columns(['certificate_id', 'at'])
    .execute();

  // The daily expiry job looks valid certificates up by their last valid day.
  await db.schema
    .createIndex('disability_certificates_validity_idx')
    .on('disability_certificates')
    .columns(['status', 'valid_until'])
    .execute();

  await db.schema
    .createTable('disability_standard_withdrawals')
    .addColumn('standard_id', 'text', (c) => c.primaryKey().references('disability_standards.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text')
    .addColumn('withdrawn_by', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text', (c) => c.notNull())
    .execute();

  // One active standard per division, year, subsidy, tier and start month (both databases take
  // expression indexes with a partial condition).
  await sql`create unique index disability_standards_active_uq on disability_standards (division_code, year, subsidy, coalesce(category, 0), coalesce(grade, 0), coalesce(hardship, ''), from_month) where status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index disability_standards_active_uq`.execute(db);
  await db.schema.dropIndex('disability_certificates_validity_idx').execute();
  await db.schema.dropTable('disability_standard_withdrawals').execute();
  await db.schema.dropTable('disability_certificate_events').execute();
}
