import { sql, type Kysely } from 'kysely';

/**
 * Review and decision of the two subsidies (issue 18 item 4): facts declared at the township check (the
 * registries do not hold them: orphan support, child-welfare institution, work-injury care allowance,
 * extension facts, another welfare subsidy with its amount — R-DIS-01, R-DIS-03), objections during the
 * public notice, and disputes of a stop (R-DIS-07). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const flag = (name: string) => sql.raw(`${name} in (0, 1)`);
  let facts = db.schema
    .createTable('disability_review_facts')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('disability_applications.id'));
  for (const f of [
    'orphan_support',
    'child_welfare_institution',
    'work_injury_care_allowance',
    'low_income',
    'elderly_parents',
    'multiple_disabled',
  ]) {
    facts = facts.addColumn(f, 'integer', (c) => c.notNull().defaultTo(0).check(flag(f)));
  }
  await facts
    .addColumn('other_benefit_kind', 'text', (c) =>
      c.check(sql`other_benefit_kind in ('elderly', 'work_disability', 'retirement')`),
    )
    .addColumn('other_benefit_subsidy', 'text', (c) =>
      c.check(sql`other_benefit_subsidy in ('living', 'care')`),
    )
    .addColumn('other_benefit_fen', 'integer', (c) => c.check(sql`other_benefit_fen >= 0`))
    .addColumn('evidence_attachment_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('note', 'text')
    .addColumn('declared_by', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('disability_notice_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('disability_applications.id'))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('objector', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('upheld', 'dismissed')`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_notice_objections_app_idx')
    .on('disability_notice_objections')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('disability_stop_disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entitlement_id', 'text', (c) => c.notNull().references('disability_entitlements.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('lodged_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`due_provisional in (0, 1)`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'upheld', 'reversed')`))
    .addColumn('decided_on', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // One open dispute per entitlement.
  await db.schema
    .createIndex('disability_stop_disputes_open_uq')
    .on('disability_stop_disputes')
    .column('entitlement_id')
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema
    .createIndex('disability_stop_disputes_division_idx')
    .on('disability_stop_disputes')
    .columns(['division_code', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['disability_stop_disputes', 'disability_notice_objections', 'disability_review_facts']) {
    await db.schema.dropTable(t).execute();
  }
}
