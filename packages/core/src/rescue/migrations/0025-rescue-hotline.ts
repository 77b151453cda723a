import { sql, type Kysely } from 'kysely';

/**
 * Rescue hotline (救助热线) call metadata (R-RES-14): station, time, caller number, duration, summary,
 * an optional linked case and the reference of the recording kept in the station's telephone system.
 * The retention job (`rescue.hotline-retention`) marks a recording purged — never before
 * `recordingDeletableFrom(recorded_on)` — and keeps the call's metadata. Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_hotline_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('called_at', 'text', (c) => c.notNull())
    .addColumn('recorded_on', 'text', (c) => c.notNull())
    .addColumn('caller_number', 'text')
    .addColumn('duration_seconds', 'integer', (c) => c.notNull().check(sql`duration_seconds >= 0`))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('help_request', 'lead', 'family_search', 'consultation', 'other')`),
    )
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('rescue_cases.id'))
    .addColumn('recording_ref', 'text')
    .addColumn('recording_status', 'text', (c) =>
      c.notNull().check(sql`recording_status in ('kept', 'purged', 'none')`),
    )
    .addColumn('purged_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_hotline_calls_station_idx')
    .on('rescue_hotline_calls')
    .columns(['station_id', 'called_at'])
    .execute();
  await db.schema
    .createIndex('rescue_hotline_calls_division_idx')
    .on('rescue_hotline_calls')
    .columns(['division_code', 'called_at'])
    .execute();
  await db.schema
    .createIndex('rescue_hotline_calls_retention_idx')
    .on('rescue_hotline_calls')
    .columns(['recording_status', 'recorded_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_hotline_calls').execute();
}
