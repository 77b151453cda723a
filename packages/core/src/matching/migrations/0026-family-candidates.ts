import { sql, type Kysely } from 'kysely';

/**
 * Three-way family-search candidates (issue 16 item 1, ADR 0023): `family_candidates` holds one row per
 * pair of family-search feed entries (a missing-person report, an unidentified living person, an
 * unidentified deceased) in canonical order (left id < right id), with the channel that found it, the
 * engine's explanation, the review status and both sides' scope. `family_candidate_watermarks` holds the
 * refresher's position in the feed (`family_search_entries.seq`). Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kinds = sql`('missing-report', 'unidentified-living', 'unidentified-deceased')`;
  await db.schema
    .createTable('family_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('left_entry_id', 'text', (c) => c.notNull())
    .addColumn('left_kind', 'text', (c) => c.notNull().check(sql`left_kind in ${kinds}`))
    .addColumn('left_owner_line', 'text', (c) => c.notNull())
    .addColumn('left_division_code', 'text', (c) => c.notNull())
    .addColumn('left_institution_id', 'text')
    .addColumn('right_entry_id', 'text', (c) => c.notNull())
    .addColumn('right_kind', 'text', (c) => c.notNull().check(sql`right_kind in ${kinds}`))
    .addColumn('right_owner_line', 'text', (c) => c.notNull())
    .addColumn('right_division_code', 'text', (c) => c.notNull())
    .addColumn('right_institution_id', 'text')
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('data', 'face', 'dna', 'notice', 'other')`),
    )
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull().check(sql`band in ('strong', 'possible')`))
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'claimed', 'confirmed', 'rejected', 'unsure', 'withdrawn')`),
    )
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addCheckConstraint('family_candidates_order_check', sql`left_entry_id < right_entry_id`)
    .addCheckConstraint('family_candidates_kinds_check', sql`left_kind <> right_kind`)
    .execute();
  await db.schema
    .createIndex('family_candidates_pair_key')
    .on('family_candidates')
    .columns(['left_entry_id', 'right_entry_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('family_candidates_right_idx')
    .on('family_candidates')
    .columns(['right_entry_id', 'status'])
    .execute();
  await db.schema
    .createIndex('family_candidates_status_idx')
    .on('family_candidates')
    .columns(['status', 'score'])
    .execute();
  await db.schema
    .createTable('family_candidate_watermarks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('family_candidate_watermarks').ifExists().execute();
  await db.schema.dropTable('family_candidates').ifExists().execute();
}
