/** SQL of the funeral price lists (funeral_price_items, funeral_price_packages). */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/index';
import type { FuneralPriceItemsTable, FuneralPricePackagesTable, PriceItemRow } from './billing.table';

export async function insertPriceItem(db: Executor, row: Insertable<FuneralPriceItemsTable>): Promise<void> {
  await db.insertInto('funeralPriceItems').values(row).execute();
}

export async function findPriceItem(db: Executor, id: string): Promise<PriceItemRow | undefined> {
  return db.selectFrom('funeralPriceItems').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every row of a facility's list (drafts, published, history), by code then start date. */
export async function priceItemsOfFacility(db: Executor, facilityId: string): Promise<PriceItemRow[]> {
  return db
    .selectFrom('funeralPriceItems')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .orderBy('code')
    .orderBy('effectiveFrom')
    .execute();
}

/** Published rows of a facility in force on `on` (one per code). */
export async function priceItemsInForce(
  db: Executor,
  facilityId: string,
  on: string,
): Promise<PriceItemRow[]> {
  return db
    .selectFrom('funeralPriceItems')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('status', '=', 'published')
    .where('effectiveFrom', '<=', on)
    .where((eb) => eb.or([eb('effectiveTo', 'is', null), eb('effectiveTo', '>=', on)]))
    .orderBy('code')
    .execute();
}

/** The latest published row of a code (the one a new price would end). */
export async function latestPublished(
  db: Executor,
  facilityId: string,
  code: string,
): Promise<PriceItemRow | undefined> {
  return db
    .selectFrom('funeralPriceItems')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('code', '=', code)
    .where('status', '=', 'published')
    .orderBy('effectiveFrom', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function draftsOfFacility(db: Executor, facilityId: string): Promise<PriceItemRow[]> {
  return db
    .selectFrom('funeralPriceItems')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('status', '=', 'draft')
    .orderBy('code')
    .orderBy('effectiveFrom')
    .execute();
}

export async function endPriceItem(db: Executor, id: string, effectiveTo: string): Promise<void> {
  await db.updateTable('funeralPriceItems').set({ effectiveTo }).where('id', '=', id).execute();
}

export async function publishPriceItem(db: Executor, id: string, at: string, by: string): Promise<void> {
  await db
    .updateTable('funeralPriceItems')
    .set({ status: 'published', publishedAt: at, publishedBy: by })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraftPriceItem(db: Executor, id: string): Promise<number> {
  const r = await db
    .deleteFrom('funeralPriceItems')
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertPricePackage(
  db: Executor,
  row: Insertable<FuneralPricePackagesTable>,
): Promise<void> {
  await db.insertInto('funeralPricePackages').values(row).execute();
}

export async function packagesOfFacility(db: Executor, facilityId: string) {
  return db
    .selectFrom('funeralPricePackages')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .orderBy('name')
    .execute();
}
