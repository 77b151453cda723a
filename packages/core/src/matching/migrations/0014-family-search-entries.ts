import { sql, type Kysely } from 'kysely';

/**
 * Three-way family search (寻亲) as a platform capability (issue 12 item 0): `family_search_entries` is the
 * feed of the in-memory family-search index — one row per searchable record of any line (missing-person
 * reports of matching, unidentified living people of rescue, unidentified deceased of funeral), written
 * by the owning line inside its own transaction (`publishFamilySearchRecord` / `withdrawFamilySearchRecord`).
 * Its `seq` is re-taken on every change under the audit chain lock, so `seq` order is commit order and an
 * index applies the rows above the last `seq` it saw (active → add or replace, removed → remove).
 *
 * Missing-person reports gain the reporting family's contact and their status change (found / withdrawn,
 * with the reason, when and by whom). Existing reports are copied into the feed with their own `seq`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('family_search_entries')
    /** The owning record's id (UUID v7, unique across lines): hits name it. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Line that owns the record (matching, rescue, funeral); only it may change or withdraw the row. */
    .addColumn('owner_line', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('missing-report', 'unidentified-living', 'unidentified-deceased')`),
    )
    /** The owner's own number (report or case number) shown beside a hit. */
    .addColumn('reference', 'text')
    .addColumn('name', 'text')
    .addColumn('sex', 'text', (c) => c.check(sql`sex in ('male', 'female')`))
    .addColumn('birth_year', 'integer')
    .addColumn('birth_year_uncertainty', 'integer')
    /** Estimated age at `estimated_age_as_of` (the day the person was seen or found), ± range years. */
    .addColumn('estimated_age', 'integer')
    .addColumn('estimated_age_range', 'integer')
    .addColumn('estimated_age_as_of', 'text')
    /** Lost on (reports), found on (rescue, funeral): `YYYY-MM-DD`. */
    .addColumn('event_date', 'text')
    /** Where the person was lost or found (2–9 digit division code), for the region score. */
    .addColumn('place_code', 'text')
    .addColumn('features', 'text')
    /** Opaque reference of a photo in the attachment store, returned with a hit. */
    .addColumn('photo_ref', 'text')
    /** Scope: the handling county (or township) and, for records of an institution, the institution. */
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'removed')`))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'family_search_entries_age_check',
      sql`(estimated_age is null) = (estimated_age_as_of is null)`,
    )
    .execute();
  await db.schema
    .createIndex('family_search_entries_seq_key')
    .on('family_search_entries')
    .column('seq')
    .unique()
    .execute();
  await db.schema
    .createIndex('family_search_entries_owner_idx')
    .on('family_search_entries')
    .columns(['owner_line', 'kind', 'status'])
    .execute();

  for (const column of ['contact_name', 'contact_phone', 'status_reason', 'closed_at', 'closed_by']) {
    await db.schema.alterTable('missing_person_reports').addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('missing_person_reports_division_idx')
    .on('missing_person_reports')
    .columns(['division_code', 'status', 'seq'])
    .execute();

  // Reports filed before this migration join the feed with their own filing order.
  await sql`
    insert into family_search_entries (id, owner_line, kind, reference, name, sex, birth_year,
      birth_year_uncertainty, estimated_age, estimated_age_range, estimated_age_as_of, event_date,
      place_code, features, photo_ref, division_code, institution_id, status, seq, created_at, updated_at)
    select id, 'matching', 'missing-report', null, name, sex, birth_year, birth_year_uncertainty,
      null, null, null, lost_on, coalesce(lost_division_code, division_code), features, null,
      division_code, null, case when status = 'open' then 'active' else 'removed' end, seq,
      created_at, created_at
    from missing_person_reports`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('missing_person_reports_division_idx').ifExists().execute();
  for (const column of ['contact_name', 'contact_phone', 'status_reason', 'closed_at', 'closed_by']) {
    await db.schema.alterTable('missing_person_reports').dropColumn(column).execute();
  }
  await db.schema.dropTable('family_search_entries').ifExists().execute();
}
