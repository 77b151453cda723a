import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Divorce applications gain the status `terminated_by_judgment` (离婚登记程序终止: a court declared the
 * marriage void or annulled it while the application was open). PostgreSQL replaces the column's CHECK
 * constraint; SQLite cannot alter a CHECK, so the table is rebuilt from its own stored DDL with the
 * widened list (no other table references it) and its indexes are recreated.
 */
const OLD_LIST = `'cooling_off', 'withdrawn', 'deemed_withdrawn', 'registered', 'terminated_by_death'`;
const NEW_LIST = `${OLD_LIST}, 'terminated_by_judgment'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await widen(db, OLD_LIST, NEW_LIST);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await widen(db, NEW_LIST, OLD_LIST);
}

async function widen(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table divorce_applications drop constraint divorce_applications_status_check`.execute(db);
    await sql
      .raw(
        `alter table divorce_applications add constraint divorce_applications_status_check check (status in (${to}))`,
      )
      .execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'divorce_applications'`.execute(db);
  const ddl = table.rows[0]?.sql ?? '';
  const check = `status in (${from})`;
  if (!ddl.includes(check)) throw new Error('divorce_applications: status CHECK not as expected');
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_master
    where type = 'index' and tbl_name = 'divorce_applications' and sql is not null`.execute(db);
  const rebuilt = ddl
    .replace(check, `status in (${to})`)
    .replace(/^CREATE TABLE "divorce_applications"/, 'CREATE TABLE "divorce_applications_rebuilt"');
  await sql.raw(rebuilt).execute(db);
  await sql`insert into divorce_applications_rebuilt select * from divorce_applications`.execute(db);
  await sql`drop table divorce_applications`.execute(db);
  await sql`alter table divorce_applications_rebuilt rename to divorce_applications`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}
