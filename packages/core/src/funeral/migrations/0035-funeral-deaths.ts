import { sql, type Kysely } from 'kysely';

/**
 * Deaths and unidentified bodies (issue 17 items 3–4, ADR 0028): how a case's death certificate reached
 * the people index (recorded, already there, or a merge proposed), the review flags a case carries (a
 * death revoked, a family to contact after a confirmed family-search candidate, a payer to settle after
 * identification), and the description of an unidentified body published to the family search.
 * Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_death_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('funeral_case_documents.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** The people-index record the death was recorded on (or proposed to be merged into). */
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('death_date', 'text', (c) => c.notNull())
    .addColumn('era', 'text', (c) => c.notNull().check(sql`era in ('before_2026', 'from_2026')`))
    .addColumn('identifier_kind', 'text', (c) =>
      c.notNull().check(sql`identifier_kind in ('legacy', 'resident_id', 'credit_code')`),
    )
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('recorded', 'already_recorded', 'merge_proposed')`),
    )
    .addColumn('merge_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'revoked')`))
    .addColumn('revocation_id', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_death_registrations_case_idx')
    .on('funeral_death_registrations')
    .columns(['case_id', 'status'])
    .execute();
  await db.schema
    .createIndex('funeral_death_registrations_person_idx')
    .on('funeral_death_registrations')
    .column('person_id')
    .execute();
  await db.schema
    .createIndex('funeral_death_registrations_division_idx')
    .on('funeral_death_registrations')
    .columns(['division_code', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('funeral_case_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('death_revoked', 'family_claim', 'payer_review', 'death_date_conflict')`),
    )
    /** What raised it (revocation id, family candidate id, merge id): one flag per case, kind and source. */
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'resolved')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_case_flags_source_uq')
    .unique()
    .on('funeral_case_flags')
    .columns(['case_id', 'kind', 'source_ref'])
    .execute();
  await db.schema
    .createIndex('funeral_case_flags_open_idx')
    .on('funeral_case_flags')
    .columns(['division_code', 'status'])
    .execute();

  await db.schema
    .createTable('funeral_unidentified_profiles')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('funeral_cases.id'))
    .addColumn('height_cm', 'integer')
    .addColumn('features', 'text')
    .addColumn('clothing', 'text')
    .addColumn('found_place', 'text')
    .addColumn('found_on', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funeral_unidentified_profiles').execute();
  await db.schema.dropTable('funeral_case_flags').execute();
  await db.schema.dropTable('funeral_death_registrations').execute();
}
