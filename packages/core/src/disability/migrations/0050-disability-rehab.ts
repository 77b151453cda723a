import { sql, type Kysely } from 'kysely';

/**
 * Rehabilitation and devices of the disability line (D8; R-DIS-09, R-DIS-10): community mental-health
 * rehabilitation institution profiles (the institution is a platform institution, same id), enrolments and
 * service sessions, patients living at home per county and year (the coverage denominator, data), the
 * assistive-device catalogue, rental points with stock, rentals, and 福康工程 cases. A pilot fund belongs to
 * one site only (unique fund reference). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_rehab_institutions')
    .addColumn('id', 'text', (c) => c.primaryKey().references('institutions.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('community_rehab', 'mental_health_welfare')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('serves_districts', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('pilot_fund_ref', 'text', (c) => c.unique())
    .addColumn('pilot_amount_fen', 'integer')
    .addColumn('pilot_year', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_rehab_institutions_division_idx')
    .on('disability_rehab_institutions')
    .columns(['county_code', 'kind', 'status'])
    .execute();

  await db.schema
    .createTable('disability_rehab_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('disability_rehab_institutions.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('certificate', 'home_patient')`))
    .addColumn('certificate_id', 'text', (c) => c.references('disability_certificates.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('enrolled_on', 'text', (c) => c.notNull())
    .addColumn('discharged_on', 'text')
    .addColumn('discharge_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('enrolled', 'discharged')`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_rehab_enrolments_county_idx')
    .on('disability_rehab_enrolments')
    .columns(['county_code', 'enrolled_on'])
    .execute();
  await db.schema
    .createIndex('disability_rehab_enrolments_person_idx')
    .on('disability_rehab_enrolments')
    .column('person_id')
    .execute();
  // One open enrolment per person and institution.
  await sql`create unique index disability_rehab_enrolments_open_uq on disability_rehab_enrolments (institution_id, person_id) where status = 'enrolled'`.execute(
    db,
  );

  await db.schema
    .createTable('disability_rehab_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('disability_rehab_enrolments.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_rehab_sessions_enrolment_idx')
    .on('disability_rehab_sessions')
    .columns(['enrolment_id', 'held_on'])
    .execute();

  await db.schema
    .createTable('disability_home_patients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('patients', 'integer', (c) => c.notNull().check(sql`patients >= 0`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disability_home_patients_uq', ['county_code', 'year'])
    .execute();

  await db.schema
    .createTable('disability_device_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('rental_fen_per_month', 'integer', (c) => c.notNull().check(sql`rental_fen_per_month >= 0`))
    .addColumn('purchase_cap_fen', 'integer', (c) => c.notNull().check(sql`purchase_cap_fen >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'withdrawn')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('disability_rental_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('community', 'village')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.references('institutions.id'))
    .addColumn('address', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disability_rental_points_name_uq', ['division_code', 'name'])
    .execute();

  await db.schema
    .createTable('disability_point_stock')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('point_id', 'text', (c) => c.notNull().references('disability_rental_points.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('disability_device_items.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disability_point_stock_uq', ['point_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('disability_rentals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('disability_device_items.id'))
    .addColumn('point_id', 'text', (c) => c.notNull().references('disability_rental_points.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('returned_on', 'text')
    .addColumn('monthly_fen', 'integer', (c) => c.notNull())
    .addColumn('subsidy_monthly_fen', 'integer', (c) => c.notNull())
    .addColumn('subsidy_basis', 'text')
    .addColumn('deposit_fen', 'integer', (c) => c.notNull())
    .addColumn('deposit_refund_fen', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('out', 'returned')`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_rentals_point_idx')
    .on('disability_rentals')
    .columns(['point_id', 'item_id', 'status'])
    .execute();
  await db.schema
    .createIndex('disability_rentals_due_idx')
    .on('disability_rentals')
    .columns(['status', 'due_on'])
    .execute();

  await db.schema
    .createTable('disability_fukang_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('item_kind', 'text', (c) => c.notNull().check(sql`item_kind in ('device', 'surgery')`))
    .addColumn('item_id', 'text', (c) => c.references('disability_device_items.id'))
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('requested_fen', 'integer', (c) => c.notNull())
    .addColumn('approved_fen', 'integer')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('applied', 'approved', 'refused', 'delivered', 'closed')`),
    )
    .addColumn('applied_on', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('delivered_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_fukang_cases_idx')
    .on('disability_fukang_cases')
    .columns(['division_code', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'disability_fukang_cases',
    'disability_rentals',
    'disability_point_stock',
    'disability_rental_points',
    'disability_device_items',
    'disability_home_patients',
    'disability_rehab_sessions',
    'disability_rehab_enrolments',
    'disability_rehab_institutions',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
