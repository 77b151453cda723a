import { sql, type Kysely } from 'kysely';

/**
 * Social-assistance rolls of the platform (社会救助名单, issue 17 item 5; docs/assistance-rolls.md): who is
 * on 低保 (dibao), 特困 (tekun) or is a 生活困难的重点优抚对象 (youfu), from when to when. Imported through the
 * import pipeline from the rolls the assistance offices keep; each membership links to a people-index record
 * (none is created by an import). History is kept: a membership is closed by setting `to_date`, never
 * deleted. Read by the funeral line (free basic services, R-FUN-09) and the disability line (R-DIS-01).
 * Portable DDL (ADR 0001): text ids and dates, CHECK for the program.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assistance_memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('program', 'text', (c) => c.notNull().check(sql`program in ('dibao', 'tekun', 'youfu')`))
    /** County (6 digits) whose roll lists the person: the scope of the membership. */
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** First day in force (YYYY-MM-DD). */
    .addColumn('from_date', 'text', (c) => c.notNull())
    /** Last day in force; null while the person stays on the roll. */
    .addColumn('to_date', 'text')
    /** The name as the roll wrote it (the people index keeps the person's own). */
    .addColumn('roll_name', 'text', (c) => c.notNull())
    /** The import run that brought the row in, and the one that last changed it. */
    .addColumn('import_run_id', 'text')
    .addColumn('updated_by_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assistance_memberships_key', ['person_id', 'program', 'from_date'])
    .execute();
  await db.schema
    .createIndex('assistance_memberships_division_idx')
    .on('assistance_memberships')
    .columns(['division_code', 'program', 'from_date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('assistance_memberships').execute();
}
