import { sql, type Kysely } from 'kysely';

/**
 * Disability payments (issue 18 item 5, docs/disability.md "Payments", ADR 0033): payment accounts with
 * their change history (a change ends the row in force, never overwrites it), the bank payment file issued
 * per roster, the re-queue of credits not made (failed at the bank, held back for want of an account) and
 * overpayment recoveries with the paid roster lines they cover. Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_payment_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('social_security_card', 'bank_account')`),
    )
    .addColumn('bank_name', 'text', (c) => c.notNull())
    .addColumn('account_number', 'text', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('agent_name', 'text')
    .addColumn('agent_relation', 'text')
    .addColumn('agent_id_masked', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('ended_by', 'text')
    .execute();
  await db.schema
    .createIndex('disability_payment_accounts_person_idx')
    .on('disability_payment_accounts')
    .columns(['person_id', 'valid_from'])
    .execute();
  // One account in force per person.
  await db.schema
    .createIndex('disability_payment_accounts_current_uq')
    .on('disability_payment_accounts')
    .column('person_id')
    .unique()
    .where(sql.ref('valid_to'), 'is', null)
    .execute();

  await db.schema
    .createTable('disability_payment_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_id', 'text', (c) => c.notNull().unique().references('disability_roster_months.id'))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('file_no', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('generated_by', 'text', (c) => c.notNull())
    .addColumn('own_lines', 'integer', (c) => c.notNull())
    .addColumn('own_fen', 'integer', (c) => c.notNull())
    .addColumn('requeued_lines', 'integer', (c) => c.notNull())
    .addColumn('requeued_fen', 'integer', (c) => c.notNull())
    .addColumn('held_back_lines', 'integer', (c) => c.notNull())
    .addColumn('held_back_fen', 'integer', (c) => c.notNull())
    .addColumn('content_sha256', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('issued', 'returned')`))
    .addColumn('returned_at', 'text')
    .addColumn('returned_by', 'text')
    .addColumn('paid_lines', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_lines', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_payment_files_county_idx')
    .on('disability_payment_files')
    .columns(['county_code', 'month'])
    .execute();

  // No index is added on the roster lines: each costs the 1.5 M-line freeze a b-tree insert (ADR 0032); the
  // payment file pages a roster's lines through the roster's own index.
  await db.schema
    .createTable('disability_payment_requeues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_line_id', 'text', (c) => c.notNull().references('disability_roster_lines.id'))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('cause', 'text', (c) => c.notNull().check(sql`cause in ('failed', 'held_back')`))
    .addColumn('failure_code', 'text', (c) =>
      c.check(sql`failure_code in ('wrong_account', 'account_closed', 'name_mismatch', 'frozen', 'other')`),
    )
    .addColumn('reason', 'text')
    .addColumn('from_file_id', 'text', (c) => c.references('disability_payment_files.id'))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('included_file_id', 'text', (c) => c.references('disability_payment_files.id'))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('paid', 'failed', 'cancelled')`))
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('disability_payment_requeues_county_idx')
    .on('disability_payment_requeues')
    .columns(['county_code', 'outcome', 'included_file_id'])
    .execute();
  await db.schema
    .createIndex('disability_payment_requeues_file_idx')
    .on('disability_payment_requeues')
    .column('included_file_id')
    .execute();
  // A roster line is owed at most once at a time.
  await db.schema
    .createIndex('disability_payment_requeues_open_uq')
    .on('disability_payment_requeues')
    .column('roster_line_id')
    .unique()
    .where(sql.ref('outcome'), 'is', null)
    .execute();

  await db.schema
    .createTable('disability_overpayment_recoveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entitlement_id', 'text', (c) => c.notNull().references('disability_entitlements.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('last_payable_month', 'text', (c) => c.notNull())
    .addColumn('stop_reason', 'text')
    .addColumn('stop_event_date', 'text')
    .addColumn('first_month', 'text', (c) => c.notNull())
    .addColumn('last_month', 'text', (c) => c.notNull())
    .addColumn('months', 'integer', (c) => c.notNull().check(sql`months > 0`))
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'recovered', 'written_off')`),
    )
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_overpayment_recoveries_division_idx')
    .on('disability_overpayment_recoveries')
    .columns(['division_code', 'status'])
    .execute();
  await db.schema
    .createTable('disability_overpayment_lines')
    .addColumn('roster_line_id', 'text', (c) => c.primaryKey().references('disability_roster_lines.id'))
    .addColumn('recovery_id', 'text', (c) => c.notNull().references('disability_overpayment_recoveries.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('months', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'disability_overpayment_lines',
    'disability_overpayment_recoveries',
    'disability_payment_requeues',
    'disability_payment_files',
    'disability_payment_accounts',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
