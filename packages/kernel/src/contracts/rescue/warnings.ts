/** Rescue warnings (预警, issue 15 item 7): everything late in the actor's scope, one list. */
import { z } from 'zod';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

/**
 * Kinds of warning: stay over the 10-day limit without an approved extension (R-RES-05); stranded and
 * long-term stranded (R-RES-11, computed from dates); an overdue prescribed action (R-RES-10); an
 * overdue supervision visit to a placed person and a partner institution due for inspection (R-RES-13).
 */
export const RESCUE_WARNING_KINDS = [
  'stay_over_limit',
  'stranded',
  'long_term',
  'action_overdue',
  'visit_overdue',
  'inspection_due',
] as const;
export const rescueWarningKindSchema = z.enum(RESCUE_WARNING_KINDS);
export type RescueWarningKind = z.infer<typeof rescueWarningKindSchema>;

export const RESCUE_WARNING_KIND_LABELS: Record<RescueWarningKind, string> = {
  stay_over_limit: '超过救助期限未延期',
  stranded: '滞留（超过10天）',
  long_term: '长期滞留（超过3个月）',
  action_overdue: '规定动作逾期',
  visit_overdue: '站外托养探访逾期',
  inspection_due: '合作机构待检查',
};

export const RESCUE_WARNING_SORT_FIELDS = ['since', 'kind', 'stationName'] as const;
export const RESCUE_WARNING_SORT_LABELS = { since: '起始日期', kind: '类别', stationName: '救助站' } as const;

export const rescueWarningsQuery = z.object({
  division: divisionCodeSchema.optional(),
  stationId: z.string().min(1).max(64).optional().describe('只看某个救助站'),
  kind: rescueWarningKindSchema.optional(),
  sort: sortParam(RESCUE_WARNING_SORT_FIELDS, RESCUE_WARNING_SORT_LABELS),
});
export type RescueWarningsQuery = z.infer<typeof rescueWarningsQuery>;

export const rescueWarningView = z.object({
  /** Stable key of the warning (kind + record), for list keys. */
  key: z.string(),
  kind: rescueWarningKindSchema,
  kindLabel: z.string(),
  caseId: z.string().nullable(),
  caseNo: z.string().nullable(),
  /** The station concerned; null for a partner institution due for inspection. */
  stationId: z.string().nullable(),
  stationName: z.string(),
  divisionCode: z.string(),
  /** Whom or what it concerns: the person's name (or 无名氏) or the partner institution. */
  subject: z.string(),
  /** The day the warning began (the first day over the limit, the due day missed …). */
  since: z.string(),
  /** Whole days late on `today` (0 on the first day). */
  daysLate: z.number().int(),
  detail: z.string(),
  /** Where to act (a page of the web UI). */
  link: z.string(),
  /** Counted through a year whose holidays are not loaded (a working-day deadline). */
  provisional: z.boolean(),
});
export type RescueWarningDto = z.infer<typeof rescueWarningView>;

export const rescueWarningsPage = z.object({
  items: z.array(rescueWarningView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  today: z.string(),
  /** Counts by kind under the same scope, station and division (the kind filter aside). */
  counts: z.record(z.string(), z.number().int()),
  /** Kinds whose source is not wired yet (their concern has not exported it). */
  unavailable: z.array(rescueWarningKindSchema),
});
export type RescueWarningsPageDto = z.infer<typeof rescueWarningsPage>;
