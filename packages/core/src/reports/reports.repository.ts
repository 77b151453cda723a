import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** The display name of the account `username`, if there is one (the exporter line of an export). */
export async function displayNameOf(db: Executor, username: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('displayName')
    .where('username', '=', username)
    .executeTakeFirst();
  return row?.displayName;
}
