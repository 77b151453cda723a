import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/** What a repository function runs on: the database itself or the caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
