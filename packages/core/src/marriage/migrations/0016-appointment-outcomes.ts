import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * A booking follows what happened at the desk (issue 13, item 1). Statuses widen from
 * booked / cancelled / attended to also `done` (the service was performed or refused: `outcome_ref` names
 * the marriage, refusal or divorce application) and `no_show` (marked by the registrar; a booking still
 * `booked` after its day is shown as no-show on read, see appointments.service). New columns:
 * `checked_in_at` (签到), `closed_at` and `close_reason` (why it was cancelled or closed, e.g. a party
 * deceased), `outcome_kind` / `outcome_ref`, and `applicant_key` / `partner_key`: each party's own keyed
 * HMAC-SM3 of the resident id (purpose `marriage.booking.party`), so that a person.deceased event finds
 * the person's open bookings without any id kept in clear. PostgreSQL replaces the status CHECK; SQLite
 * cannot alter a CHECK, so the table is rebuilt from its stored DDL (nothing references it).
 */
const OLD_LIST = `'booked', 'cancelled', 'attended'`;
const NEW_LIST = `${OLD_LIST}, 'done', 'no_show'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await widen(db, OLD_LIST, NEW_LIST);
  for (const column of [
    'checked_in_at',
    'closed_at',
    'close_reason',
    'outcome_kind',
    'outcome_ref',
    'applicant_key',
    'partner_key',
  ]) {
    await db.schema.alterTable('marriage_appointments').addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('marriage_appointments_applicant_key_idx')
    .on('marriage_appointments')
    .column('applicant_key')
    .execute();
  await db.schema
    .createIndex('marriage_appointments_partner_key_idx')
    .on('marriage_appointments')
    .column('partner_key')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('marriage_appointments_partner_key_idx').execute();
  await db.schema.dropIndex('marriage_appointments_applicant_key_idx').execute();
  for (const column of [
    'partner_key',
    'applicant_key',
    'outcome_ref',
    'outcome_kind',
    'close_reason',
    'closed_at',
    'checked_in_at',
  ]) {
    await db.schema.alterTable('marriage_appointments').dropColumn(column).execute();
  }
  await sql`update marriage_appointments set status = 'attended' where status in ('done', 'no_show')`.execute(
    db,
  );
  await widen(db, NEW_LIST, OLD_LIST);
}

async function widen(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table marriage_appointments drop constraint marriage_appointments_status_check`.execute(
      db,
    );
    await sql
      .raw(
        `alter table marriage_appointments add constraint marriage_appointments_status_check check (status in (${to}))`,
      )
      .execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'marriage_appointments'`.execute(db);
  const ddl = table.rows[0]?.sql ?? '';
  const check = `status in (${from})`;
  if (!ddl.includes(check)) throw new Error('marriage_appointments: status CHECK not as expected');
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_master
    where type = 'index' and tbl_name = 'marriage_appointments' and sql is not null`.execute(db);
  const rebuilt = ddl
    .replace(check, `status in (${to})`)
    .replace(/^CREATE TABLE "marriage_appointments"/, 'CREATE TABLE "marriage_appointments_rebuilt"');
  await sql.raw(rebuilt).execute(db);
  await sql`insert into marriage_appointments_rebuilt select * from marriage_appointments`.execute(db);
  await sql`drop table marriage_appointments`.execute(db);
  await sql`alter table marriage_appointments_rebuilt rename to marriage_appointments`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}
