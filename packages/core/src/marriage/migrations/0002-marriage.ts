import { sql, type Kysely } from 'kysely';

/**
 * Marriage registration (婚姻登记): registries, registrar qualifications, marriages, divorce
 * applications with their cooling-off windows, certificates, court judgments, refusals, back-fill
 * imports and appointments. Portable DDL only; the "one subsisting marriage per person" rule is a
 * partial unique index both engines enforce (rulebook R-MAR-04, CC 1042).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('marriage_registries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('office_hours', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('competence', 'text', (c) =>
      c.notNull().check(sql`competence in ('mainland', 'mainland_and_cross_border')`),
    )
    .addColumn('half_day_capacity', 'integer', (c) => c.notNull().check(sql`half_day_capacity >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('marriage_registries_division_idx')
    .on('marriage_registries')
    .column('division_code')
    .execute();

  await db.schema
    .createTable('registrar_qualifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('registry_id', 'text', (c) => c.notNull().references('marriage_registries.id'))
    .addColumn('certificate_no', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('valid', 'revoked')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .addCheckConstraint('registrar_qualifications_period_check', sql`valid_from <= valid_until`)
    .execute();
  await db.schema
    .createIndex('registrar_qualifications_user_idx')
    .on('registrar_qualifications')
    .columns(['user_id', 'registry_id'])
    .execute();

  await db.schema
    .createTable('marriages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('registration', 'supplementary', 'backfill')`),
    )
    .addColumn('husband_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('wife_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('registry_id', 'text', (c) => c.references('marriage_registries.id'))
    .addColumn('registry_name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('cross_border', 'text', (c) =>
      c.notNull().check(sql`cross_border in ('mainland', 'foreign', 'hk_macao_taiwan')`),
    )
    .addColumn('certificate_no', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('subsisting', 'divorced', 'ended_by_death', 'void', 'annulled')`),
    )
    .addColumn('ended_on', 'text')
    .addColumn('end_reference', 'text')
    .addColumn('registrar_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('marriages_ended_check', sql`(status = 'subsisting') = (ended_on is null)`)
    .addCheckConstraint('marriages_parties_check', sql`husband_id <> wife_id`)
    .execute();
  // The bigamy guard: at most one subsisting marriage per husband and per wife, enforced by the engine
  // even when two registries commit at the same moment.
  await db.schema
    .createIndex('marriages_subsisting_husband_uq')
    .on('marriages')
    .column('husband_id')
    .unique()
    .where(sql.ref('status'), '=', 'subsisting')
    .execute();
  await db.schema
    .createIndex('marriages_subsisting_wife_uq')
    .on('marriages')
    .column('wife_id')
    .unique()
    .where(sql.ref('status'), '=', 'subsisting')
    .execute();
  await db.schema
    .createIndex('marriages_husband_idx')
    .on('marriages')
    .columns(['husband_id', 'registered_on'])
    .execute();
  await db.schema
    .createIndex('marriages_wife_idx')
    .on('marriages')
    .columns(['wife_id', 'registered_on'])
    .execute();
  await db.schema
    .createIndex('marriages_division_idx')
    .on('marriages')
    .columns(['division_code', 'registered_on'])
    .execute();

  await db.schema
    .createTable('marriage_certificate_counters')
    .addColumn('registry_id', 'text', (c) => c.notNull().references('marriage_registries.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('marriage_certificate_counters_pk', ['registry_id', 'series', 'year'])
    .execute();

  await db.schema
    .createTable('marriage_refusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service', 'text', (c) =>
      c.notNull().check(sql`service in ('marriage', 'divorce', 'reissue')`),
    )
    .addColumn('registry_id', 'text', (c) => c.notNull().references('marriage_registries.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('husband_id', 'text', (c) => c.references('people.id'))
    .addColumn('wife_id', 'text', (c) => c.references('people.id'))
    .addColumn('husband_name', 'text', (c) => c.notNull())
    .addColumn('wife_name', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('flag', 'text', (c) => c.notNull().check(sql`flag in ('none', 'declaration_contradicted')`))
    .addColumn('registrar_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('marriage_refusals_division_idx')
    .on('marriage_refusals')
    .columns(['division_code', 'decided_on'])
    .execute();

  await db.schema
    .createTable('divorce_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('marriage_id', 'text', (c) => c.notNull().references('marriages.id'))
    .addColumn('registry_id', 'text', (c) => c.notNull().references('marriage_registries.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('withdrawal_ends_on', 'text', (c) => c.notNull())
    .addColumn('joint_request_ends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('cooling_off', 'withdrawn', 'deemed_withdrawn', 'registered', 'terminated_by_death')`,
        ),
    )
    .addColumn('closed_on', 'text')
    .addColumn('withdrawn_by', 'text', (c) => c.check(sql`withdrawn_by in ('husband', 'wife')`))
    .addColumn('certificate_no', 'text', (c) => c.unique())
    .addColumn('agreement', 'text', (c) => c.notNull())
    .addColumn('registrar_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'divorce_applications_closed_check',
      sql`(status = 'cooling_off') = (closed_on is null)`,
    )
    .addCheckConstraint(
      'divorce_applications_windows_check',
      sql`received_on < withdrawal_ends_on and withdrawal_ends_on < joint_request_ends_on`,
    )
    .execute();
  await db.schema
    .createIndex('divorce_applications_open_uq')
    .on('divorce_applications')
    .column('marriage_id')
    .unique()
    .where(sql.ref('status'), '=', 'cooling_off')
    .execute();
  await db.schema
    .createIndex('divorce_applications_due_idx')
    .on('divorce_applications')
    .columns(['status', 'joint_request_ends_on'])
    .execute();
  await db.schema
    .createIndex('divorce_applications_division_idx')
    .on('divorce_applications')
    .columns(['division_code', 'received_on'])
    .execute();
  await db.schema
    .createIndex('divorce_applications_marriage_idx')
    .on('divorce_applications')
    .column('marriage_id')
    .execute();

  await db.schema
    .createTable('marriage_certificate_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('marriage_id', 'text', (c) => c.notNull().references('marriages.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('marriage_certificate', 'divorce_certificate', 'record_certificate')`),
    )
    .addColumn('registry_id', 'text', (c) => c.notNull().references('marriage_registries.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('certificate_no', 'text', (c) => c.notNull().unique())
    .addColumn('cross_border', 'text', (c) =>
      c.notNull().check(sql`cross_border in ('mainland', 'foreign', 'hk_macao_taiwan')`),
    )
    .addColumn('applicant', 'text', (c) =>
      c.notNull().check(sql`applicant in ('husband', 'wife', 'both', 'proxy')`),
    )
    .addColumn('registrar_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('marriage_certificate_issues_division_idx')
    .on('marriage_certificate_issues')
    .columns(['division_code', 'issued_on'])
    .execute();
  await db.schema
    .createIndex('marriage_certificate_issues_marriage_idx')
    .on('marriage_certificate_issues')
    .column('marriage_id')
    .execute();

  await db.schema
    .createTable('marriage_judgments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('marriage_id', 'text', (c) => c.notNull().references('marriages.id'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('void', 'annulled')`))
    .addColumn('ground', 'text', (c) =>
      c
        .notNull()
        .check(sql`ground in ('bigamy', 'prohibited_kinship', 'under_age', 'coercion', 'concealed_illness')`),
    )
    .addColumn('court', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull().unique())
    .addColumn('judgment_date', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('marriage_judgments_marriage_idx')
    .on('marriage_judgments')
    .column('marriage_id')
    .execute();

  await db.schema
    .createTable('marriage_foreign_parties')
    .addColumn('document_type', 'text', (c) =>
      c
        .notNull()
        .check(sql`document_type in ('passport', 'foreign_permanent_residence', 'hmt_travel_permit')`),
    )
    .addColumn('nationality', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('marriage_foreign_parties_pk', ['document_type', 'nationality', 'document_no'])
    .execute();

  await db.schema
    .createTable('marriage_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('imported_rows', 'integer', (c) => c.notNull())
    .addColumn('failed_rows', 'integer', (c) => c.notNull())
    .addColumn('awaiting_rows', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('marriage_import_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('marriage_imports.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('imported', 'failed', 'awaiting_match', 'matched')`),
    )
    .addColumn('marriage_id', 'text', (c) => c.references('marriages.id'))
    .addColumn('messages', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addUniqueConstraint('marriage_import_rows_row_uq', ['import_id', 'row_no'])
    .execute();
  await db.schema
    .createIndex('marriage_import_rows_status_idx')
    .on('marriage_import_rows')
    .columns(['status', 'division_code'])
    .execute();

  await db.schema
    .createTable('marriage_appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('registry_id', 'text', (c) => c.notNull().references('marriage_registries.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('half_day', 'text', (c) => c.notNull().check(sql`half_day in ('am', 'pm')`))
    .addColumn('slot_no', 'integer', (c) => c.notNull().check(sql`slot_no >= 1`))
    .addColumn('service', 'text', (c) =>
      c.notNull().check(sql`service in ('marriage', 'divorce', 'reissue')`),
    )
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('partner_name', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('booked', 'cancelled', 'attended')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Capacity guard: slot numbers run 1..capacity and a booked slot is held by exactly one appointment.
  await db.schema
    .createIndex('marriage_appointments_slot_uq')
    .on('marriage_appointments')
    .columns(['registry_id', 'date', 'half_day', 'slot_no'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema
    .createIndex('marriage_appointments_division_idx')
    .on('marriage_appointments')
    .columns(['division_code', 'date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'marriage_appointments',
    'marriage_import_rows',
    'marriage_imports',
    'marriage_foreign_parties',
    'marriage_judgments',
    'marriage_certificate_issues',
    'divorce_applications',
    'marriage_refusals',
    'marriage_certificate_counters',
    'marriages',
    'registrar_qualifications',
    'marriage_registries',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
