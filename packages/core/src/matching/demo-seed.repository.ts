/** Reads of the matching line's demo seed (matching.demo-seed.ts): people to build rolls from, the reviewer account. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index';

/** People of the index with a resident id, in a stable order (ids are seeded, so the order is too). */
export function demoRollPeople(db: Kysely<Database>, status: 'alive' | 'deceased', limit: number) {
  return db
    .selectFrom('people')
    .select(['name', 'sex', 'birthDate', 'residentId', 'divisionCode'])
    .where('status', '=', status)
    .where('residentId', 'is not', null)
    .where('birthDate', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A demo account by user name (the province's county reviewer acts in the demo). */
export function demoAccount(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'divisionCode'])
    .where('username', '=', username)
    .executeTakeFirst();
}
