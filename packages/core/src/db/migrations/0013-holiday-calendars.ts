import { sql, type Kysely } from 'kysely';

/**
 * The official holiday arrangements an administrator loads (ADR 0014): one row per year, the year's
 * arrangement as the kernel reads it (JSON text: notices, holidays with rest ranges and adjusted
 * working days), its source document, and who loaded it when. Loaded into the kernel calendar at start
 * and on load; a year stored here replaces the one built into the release. Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('holiday_calendars')
    .addColumn('year', 'integer', (c) => c.primaryKey().check(sql`year between 2000 and 2100`))
    /** JSON text of the kernel's year format: `{ notices, holidays: [{ name, rest: [from, to], work }] }`. */
    .addColumn('arrangement', 'text', (c) => c.notNull())
    /** The notice's title, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
    .addColumn('source_title', 'text', (c) => c.notNull())
    /** The notice's date, 'YYYY-MM-DD'. */
    .addColumn('source_date', 'text', (c) => c.notNull())
    .addColumn('rest_days', 'integer', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('holiday_calendars').execute();
}
