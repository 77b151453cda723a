import { sql, type Kysely, type Transaction } from 'kysely';
import { toCount } from '../db/dialect';
import type { Database, PersonFactsTable, PersonRow } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export async function countPeople(db: Executor): Promise<number> {
  return toCount(
    (
      await db
        .selectFrom('people')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Bulk insert of generated people and their facts (one statement each). */
export async function insertDemoPeople(
  db: Executor,
  batch: { person: PersonRow; facts: PersonFactsTable[] }[],
): Promise<void> {
  await db
    .insertInto('people')
    .values(batch.map((b) => b.person))
    .execute();
  await db
    .insertInto('personFacts')
    .values(batch.flatMap((b) => b.facts))
    .execute();
}

export async function userExists(db: Executor, username: string): Promise<boolean> {
  return (
    (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !==
    undefined
  );
}
