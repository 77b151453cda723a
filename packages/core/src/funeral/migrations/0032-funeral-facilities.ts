import { sql, type Kysely } from 'kysely';

/**
 * Funeral facilities concern: annual inspections (年检, one round per facility per year; a cemetery's
 * result waits for 公墓年检审核) and applications decided on the approval engine (殡仪馆备案审核,
 * 公墓建设许可, 公墓许可事项变更; R-FUN-13). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_facility_inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().check(sql`round >= 1`))
    .addColumn('inspected_on', 'text', (c) => c.notNull())
    .addColumn('inspector', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('pass', 'rectify', 'fail')`))
    .addColumn('rectify_by', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('effective', 'pending', 'rejected')`),
    )
    .addColumn('approval_id', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addCheckConstraint(
      'funeral_facility_inspections_rectify_check',
      sql`(result = 'rectify') = (rectify_by is not null)`,
    )
    .addUniqueConstraint('funeral_facility_inspections_round_uq', ['facility_id', 'year', 'round'])
    .execute();
  await db.schema
    .createIndex('funeral_facility_inspections_division_idx')
    .on('funeral_facility_inspections')
    .columns(['division_code', 'year'])
    .execute();

  await db.schema
    .createTable('funeral_facility_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('filing', 'construction', 'change')`))
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('approval_id', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_facility_applications_facility_idx')
    .on('funeral_facility_applications')
    .columns(['facility_id', 'submitted_at'])
    .execute();
  // One pending application per facility: a second one waits for the first decision.
  await db.schema
    .createIndex('funeral_facility_applications_pending_uq')
    .on('funeral_facility_applications')
    .column('facility_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funeral_facility_applications').execute();
  await db.schema.dropTable('funeral_facility_inspections').execute();
}
