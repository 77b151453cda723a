import { personNameSortKey } from '@social-affairs/kernel';
import { sql, type Kysely } from 'kysely';

/**
 * The people ledger lists names in pinyin order (issue 13 item 7). PostgreSQL orders text by its
 * collation (C, zh_CN, en_US…) and SQLite byte-wise, so ordering by `name` differs between the two and
 * from what a clerk expects. `name_sort_key` is computed by the kernel (`personNameSortKey`: toned pinyin,
 * then code points, only `[0-9a-z]`), which every collation orders alike. Existing rows are filled here in
 * batches; new rows get it from the service. The index serves the ledger's default order (division, name).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('name_sort_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  for (let after = ''; ;) {
    const rows = (
      await sql<{
        id: string;
        name: string;
      }>`select id, name from people where id > ${after} order by id limit 2000`.execute(db)
    ).rows;
    for (const r of rows) {
      await sql`update people set name_sort_key = ${personNameSortKey(r.name)} where id = ${r.id}`.execute(
        db,
      );
    }
    if (rows.length < 2000) break;
    after = rows[rows.length - 1]!.id;
  }
  await db.schema
    .createIndex('people_division_name_sort_idx')
    .on('people')
    .columns(['division_code', 'name_sort_key', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('people_division_name_sort_idx').ifExists().execute();
  await db.schema.alterTable('people').dropColumn('name_sort_key').execute();
}
