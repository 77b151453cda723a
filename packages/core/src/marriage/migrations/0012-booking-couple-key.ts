import { sql, type Kysely } from 'kysely';

/**
 * One active booking per couple (issue 11, item 8). A booking keeps no resident id in clear: it stores
 * `couple_key`, the server-keyed HMAC-SM3 of both parties' ids (order-free, see appointments.service),
 * and the masked ids for the registrar's list. A partial unique index holds one booked (active)
 * appointment per couple on both engines, so parallel bookings cannot get round it. The key is cleared
 * when a booking stops being active by lapsing (its date passed with nobody attending); cancelled and
 * attended ones fall outside the index. Rows booked before this migration have no key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('marriage_appointments').addColumn('couple_key', 'text').execute();
  await db.schema
    .alterTable('marriage_appointments')
    .addColumn('applicant_resident_id_masked', 'text')
    .execute();
  await db.schema
    .alterTable('marriage_appointments')
    .addColumn('partner_resident_id_masked', 'text')
    .execute();
  await db.schema
    .createIndex('marriage_appointments_couple_uq')
    .on('marriage_appointments')
    .column('couple_key')
    .unique()
    .where(sql.ref('status'), '=', 'booked')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('marriage_appointments_couple_uq').execute();
  await db.schema.alterTable('marriage_appointments').dropColumn('partner_resident_id_masked').execute();
  await db.schema.alterTable('marriage_appointments').dropColumn('applicant_resident_id_masked').execute();
  await db.schema.alterTable('marriage_appointments').dropColumn('couple_key').execute();
}
