import type { Transaction } from 'kysely';
import type { Executor } from '../db/executor';
import { insertRows } from '../db/prepared';
import type { Database } from '../db/schema';
import type { DocumentNumberRow } from './numbering.table';

export interface CounterKey {
  officeKey: string;
  divisionCode: string;
  kind: string;
  year: number;
}

/**
 * Takes the next serial of a counter inside the caller's transaction: one upsert that creates the
 * counter at 1 or adds 1 to it, returning the new value. The row it writes stays locked until the
 * transaction ends (PostgreSQL row lock; SQLite's single writer under BEGIN IMMEDIATE), so concurrent
 * allocations of one counter take serials one after another, and a rolled-back transaction gives its
 * serial back (no gaps).
 */
export async function takeSerial(trx: Transaction<Database>, key: CounterKey): Promise<number> {
  const row = await trx
    .insertInto('documentNumberCounters')
    .values({ ...key, lastSerial: 1 })
    .onConflict((oc) =>
      oc
        .columns(['officeKey', 'divisionCode', 'kind', 'year'])
        .doUpdateSet((eb) => ({ lastSerial: eb('documentNumberCounters.lastSerial', '+', 1) })),
    )
    .returning('lastSerial')
    .executeTakeFirstOrThrow();
  return row.lastSerial;
}

/**
 * Gives back the serial just taken by this transaction (it still holds the counter's lock, so nobody
 * else took a later one). Used when the document turned out to have a number already.
 */
export async function giveBackSerial(
  trx: Transaction<Database>,
  key: CounterKey,
  serial: number,
): Promise<void> {
  await trx
    .updateTable('documentNumberCounters')
    .set({ lastSerial: serial - 1 })
    .where('officeKey', '=', key.officeKey)
    .where('divisionCode', '=', key.divisionCode)
    .where('kind', '=', key.kind)
    .where('year', '=', key.year)
    .where('lastSerial', '=', serial)
    .execute();
}

export function findDocumentNumberRow(
  db: Executor,
  ownerType: string,
  ownerId: string,
  kind: string,
): Promise<DocumentNumberRow | undefined> {
  return db
    .selectFrom('documentNumbers')
    .selectAll()
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

export async function insertDocumentNumber(db: Executor, row: DocumentNumberRow): Promise<void> {
  await insertRows(db, 'documentNumbers', [row]);
}

export async function lastSerialOf(db: Executor, key: CounterKey): Promise<number> {
  const row = await db
    .selectFrom('documentNumberCounters')
    .select('lastSerial')
    .where('officeKey', '=', key.officeKey)
    .where('divisionCode', '=', key.divisionCode)
    .where('kind', '=', key.kind)
    .where('year', '=', key.year)
    .executeTakeFirst();
  return row?.lastSerial ?? 0;
}
