import { sql, type Kysely } from 'kysely';

/**
 * Funeral line, prices and billing (issue 17 item 5; R-FUN-09, R-FUN-10; docs/funeral.md "Prices and
 * billing"): each facility's price list (one row per item and period — a price change ends the old row
 * and starts a new one, never overwritten; draft until published, 公示), optional packages (never a basic
 * item tied to a non-basic one), bills of a case with their lines (each line says why it is free and on
 * which rule), invoices (numbered, voided with a reason), the monthly reimbursement claims to the county
 * and, for government-invested facilities, the expenditure ledger (收支两条线). Money in integer fen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_price_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('basic', 'non_basic')`))
    .addColumn('basic_kind', 'text', (c) =>
      c.check(
        sql`basic_kind is null or basic_kind in ('collection', 'storage', 'farewell', 'cremation', 'ash_storage', 'eco_burial', 'niche')`,
      ),
    )
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'integer', (c) => c.notNull().check(sql`price_fen >= 0`))
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    /** Last day in force; set when a newer price of the same code is published. */
    .addColumn('effective_to', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'withdrawn')`))
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('funeral_price_items_key', ['facility_id', 'code', 'effective_from'])
    .execute();

  await db.schema
    .createTable('funeral_price_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON array of item codes; every item stays choosable on its own. */
    .addColumn('item_codes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('funeral_price_packages_name_key', ['facility_id', 'name'])
    .execute();

  await db.schema
    .createTable('funeral_reimbursement_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** YYYY-MM of the service dates claimed. */
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('submitted', 'approved', 'rejected', 'paid')`),
    )
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    /** JSON: [{ reason, cases, amountFen }] by waiver reason. */
    .addColumn('breakdown', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('paid_on', 'text')
    .addColumn('paid_by', 'text')
    .execute();

  await db.schema
    .createTable('funeral_bills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('fee_era', 'text', (c) => c.notNull().check(sql`fee_era in ('before_2026', 'from_2026')`))
    .addColumn('payer', 'text', (c) => c.notNull().check(sql`payer in ('family', 'county_finance')`))
    /** JSON snapshot of the eligibility found at intake (programs, coverage, sources). */
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'settled', 'paid', 'cancelled')`),
    )
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    .addColumn('family_fen', 'integer', (c) => c.notNull())
    .addColumn('waived_fen', 'integer', (c) => c.notNull())
    .addColumn('claim_id', 'text', (c) => c.references('funeral_reimbursement_claims.id'))
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('funeral_bills_case_idx').on('funeral_bills').column('case_id').execute();
  await db.schema
    .createIndex('funeral_bills_facility_idx')
    .on('funeral_bills')
    .columns(['facility_id', 'service_date'])
    .execute();

  await db.schema
    .createTable('funeral_bill_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bill_id', 'text', (c) => c.notNull().references('funeral_bills.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('price_item_id', 'text', (c) => c.notNull().references('funeral_price_items.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('basic', 'non_basic')`))
    .addColumn('basic_kind', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('family_fen', 'integer', (c) => c.notNull())
    .addColumn('waived_fen', 'integer', (c) => c.notNull())
    .addColumn('waiver_reason', 'text', (c) =>
      c.check(
        sql`waiver_reason is null or waiver_reason in ('tekun', 'dibao', 'youfu', 'universal', 'unidentified', 'collection_free')`,
      ),
    )
    .addColumn('waiver_basis', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_bill_lines_bill_idx')
    .on('funeral_bill_lines')
    .column('bill_id')
    .execute();

  await db.schema
    .createTable('funeral_invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bill_id', 'text', (c) => c.notNull().references('funeral_bills.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('invoice_no', 'text', (c) => c.notNull().unique())
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('cash', 'bank_card', 'wechat', 'alipay', 'transfer')`),
    )
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('issued', 'void')`))
    .addColumn('void_reason', 'text')
    .addColumn('voided_by', 'text')
    .addColumn('voided_at', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_invoices_facility_idx')
    .on('funeral_invoices')
    .columns(['facility_id', 'paid_on'])
    .execute();

  await db.schema
    .createTable('funeral_expenditures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('spent_on', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`category in ('personnel', 'operations', 'equipment', 'maintenance', 'utilities', 'other')`,
        ),
    )
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('voucher_no', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('funeral_expenditures_voucher_key', ['facility_id', 'voucher_no'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'funeral_expenditures',
    'funeral_invoices',
    'funeral_bill_lines',
    'funeral_bills',
    'funeral_reimbursement_claims',
    'funeral_price_packages',
    'funeral_price_items',
  ])
    await db.schema.dropTable(t).execute();
}
