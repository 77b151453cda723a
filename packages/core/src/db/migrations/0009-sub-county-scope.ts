import { sql, type Kysely } from 'kysely';

/**
 * Scope below the county (ADR 0009-scope-below-the-county): the registry of institutions (救助管理站,
 * 殡仪馆 …) that records and accounts can be scoped to, and an account's optional institution. Records
 * of the lines carry a township `division_code` (9 digits) and/or an `institution_id` in their own
 * tables; nothing else changes here. `users.institution_id` has no REFERENCES clause so that `down`
 * can drop it on SQLite; the users service checks it names an active institution.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('institutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('institutions_division_name_unique', ['division_code', 'name'])
    .execute();
  await db.schema
    .createIndex('institutions_kind_idx')
    .on('institutions')
    .columns(['kind', 'division_code'])
    .execute();
  await db.schema.alterTable('users').addColumn('institution_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('institution_id').execute();
  await db.schema.dropTable('institutions').ifExists().execute();
}
