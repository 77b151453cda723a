import type { Kysely } from 'kysely';

/**
 * Attachments scoped by institution (ADR 0009, issue 15): an attachment of a record that belongs to an
 * institution (a rescue case of a station) carries that institution, copied from the owner type's
 * `resolve` at upload like `division_code`, so a station-bound account sees its own station's files and
 * not a sibling station's. Nullable: existing rows and owners without an institution (the people index,
 * marriages) keep null and are scoped by division alone, exactly as before. Plain `add column` of a
 * nullable text column: portable to SQLite and PostgreSQL, no rewrite of existing rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('institution_id', 'text').execute();
  await db.schema
    .createIndex('attachments_institution_idx')
    .on('attachments')
    .columns(['institution_id', 'owner_type'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attachments_institution_idx').ifExists().execute();
  await db.schema.alterTable('attachments').dropColumn('institution_id').execute();
}
