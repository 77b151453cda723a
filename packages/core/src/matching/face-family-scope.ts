/**
 * The matching line's family-search scope for face ranking (docs/faces.md, ADR 0025 §9): a searcher holding
 * `matching:family-review` sees face hits outside their scope when the hit's owner is a family-search
 * record of another kind than the query's — a station's caseworker searching from a rescued person's photo
 * finds the family's report photo filed in another county — minimised: the kind, the county-level place
 * and the year, no name, no number. The matching line's routes hand this to the platform's face service
 * (`searchFaces`, `proposeFaceCandidate`); the platform never imports a line (ADR 0010).
 */
import type { CoreContext } from '../context';
import type { FaceFamilyRecord, FaceFamilyScope } from '../faces/index';
import { entriesByIds } from './family-search-entries.repository';
import type { FamilyRecordKind } from './matching.table';
import { countyPlaceName } from './public-reports.service';

const KIND_LABELS: Record<FamilyRecordKind, string> = {
  'missing-report': '寻亲报告',
  'unidentified-living': '身份不明受助人员',
  'unidentified-deceased': '身份不明遗体',
};

/**
 * The active family-search records among these owner record ids (feed entry id = owner record id), with
 * the label shown outside the searcher's scope: 「寻亲报告 · 长沙市芙蓉区 · 2024年」 — the place of the event
 * (where the person was lost or found) cut to its county, else the record's county; the event's year,
 * else the year it entered the search.
 */
export async function familyFaceRecords(
  ctx: CoreContext,
  ownerIds: readonly string[],
): Promise<Map<string, FaceFamilyRecord>> {
  const rows = await entriesByIds(ctx.db.kysely, [...new Set(ownerIds)]);
  const out = new Map<string, FaceFamilyRecord>();
  for (const r of rows) {
    if (r.status !== 'active') continue;
    const place = countyPlaceName(r.placeCode) ?? countyPlaceName(r.divisionCode) ?? '地点不详';
    const year = (r.eventDate ?? r.createdAt).slice(0, 4);
    out.set(r.id, { kind: r.kind, minimisedLabel: `${KIND_LABELS[r.kind]} · ${place} · ${year}年` });
  }
  return out;
}

/** What the matching line's face routes hand to the platform's face search and proposal. */
export const familyFaceScope: FaceFamilyScope = {
  permission: 'matching:family-review',
  records: familyFaceRecords,
};
