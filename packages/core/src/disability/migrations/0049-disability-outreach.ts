import { sql, type Kysely } from 'kysely';

/**
 * Disability line, outreach concern (数据找人, issue 18 item 7): reminders pushed to the township of a
 * person's hukou when the registries show the person eligible for a subsidy without receiving or applying
 * for it, with the outcome the worker records; and the refresh runs that create and close them. One open
 * reminder per person and subsidy (partial unique index), so a refresh is idempotent. Also the indexes the
 * set-based lists need (certificates by person and status). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_outreach_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('found_by', 'text', (c) =>
      c.notNull().check(sql`found_by in ('new_certificate', 'new_dibao', 'standing')`),
    )
    .addColumn('certificate_id', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('found_on', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'lapsed')`))
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome in ('applied', 'not_eligible', 'refused', 'unreachable', 'moved')`),
    )
    .addColumn('outcome_note', 'text')
    .addColumn('application_id', 'text', (c) => c.references('disability_applications.id'))
    .addColumn('outcome_on', 'text')
    .addColumn('outcome_by', 'text')
    .addColumn('lapsed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'disability_outreach_reminders_outcome_done',
      sql`(status = 'done') = (outcome is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('disability_outreach_reminders_open_uq')
    .on('disability_outreach_reminders')
    .columns(['person_id', 'subsidy'])
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema
    .createIndex('disability_outreach_reminders_division_idx')
    .on('disability_outreach_reminders')
    .columns(['division_code', 'status', 'found_on'])
    .execute();
  await db.schema
    .createIndex('disability_outreach_reminders_person_idx')
    .on('disability_outreach_reminders')
    .columns(['person_id', 'subsidy', 'outcome_on'])
    .execute();

  await db.schema
    .createTable('disability_outreach_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('ran_on', 'text', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('lapsed', 'integer', (c) => c.notNull())
    .addColumn('still_open', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_outreach_runs_division_idx')
    .on('disability_outreach_runs')
    .columns(['division_code', 'started_at'])
    .execute();

  // The lists walk valid certificates and look up each holder's entitlements, applications and rolls;
  // the "new" lists start from certificates issued or imported lately and 低保 memberships started lately.
  await db.schema
    .createIndex('disability_certificates_status_person_idx')
    .on('disability_certificates')
    .columns(['status', 'person_id'])
    .execute();
  await db.schema
    .createIndex('disability_certificates_issued_idx')
    .on('disability_certificates')
    .column('issued_on')
    .execute();
  await db.schema
    .createIndex('disability_certificates_created_idx')
    .on('disability_certificates')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('assistance_memberships_program_from_idx')
    .on('assistance_memberships')
    .columns(['program', 'from_date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of [
    'assistance_memberships_program_from_idx',
    'disability_certificates_created_idx',
    'disability_certificates_issued_idx',
    'disability_certificates_status_person_idx',
  ]) {
    await db.schema.dropIndex(i).execute();
  }
  await db.schema.dropTable('disability_outreach_runs').execute();
  await db.schema.dropTable('disability_outreach_reminders').execute();
}
