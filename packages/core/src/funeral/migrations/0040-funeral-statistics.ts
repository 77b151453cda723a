import { sql, type Kysely } from 'kysely';

/**
 * Funeral statistics (issue 17 item 10): the statistics count custody events by step and Beijing day
 * (cremations, burials, transport out, intake), so the events get an index on (step, at); and they count
 * the deaths of a period in the people index (tens of millions of records, a few percent deceased), so
 * the deceased get a partial index on their death date. No table: the statistics and the exchange read
 * the other concerns' tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('funeral_custody_events_step_at_idx')
    .on('funeral_custody_events')
    .columns(['step', 'at'])
    .execute();
  await db.schema
    .createIndex('funeral_people_death_date_idx')
    .on('people')
    .column('death_date')
    .where(sql<boolean>`status = 'deceased'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('funeral_people_death_date_idx').execute();
  await db.schema.dropIndex('funeral_custody_events_step_at_idx').execute();
}
