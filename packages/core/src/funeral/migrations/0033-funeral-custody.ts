import { sql, type Kysely } from 'kysely';

/**
 * Funeral line, custody concern (接运与保管): what the chain of custody keeps beside the shared case row —
 * the collection order's carrier and whether collection is free (R-FUN-04), the pick-up, the cold-storage
 * place, the booked farewell, the agent's checked id (masked, plus a salted digest to compare the
 * collector's id with at release), the ashes' destination and a cancelled order's reason. One row per case.
 * Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_custody_details')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('funeral_cases.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    /** Null for a case not opened by a collection order here (e.g. a body brought in by the police). */
    .addColumn('carrier', 'text', (c) =>
      c.check(sql`carrier in ('funeral_home_vehicle', 'family_own', 'other_unit')`),
    )
    .addColumn('collection_free', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('transport_rule', 'text')
    .addColumn('pickup_address', 'text')
    .addColumn('pickup_time', 'text')
    .addColumn('vehicle', 'text')
    /** The cold-storage place while the body is in storage (freed at cremation, burial or transport out). */
    .addColumn('storage_place', 'text')
    .addColumn('farewell_hall', 'text')
    .addColumn('farewell_on', 'text')
    .addColumn('farewell_time', 'text')
    .addColumn('agent_id_masked', 'text')
    .addColumn('agent_id_digest', 'text')
    .addColumn('collector_name', 'text')
    .addColumn('collector_id_masked', 'text')
    .addColumn('destination_id', 'text')
    .addColumn('destination_place', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_custody_details_storage_idx')
    .on('funeral_custody_details')
    .columns(['facility_id', 'storage_place'])
    .execute();
  await db.schema
    .createIndex('funeral_custody_details_farewell_idx')
    .on('funeral_custody_details')
    .columns(['farewell_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funeral_custody_details').execute();
}
