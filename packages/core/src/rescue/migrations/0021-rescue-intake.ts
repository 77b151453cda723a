import { sql, type Kysely } from 'kysely';

/**
 * Rescue intake (求助登记): the intake record of a case (eligibility answers R-RES-01, what the person
 * said R-RES-03, the police 交接表 R-RES-06, security check, medical/police referral R-RES-15, the minor
 * flag R-RES-16, the caseworker R-RES-04), the belongings and documents register (identity documents only
 * in voluntary safekeeping with consent, R-RES-08) and the refusals (不予救助, with their notice number).
 * Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_intakes')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('rescue_cases.id'))
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('information', 'text', (c) =>
      c.notNull().check(sql`information in ('given', 'refused', 'cannot_give')`),
    )
    .addColumn('hukou_address', 'text')
    .addColumn('vagrancy_reason', 'text')
    .addColumn('relatives_contact', 'text')
    .addColumn('police_unit', 'text')
    .addColumn('police_officer', 'text')
    .addColumn('handover_at', 'text')
    .addColumn('referral_note', 'text')
    .addColumn('security_check', 'text', (c) =>
      c.notNull().check(sql`security_check in ('passed', 'prohibited_found', 'refused')`),
    )
    .addColumn('security_note', 'text')
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('medical_referral_to', 'text')
    .addColumn('police_referral_to', 'text')
    .addColumn('minor_at_entry', 'integer', (c) => c.notNull().check(sql`minor_at_entry in (0, 1)`))
    .addColumn('caseworker_name', 'text', (c) => c.notNull())
    .addColumn('caseworker_sex', 'text', (c) => c.notNull().check(sql`caseworker_sex in ('male', 'female')`))
    .addColumn('identification_merge_id', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rescue_belongings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    // Order of registration within the case (1, 2, …): the register is read back in this order.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('description', 'text')
    .addColumn('identity_document', 'integer', (c) => c.notNull().check(sql`identity_document in (0, 1)`))
    .addColumn('safekeeping_consent', 'integer', (c) => c.notNull().check(sql`safekeeping_consent in (0, 1)`))
    .addColumn('consent_note', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .addColumn('returned_note', 'text')
    // R-RES-08: an identity document is held only in voluntary safekeeping, never retained.
    .addCheckConstraint(
      'rescue_belongings_identity_consent_check',
      sql`identity_document = 0 or safekeeping_consent = 1`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_belongings_case_idx')
    .on('rescue_belongings')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('rescue_refusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('name_given', 'text')
    .addColumn('sex', 'text', (c) => c.check(sql`sex in ('male', 'female')`))
    .addColumn('ground_code', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`ground_code in ('can_pay', 'has_relatives', 'receives_subsistence', 'not_vagrant', 'refuses_information', 'other')`,
        ),
    )
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    .addColumn('notice_no', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_refusals_station_idx')
    .on('rescue_refusals')
    .columns(['station_id', 'decided_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_refusals').execute();
  await db.schema.dropTable('rescue_belongings').execute();
  await db.schema.dropTable('rescue_intakes').execute();
}
