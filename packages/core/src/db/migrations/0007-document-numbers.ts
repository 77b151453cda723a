import { sql, type Kysely } from 'kysely';

/**
 * Document numbering (文书编号): one gap-free counter per issuing office, document kind and year, and
 * the number each issued document received (so a reprint shows the same number). See
 * docs/approvals.md ("Document numbering") and packages/core/src/numbering/.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_number_counters')
    /** The issuing office: a registry, a station, a funeral home, a county bureau (caller's key). */
    .addColumn('office_key', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** notice, receipt, certificate … (lower-case word chosen by the line). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull().check(sql`last_serial >= 0`))
    .addPrimaryKeyConstraint('document_number_counters_pk', ['office_key', 'division_code', 'kind', 'year'])
    .execute();

  await db.schema
    .createTable('document_numbers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_key', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('serial', 'integer', (c) => c.notNull().check(sql`serial >= 1`))
    /** The number as printed, e.g. 湘芙民婚告字〔2026〕第000123号. */
    .addColumn('number', 'text', (c) => c.notNull())
    /** The record the document was issued for (e.g. marriage_refusal / its id). */
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_numbers_serial_uq', [
      'office_key',
      'division_code',
      'kind',
      'year',
      'serial',
    ])
    .addUniqueConstraint('document_numbers_owner_uq', ['owner_type', 'owner_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_numbers').execute();
  await db.schema.dropTable('document_number_counters').execute();
}
