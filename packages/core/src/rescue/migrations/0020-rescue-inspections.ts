import { sql, type Kysely } from 'kysely';

/**
 * Inspections of partner institutions (托养机构、合作医院的检查), R-RES-13: date, inspectors, findings,
 * result, rectification deadline and evidence. Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('rescue_partners.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('inspected_on', 'text', (c) => c.notNull())
    .addColumn('inspector', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) =>
      c.notNull().check(sql`result in ('qualified', 'rectify', 'unqualified')`),
    )
    .addColumn('rectify_by', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('qualification_before', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'rescue_inspections_rectify_check',
      sql`(result = 'rectify') = (rectify_by is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_inspections_partner_idx')
    .on('rescue_inspections')
    .columns(['partner_id', 'inspected_on'])
    .execute();
  await db.schema
    .createIndex('rescue_inspections_division_idx')
    .on('rescue_inspections')
    .columns(['division_code', 'inspected_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_inspections').execute();
}
