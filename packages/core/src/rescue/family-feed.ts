/**
 * The rescue line's unidentified people in the family-search feed (寻亲, issue 16 item 1; ADR 0019, 0023):
 * an open case (in the station, placed, in hospital) whose identity is not confirmed (`identity_status`
 * unidentified or to_verify) is published as kind `unidentified-living`; a case that becomes identified
 * or closes (departed, settled, deceased) is withdrawn. Services call `syncCaseFamilySearch` inside the
 * transaction that changes the case, after their audit row (R-RES-09/10: the search for the family
 * starts on entry and continues while the person stays unidentified).
 */
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import {
  publishFamilySearchRecord,
  withdrawFamilySearchRecord,
  type FamilySearchRecordInput,
} from '../matching/index';
import { findRescueCase, type RescueCaseRow } from './cases.repository';
import { activeFeedCases, allCases, latestCasePhotoId, latestCasePhotos } from './family-feed.repository';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';

const LINE = 'rescue';

/**
 * The feed is the matching line's (ADR 0019): a process that runs the rescue line without it (a rescue-only
 * test database) has no family search, and the rescue line works on without publishing.
 */
function familySearchInstalled(ctx: CoreContext): boolean {
  return ctx.lines.some((l) => l.name === 'matching');
}

/** Whether the family search should hold this case: open and identity not confirmed. */
export function caseBelongsInFamilySearch(c: Pick<RescueCaseRow, 'status' | 'identityStatus'>): boolean {
  return (
    (OPEN_RESCUE_CASE_STATUSES as readonly string[]).includes(c.status) && c.identityStatus !== 'identified'
  );
}

/** What a family may recognise: height, features, clothing (no health or mental state). */
function featuresOf(c: RescueCaseRow): string | null {
  const parts = [
    c.heightCm ? `身高约${c.heightCm}厘米` : null,
    c.features?.trim() || null,
    c.clothing?.trim() ? `衣着：${c.clothing.trim()}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join('；') : null;
}

/** The feed record of a case (see `publishCaseToFamilySearch`). */
export function familyRecordOfCase(c: RescueCaseRow, photoRef: string | null): FamilySearchRecordInput {
  const birthYear = c.birthDate ? Number(c.birthDate.slice(0, 4)) : null;
  return {
    ownerId: c.id,
    ownerLine: LINE,
    kind: 'unidentified-living',
    reference: c.caseNo,
    name: c.nameGiven,
    sex: c.sex,
    ...(birthYear
      ? { birthYear, birthYearUncertainty: 0 }
      : c.estimatedAge !== null
        ? { estimatedAge: { estimate: c.estimatedAge, asOf: c.entryDate } }
        : {}),
    eventDate: c.foundOn ?? c.entryDate,
    // Where found is free text on the case: the station's division stands for the place.
    placeCode: c.divisionCode,
    features: featuresOf(c),
    photoRef,
    divisionCode: c.divisionCode,
    institutionId: c.stationId,
  };
}

/** Publishes an open, unidentified case (or replaces what the feed holds of it). */
export async function publishCaseToFamilySearch(
  ctx: CoreContext,
  trx: Transaction<Database>,
  caseRow: RescueCaseRow,
): Promise<void> {
  await publishFamilySearchRecord(
    ctx,
    trx,
    familyRecordOfCase(caseRow, await latestCasePhotoId(trx, caseRow.id)),
  );
}

/**
 * Brings the feed in line with the case as it is now in this transaction: published when open and not
 * identified, withdrawn otherwise (a case never published is left alone). Call after the audit row.
 */
export async function syncCaseFamilySearch(
  ctx: CoreContext,
  trx: Transaction<Database>,
  caseId: string,
): Promise<void> {
  if (!familySearchInstalled(ctx)) return;
  const c = await findRescueCase(trx, caseId);
  if (!c) return;
  if (caseBelongsInFamilySearch(c)) await publishCaseToFamilySearch(ctx, trx, c);
  else await withdrawFamilySearchRecord(ctx, trx, LINE, c.id);
}

/**
 * Backfill and safety net (demo seed; job `rescue.family-feed-sync`): every case that belongs in the
 * search and is not there is published, or republished when a newer photo was attached since (the
 * attachment store has no hook); every published case that no longer belongs is withdrawn. Idempotent.
 */
export async function backfillCasesToFamilySearch(
  ctx: CoreContext,
): Promise<{ published: number; withdrawn: number }> {
  if (!familySearchInstalled(ctx)) return { published: 0, withdrawn: 0 };
  const [cases, active, photos] = await Promise.all([
    allCases(ctx.db.kysely),
    activeFeedCases(ctx.db.kysely),
    latestCasePhotos(ctx.db.kysely),
  ]);
  const toPublish = cases.filter(
    (c) =>
      caseBelongsInFamilySearch(c) &&
      (!active.has(c.id) || (active.get(c.id) ?? null) !== (photos.get(c.id) ?? null)),
  );
  const toWithdraw = cases.filter((c) => !caseBelongsInFamilySearch(c) && active.has(c.id));
  if (toPublish.length === 0 && toWithdraw.length === 0) return { published: 0, withdrawn: 0 };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (const c of toPublish)
      await publishFamilySearchRecord(ctx, trx, familyRecordOfCase(c, photos.get(c.id) ?? null));
    for (const c of toWithdraw) await withdrawFamilySearchRecord(ctx, trx, LINE, c.id);
    await audit(ctx, trx, systemActor('rescue.family-feed-sync', '000000'), {
      action: 'rescue.family-feed.sync',
      targetType: 'rescue_case',
      divisionCode: '000000',
      details: { published: toPublish.map((c) => c.id), withdrawn: toWithdraw.map((c) => c.id) },
    });
  });
  return { published: toPublish.length, withdrawn: toWithdraw.length };
}
