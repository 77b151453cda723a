import { sql, type Kysely } from 'kysely';

/**
 * Rescue departure and settlement (离站与落户安置): the departure of a case — return home with a travel
 * voucher, collection by relatives (collector's id masked and keyed, never in clear, with the id copy as an
 * attachment), self-departure with a signed declaration, transfer, leaving without formalities, death —
 * with the cash handed over (R-RES-07 cap) and the belongings returned against the intake register; and
 * the settlement file (落户安置, R-RES-12), one under way or approved per case. Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_departures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('return_home', 'collected_by_family', 'self_departure', 'transfer', 'left_without_formalities', 'death')`,
        ),
    )
    .addColumn('departed_on', 'text', (c) => c.notNull())
    .addColumn('destination', 'text')
    .addColumn('route_kind', 'text', (c) =>
      c.check(sql`route_kind is null or route_kind in ('direct', 'transfer')`),
    )
    .addColumn('transfer_station', 'text')
    .addColumn('voucher_no', 'text')
    .addColumn('route', 'text')
    .addColumn('collector_name', 'text')
    .addColumn('collector_relation', 'text')
    .addColumn('collector_resident_id_masked', 'text')
    .addColumn('collector_resident_id_hmac', 'text')
    .addColumn('collector_phone', 'text')
    .addColumn('collector_id_copy_attachment_id', 'text')
    .addColumn('escort', 'text')
    .addColumn('consent_by', 'text')
    .addColumn('consent_note', 'text')
    .addColumn('declaration_attachment_id', 'text')
    .addColumn('transfer_to', 'text', (c) =>
      c.check(sql`transfer_to is null or transfer_to in ('station', 'institution')`),
    )
    .addColumn('transfer_to_name', 'text')
    .addColumn('left_from', 'text', (c) =>
      c.check(sql`left_from is null or left_from in ('station', 'hospital')`),
    )
    .addColumn('death_date', 'text')
    .addColumn('death_cause', 'text')
    .addColumn('cash_total_fen', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`cash_total_fen >= 0`),
    )
    .addColumn('cash_payments', 'text', (c) => c.notNull())
    .addColumn('cash_receipt_attachment_id', 'text')
    .addColumn('belongings', 'text', (c) => c.notNull())
    .addColumn('belongings_receipt_attachment_id', 'text')
    .addColumn('belongings_signed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'rescue_departures_collector_check',
      sql`kind <> 'collected_by_family' or (collector_name is not null and collector_resident_id_hmac is not null and collector_id_copy_attachment_id is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_departures_station_idx')
    .on('rescue_departures')
    .columns(['station_id', 'departed_on'])
    .execute();
  await db.schema
    .createIndex('rescue_departures_division_idx')
    .on('rescue_departures')
    .columns(['division_code', 'departed_on'])
    .execute();

  await db.schema
    .createTable('rescue_settlements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('approval_id', 'text')
    .addColumn('collective_hukou_institution', 'text', (c) => c.notNull())
    .addColumn('found_place', 'text')
    .addColumn('found_division_code', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('attachment_ids', 'text', (c) => c.notNull())
    .addColumn('applied_on', 'text', (c) => c.notNull())
    .addColumn('days_in_care', 'integer', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One settlement file per person: at most one under way or approved per case (one open case per person).
  await db.schema
    .createIndex('rescue_settlements_case_uq')
    .on('rescue_settlements')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), 'in', ['pending', 'approved'])
    .execute();
  await db.schema
    .createIndex('rescue_settlements_station_idx')
    .on('rescue_settlements')
    .columns(['station_id', 'applied_on'])
    .execute();
  await db.schema
    .createIndex('rescue_settlements_approval_idx')
    .on('rescue_settlements')
    .column('approval_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_settlements').execute();
  await db.schema.dropTable('rescue_departures').execute();
}
