import { sql, type Kysely } from 'kysely';

/**
 * Disability applications (R-DIS-05, R-DIS-06): what the shared application row does not hold — the
 * intake's side facts (name typed online, notification, withdrawal, note), the manual exchanges with the
 * national two-subsidy system (跨省通办: pushed, received, answered, result), and the escalations the
 * daily job records when a deadline passes (one per application and stage). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_application_intakes')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('disability_applications.id'))
    .addColumn('name_given', 'text')
    .addColumn('national_exchange', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`national_exchange in (0, 1)`),
    )
    .addColumn('notified_how', 'text', (c) =>
      c.check(sql`notified_how in ('phone', 'sms', 'in_person', 'letter', 'national_system')`),
    )
    .addColumn('notify_note', 'text')
    .addColumn('withdrawn_on', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createTable('disability_application_exchanges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('disability_applications.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('received', 'pushed', 'answered', 'result', 'note')`),
    )
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_application_exchanges_app_idx')
    .on('disability_application_exchanges')
    .column('application_id')
    .execute();
  await db.schema
    .createTable('disability_application_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('disability_applications.id'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('forward', 'decide', 'notify')`))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('escalated_on', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disability_application_escalations_once', ['application_id', 'stage'])
    .execute();
  await db.schema
    .createIndex('disability_application_escalations_division_idx')
    .on('disability_application_escalations')
    .column('division_code')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'disability_application_escalations',
    'disability_application_exchanges',
    'disability_application_intakes',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
