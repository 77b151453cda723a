/**
 * The missing-person report's attachment owner type (寻亲报告, issue 16): the family's photo of the missing
 * person, compared by face ranking (docs/faces.md) with the photos of the rescued and the unidentified
 * deceased, and other papers the family hands in. Scoped like the report: its handling county, no
 * institution (a station-bound account does not see it: ADR 0009 §4). Read by whoever works on family
 * search (`matching:family-read`: county reviewers, supervisors, rescue and funeral staff), written by
 * those who register reports (`matching:review`).
 *
 * The report's latest photo is its `photoRef` in the family-search feed. The attachment store has no hook,
 * so the job `matching.report-photos` (and the refresher, tests and the demo through
 * `syncReportPhotosToFamilySearch`) republishes a report whose latest photo differs from the feed's.
 */
import { systemActor } from '../access/index';
import type { AttachmentOwnerType } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { reportsByIds } from './family-search-entries.repository';
import { publishFamilySearchRecord } from './family-search-entries.service';
import { reportRecord } from './family-search.service';
import { findReport } from './matching.repository';
import { activeReportEntries, latestReportPhotos, reportLabelsByIds } from './report-attachments.repository';

export const MISSING_REPORT_ATTACHMENT_KINDS = {
  photo: '走失人员照片',
  other: '其他材料',
} as const;

export const missingReportAttachmentOwner: AttachmentOwnerType = {
  type: 'missing_person_report',
  label: '寻亲报告',
  readPermission: 'matching:family-read',
  writePermission: 'matching:review',
  kinds: MISSING_REPORT_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const r = await findReport(ctx.db.kysely, ownerId);
    return r ? { divisionCode: r.divisionCode } : null;
  },
  // 「寻亲报告 <name, or 无名> 走失于 <date>」 beside a face-search hit (reports have no number of their own).
  async recordLabels(ctx, ownerIds) {
    const rows = await reportLabelsByIds(ctx.db.kysely, ownerIds);
    return new Map(
      rows.map((r) => [
        r.id,
        `寻亲报告 ${r.name?.trim() || '（无名）'}${r.lostOn ? ` 走失于 ${r.lostOn}` : ` 登记于 ${r.createdAt.slice(0, 10)}`}`,
      ]),
    );
  },
};

/**
 * Gives every report in the family search its latest photo as `photoRef` (republishing those whose photo
 * changed, so the candidates refresher looks at them again). Idempotent; one audited transaction when
 * something changed.
 */
export async function syncReportPhotosToFamilySearch(ctx: CoreContext): Promise<{ republished: number }> {
  const [active, photos] = await Promise.all([
    activeReportEntries(ctx.db.kysely),
    latestReportPhotos(ctx.db.kysely),
  ]);
  const changed = [...active].filter(([id, ref]) => (photos.get(id) ?? null) !== ref).map(([id]) => id);
  if (changed.length === 0) return { republished: 0 };
  const reports = (await reportsByIds(ctx.db.kysely, changed)).filter((r) => r.status === 'open');
  if (reports.length === 0) return { republished: 0 };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await audit(ctx, trx, systemActor('matching.report-photos', '000000'), {
      action: 'matching.report-photos-sync',
      targetType: 'missing_person_report',
      divisionCode: '000000',
      details: { republished: reports.map((r) => r.id) },
    });
    for (const r of reports)
      await publishFamilySearchRecord(ctx, trx, reportRecord(r, photos.get(r.id) ?? null));
  });
  return { republished: reports.length };
}
