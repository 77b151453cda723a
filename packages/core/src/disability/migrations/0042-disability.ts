import { sql, type Kysely } from 'kysely';

/**
 * Disability welfare (残疾人两项补贴), the line's shared core: the certificate register fed from the
 * disability federation (R-DIS-04), applications (R-DIS-05/06), entitlements — one person receiving one
 * subsidy from a month until stopped (R-DIS-07) — with their event history, subsidy standards per
 * division and year (R-DIS-08), and the monthly roster (a frozen snapshot per county and month, one line
 * per entitlement). Every other disability table comes in later migrations. Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('category', 'integer', (c) => c.notNull().check(sql`category between 1 and 7`))
    .addColumn('grade', 'integer', (c) => c.notNull().check(sql`grade between 1 and 4`))
    .addColumn('issued_on', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('valid', 'expired', 'frozen', 'cancelled')`),
    )
    .addColumn('status_on', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('import', 'manual')`))
    .addColumn('import_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_certificates_person_idx')
    .on('disability_certificates')
    .column('person_id')
    .execute();
  await db.schema
    .createIndex('disability_certificates_division_idx')
    .on('disability_certificates')
    .columns(['division_code', 'status', 'grade'])
    .execute();

  await db.schema
    .createTable('disability_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_no', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('certificate_id', 'text', (c) => c.references('disability_certificates.id'))
    .addColumn('certificate_number', 'text')
    .addColumn('applies_living', 'integer', (c) => c.notNull().check(sql`applies_living in (0, 1)`))
    .addColumn('applies_care', 'integer', (c) => c.notNull().check(sql`applies_care in (0, 1)`))
    .addColumn('applicant_relation', 'text', (c) =>
      c.notNull().check(sql`applicant_relation in ('self', 'guardian', 'family', 'committee', 'other')`),
    )
    .addColumn('applicant_name', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('window', 'online', 'cross_province')`),
    )
    .addColumn('received_division_code', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('materials_complete_on', 'text')
    .addColumn('forward_due_on', 'text')
    .addColumn('forwarded_on', 'text')
    .addColumn('decide_due_on', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('notify_due_on', 'text')
    .addColumn('notified_on', 'text')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('received', 'forwarded', 'reviewing', 'notice', 'approved', 'rejected', 'withdrawn')`,
        ),
    )
    .addColumn('living_outcome', 'text', (c) => c.check(sql`living_outcome in ('granted', 'refused')`))
    .addColumn('care_outcome', 'text', (c) => c.check(sql`care_outcome in ('granted', 'refused')`))
    .addColumn('decision_reason', 'text')
    .addColumn('notice_starts_on', 'text')
    .addColumn('notice_ends_on', 'text')
    .addColumn('pay_from_month', 'text')
    .addColumn('approval_id', 'text')
    .addColumn('exchange_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('disability_applications_asks_something', sql`applies_living + applies_care >= 1`)
    .execute();
  await db.schema
    .createIndex('disability_applications_division_idx')
    .on('disability_applications')
    .columns(['division_code', 'status', 'submitted_on'])
    .execute();
  await db.schema
    .createIndex('disability_applications_received_idx')
    .on('disability_applications')
    .columns(['received_division_code', 'status'])
    .execute();
  await db.schema
    .createIndex('disability_applications_person_idx')
    .on('disability_applications')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('disability_entitlements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('application_id', 'text', (c) => c.references('disability_applications.id'))
    .addColumn('certificate_id', 'text', (c) => c.references('disability_certificates.id'))
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('to_month', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'suspended', 'stopped')`))
    .addColumn('stop_reason', 'text')
    .addColumn('stop_event_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_entitlements_county_idx')
    .on('disability_entitlements')
    .columns(['county_code', 'status', 'subsidy'])
    .execute();
  await db.schema
    .createIndex('disability_entitlements_person_idx')
    .on('disability_entitlements')
    .columns(['person_id', 'subsidy'])
    .execute();
  // One open (not stopped) entitlement per person and subsidy: a second grant is a 409, not a double payment.
  await db.schema
    .createIndex('disability_entitlements_open_uq')
    .on('disability_entitlements')
    .columns(['person_id', 'subsidy'])
    .unique()
    .where(sql.ref('status'), '<>', 'stopped')
    .execute();

  await db.schema
    .createTable('disability_entitlement_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entitlement_id', 'text', (c) => c.notNull().references('disability_entitlements.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('granted', 'stopped', 'suspended', 'resumed', 'reinstated')`),
    )
    .addColumn('effective_month', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text')
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_entitlement_events_idx')
    .on('disability_entitlement_events')
    .columns(['entitlement_id', 'at'])
    .execute();

  await db.schema
    .createTable('disability_standards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('category', 'integer')
    .addColumn('grade', 'integer')
    .addColumn('hardship', 'text')
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'withdrawn')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_standards_lookup_idx')
    .on('disability_standards')
    .columns(['division_code', 'year', 'subsidy'])
    .execute();

  await db.schema
    .createTable('disability_roster_months')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('frozen', 'signed', 'file_issued', 'closed')`),
    )
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    .addColumn('frozen_at', 'text', (c) => c.notNull())
    .addColumn('frozen_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('disability_roster_months_uq', ['county_code', 'month'])
    .execute();

  await db.schema
    .createTable('disability_roster_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_id', 'text', (c) => c.notNull().references('disability_roster_months.id'))
    .addColumn('entitlement_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('subsidy', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('monthly_fen', 'integer', (c) => c.notNull())
    .addColumn('months_covered', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) =>
      c.notNull().check(sql`change in ('new', 'unchanged', 'stopped', 'rate_changed', 'resumed', 'arrears')`),
    )
    .addColumn('reason_code', 'text')
    .addColumn('previous_monthly_fen', 'integer')
    .addColumn('payment_status', 'text', (c) =>
      c.notNull().check(sql`payment_status in ('pending', 'sent', 'paid', 'failed', 'requeued', 'none')`),
    )
    .addUniqueConstraint('disability_roster_lines_uq', ['roster_id', 'entitlement_id'])
    .execute();
  await db.schema
    .createIndex('disability_roster_lines_division_idx')
    .on('disability_roster_lines')
    .columns(['roster_id', 'division_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'disability_roster_lines',
    'disability_roster_months',
    'disability_standards',
    'disability_entitlement_events',
    'disability_entitlements',
    'disability_applications',
    'disability_certificates',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
