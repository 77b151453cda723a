import { sql, type Kysely } from 'kysely';

/**
 * Reunions (团聚, issue 16 items 1 and 5): one workflow per family found for a rescue case — contact →
 * identity check → handover (recorded as the departure `collected_by_family`), or cancelled with a reason.
 * At most one open reunion per case; at most one reunion per confirmed family candidate (the start by
 * event is idempotent). Portable DDL (ADR 0001): text ids and instants, CHECK for statuses.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_reunions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('dna', 'face', 'notice', 'data', 'other')`),
    )
    .addColumn('candidate_id', 'text')
    .addColumn('source_line', 'text')
    .addColumn('source_id', 'text')
    .addColumn('source_kind', 'text')
    .addColumn('source_reference', 'text')
    .addColumn('started_how', 'text', (c) => c.notNull().check(sql`started_how in ('event', 'hand')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('contacting', 'identity_checked', 'handed_over', 'cancelled')`),
    )
    .addColumn('family_name', 'text')
    .addColumn('family_relation', 'text')
    .addColumn('family_phone', 'text')
    .addColumn('contacted_at', 'text')
    .addColumn('contact_note', 'text')
    .addColumn('kin_name', 'text')
    .addColumn('kin_relation', 'text')
    // The family member's resident id is never stored in full: masked, and a keyed HMAC (the departure
    // concern's `collectorIdentity`) to check the collector's id typed at the handover.
    .addColumn('kin_resident_id_masked', 'text')
    .addColumn('kin_resident_id_hmac', 'text')
    .addColumn('evidence_attachment_id', 'text')
    .addColumn('confirmed_name', 'text')
    .addColumn('confirmed_resident_id_masked', 'text')
    .addColumn('confirmed_person_id', 'text')
    .addColumn('merge_id', 'text')
    .addColumn('checked_by', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('departure_id', 'text')
    .addColumn('handed_over_on', 'text')
    .addColumn('handed_over_by', 'text')
    .addColumn('handed_over_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('note', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // One open reunion per case.
  await db.schema
    .createIndex('rescue_reunions_open_case_uq')
    .on('rescue_reunions')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), 'in', sql`('contacting', 'identity_checked')`)
    .execute();
  // A confirmed candidate starts one reunion (a replayed event finds it).
  await db.schema
    .createIndex('rescue_reunions_candidate_uq')
    .on('rescue_reunions')
    .column('candidate_id')
    .unique()
    .where(sql.ref('candidate_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('rescue_reunions_division_idx')
    .on('rescue_reunions')
    .columns(['division_code', 'started_at'])
    .execute();
  await db.schema
    .createIndex('rescue_reunions_station_idx')
    .on('rescue_reunions')
    .columns(['station_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_reunions').execute();
}
