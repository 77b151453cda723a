import { sql, type Kysely } from 'kysely';

/**
 * Rescue stay (站内照料与站外托养): the services log (R-RES-04; no amount and no fee or labour kind,
 * R-RES-02/08), stay-limit extensions filed through the approval engine (R-RES-05), outside placements
 * naming the responsible station and the agreement, with monthly supervision visits (R-RES-13), minors'
 * schooling and guardianship assessments (R-RES-16) and fund items limited to three categories (R-RES-17).
 * Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('food', 'lodging', 'medical', 'contact_help', 'travel_voucher', 'clothing', 'other')`,
        ),
    )
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('provided_by', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_services_case_idx')
    .on('rescue_services')
    .columns(['case_id', 'service_date'])
    .execute();

  await db.schema
    .createTable('rescue_stay_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('approval_id', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_stay_extensions_case_idx')
    .on('rescue_stay_extensions')
    .columns(['case_id', 'status'])
    .execute();
  // One extension request under way per case.
  await db.schema
    .createIndex('rescue_stay_extensions_pending_uq')
    .on('rescue_stay_extensions')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('rescue_placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('rescue_partners.id'))
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('rescue_agreements.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('foster', 'hospital')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'ended')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'rescue_placements_end_check',
      sql`(status = 'active') = (ended_on is null) and (ended_on is null or ended_on >= started_on)`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_placements_active_case_uq')
    .on('rescue_placements')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();
  await db.schema
    .createIndex('rescue_placements_division_idx')
    .on('rescue_placements')
    .columns(['division_code', 'status', 'started_on'])
    .execute();
  await db.schema
    .createIndex('rescue_placements_agreement_idx')
    .on('rescue_placements')
    .columns(['agreement_id', 'status'])
    .execute();
  await db.schema
    .createIndex('rescue_placements_partner_idx')
    .on('rescue_placements')
    .columns(['partner_id', 'status'])
    .execute();

  await db.schema
    .createTable('rescue_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('placement_id', 'text', (c) => c.notNull().references('rescue_placements.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('rescue_partners.id'))
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('problem', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`problem in (0, 1)`),
    )
    .addColumn('evidence_ids', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_visits_placement_idx')
    .on('rescue_visits')
    .columns(['placement_id', 'visit_date'])
    .execute();
  await db.schema
    .createIndex('rescue_visits_partner_idx')
    .on('rescue_visits')
    .columns(['partner_id', 'visit_date'])
    .execute();

  await db.schema
    .createTable('rescue_minor_education')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('school', 'vocational', 'none')`))
    .addColumn('institution', 'text')
    .addColumn('from_date', 'text')
    .addColumn('willing', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`willing in (0, 1)`),
    )
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'rescue_minor_education_arranged_check',
      sql`(kind = 'none' and reason is not null) or (kind <> 'none' and institution is not null and from_date is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_minor_education_case_idx')
    .on('rescue_minor_education')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('rescue_guardianship_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull().check(sql`finding in ('able', 'unable', 'refuse')`))
    .addColumn('persistent_refusal', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`persistent_refusal in (0, 1)`),
    )
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_guardianship_case_idx')
    .on('rescue_guardianship_assessments')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('rescue_fund_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('case_id', 'text', (c) => c.references('rescue_cases.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('living', 'medical', 'purchased_service')`),
    )
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('spent_on', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) =>
      c.check(sql`justification in ('specialist', 'staffing_gap', 'vehicle_gap')`),
    )
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'rescue_fund_items_purchase_check',
      sql`(category = 'purchased_service') = (justification is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_fund_items_station_idx')
    .on('rescue_fund_items')
    .columns(['station_id', 'spent_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_fund_items').execute();
  await db.schema.dropTable('rescue_guardianship_assessments').execute();
  await db.schema.dropTable('rescue_minor_education').execute();
  await db.schema.dropTable('rescue_visits').execute();
  await db.schema.dropTable('rescue_placements').execute();
  await db.schema.dropTable('rescue_stay_extensions').execute();
  await db.schema.dropTable('rescue_services').execute();
}
