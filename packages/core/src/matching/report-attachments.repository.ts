/** SQL of the missing-person report's attachments: labels, latest photos, the feed's photo references. */
import type { Executor } from '../db/index';

/** Name, lost-on date and filing time of each report (ids not found are left out). */
export function reportLabelsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; name: string | null; lostOn: string | null; createdAt: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('missingPersonReports')
    .select(['id', 'name', 'lostOn', 'createdAt'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Every report's latest active `photo` attachment id (report id → attachment id). */
export async function latestReportPhotos(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('attachments')
    .select(['ownerId', 'id'])
    .where('ownerType', '=', 'missing_person_report')
    .where('kind', '=', 'photo')
    .where('status', '=', 'active')
    .orderBy('uploadedAt')
    .orderBy('id')
    .execute();
  // Later rows overwrite earlier ones: the map keeps each report's latest.
  return new Map(rows.map((r) => [r.ownerId, r.id]));
}

/** The matching line's active feed rows of reports: report id → the photo reference the feed holds. */
export async function activeReportEntries(db: Executor): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('familySearchEntries')
    .select(['id', 'photoRef'])
    .where('ownerLine', '=', 'matching')
    .where('kind', '=', 'missing-report')
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.id, r.photoRef]));
}
