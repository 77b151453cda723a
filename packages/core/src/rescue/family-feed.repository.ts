/** SQL of the rescue line's family-search publishing: a case's latest photo, the cases to backfill. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';
import type { RescueCaseRow } from './cases.repository';

type Executor = Kysely<Database> | Transaction<Database>;

/** The id of the case's latest active `photo` attachment (正面照片), if any. */
export async function latestCasePhotoId(db: Executor, caseId: string): Promise<string | null> {
  const r = await db
    .selectFrom('attachments')
    .select('id')
    .where('ownerType', '=', 'rescue_case')
    .where('ownerId', '=', caseId)
    .where('kind', '=', 'photo')
    .where('status', '=', 'active')
    .orderBy('uploadedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Every case (open or closed): the demo backfill decides per case what the feed should hold. */
export function allCases(db: Executor): Promise<RescueCaseRow[]> {
  return db.selectFrom('rescueCases').selectAll().orderBy('id').execute();
}

/** The rescue line's active feed rows: owner id → the photo reference the feed holds. */
export async function activeFeedCases(db: Executor): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('familySearchEntries')
    .select(['id', 'photoRef'])
    .where('ownerLine', '=', 'rescue')
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.id, r.photoRef]));
}

/** Every case's latest active `photo` attachment id (case id → attachment id). */
export async function latestCasePhotos(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('attachments')
    .select(['ownerId', 'id'])
    .where('ownerType', '=', 'rescue_case')
    .where('kind', '=', 'photo')
    .where('status', '=', 'active')
    .orderBy('uploadedAt')
    .orderBy('id')
    .execute();
  // Later rows overwrite earlier ones: the map keeps each case's latest.
  return new Map(rows.map((r) => [r.ownerId, r.id]));
}
