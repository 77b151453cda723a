import { sql, type Kysely } from 'kysely';

/**
 * Qingming and memorials (F7, R-FUN-12): tomb-sweeping plans, time slots with quotas (the CHECK
 * `booked <= quota` backs the atomic conditional UPDATE the booking makes, ADR 0030), bookings with one
 * active booking per phone per day (a partial unique index on phone hash + date among bookings not
 * cancelled), proxy-sweeping orders and moderated memorial pages with their messages. Portable DDL
 * (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_qingming_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('funeral_qingming_plans_facility_year_uq', ['facility_id', 'year'])
    .execute();

  await db.schema
    .createTable('funeral_qingming_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('quota', 'integer', (c) => c.notNull().check(sql`quota >= 0`))
    .addColumn('reserve', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`reserve >= 0`),
    )
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('booked_online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checked_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'funeral_qingming_slots_capacity_ck',
      sql`booked >= 0 and booked <= quota and booked_online >= 0 and booked_online <= booked and reserve <= quota`,
    )
    .addUniqueConstraint('funeral_qingming_slots_window_uq', ['facility_id', 'date', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('funeral_qingming_slots_date_idx')
    .on('funeral_qingming_slots')
    .columns(['date', 'division_code'])
    .execute();

  await db.schema
    .createTable('funeral_qingming_bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('slot_id', 'text', (c) => c.notNull().references('funeral_qingming_slots.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'phone')`))
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('party_size', 'integer', (c) => c.notNull().check(sql`party_size >= 1`))
    .addColumn('deceased_name', 'text')
    .addColumn('plot_label', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'checked_in', 'cancelled')`),
    )
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_in_by', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_qingming_bookings_phone_day_uq')
    .on('funeral_qingming_bookings')
    .columns(['phone_hash', 'date'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema
    .createIndex('funeral_qingming_bookings_slot_idx')
    .on('funeral_qingming_bookings')
    .columns(['slot_id', 'status'])
    .execute();
  await db.schema
    .createIndex('funeral_qingming_bookings_facility_date_idx')
    .on('funeral_qingming_bookings')
    .columns(['facility_id', 'date'])
    .execute();

  await db.schema
    .createTable('funeral_qingming_proxy_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'staff')`))
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('deceased_name', 'text', (c) => c.notNull())
    .addColumn('plot_label', 'text')
    .addColumn('requested_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'done', 'cancelled')`))
    .addColumn('performed_at', 'text')
    .addColumn('performed_by', 'text')
    .addColumn('performed_note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_qingming_proxy_orders_facility_idx')
    .on('funeral_qingming_proxy_orders')
    .columns(['facility_id', 'status', 'requested_date'])
    .execute();

  await db.schema
    .createTable('funeral_memorials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('deceased_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('death_date', 'text')
    .addColumn('biography', 'text', (c) => c.notNull())
    .addColumn('creator_name', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`))
    .addColumn('reject_reason', 'text')
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('flowers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_memorials_status_idx')
    .on('funeral_memorials')
    .columns(['status', 'division_code'])
    .execute();

  await db.schema
    .createTable('funeral_memorial_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('memorial_id', 'text', (c) => c.notNull().references('funeral_memorials.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`))
    .addColumn('reject_reason', 'text')
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_memorial_messages_memorial_idx')
    .on('funeral_memorial_messages')
    .columns(['memorial_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'funeral_memorial_messages',
    'funeral_memorials',
    'funeral_qingming_proxy_orders',
    'funeral_qingming_bookings',
    'funeral_qingming_slots',
    'funeral_qingming_plans',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
