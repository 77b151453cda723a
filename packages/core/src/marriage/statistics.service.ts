import {
  DomainError,
  childrenOf,
  getDivision,
  isPlainDate,
  plainDateParts,
  type Division,
} from '@social-affairs/kernel';
import { authorize, ensureDivisionInScope, scopePrefix, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { toCount } from '../db/index';
import { marriageToday } from './registry.service';
import { marriageActCounts } from './statistics.repository';

/** R-MAR-18 reporting categories (Hunan's annual civil-affairs statistics), in report order. */
export const MARRIAGE_STAT_CATEGORIES = [
  { key: 'marriage_mainland', label: '内地居民结婚登记' },
  { key: 'marriage_foreign', label: '涉外结婚登记' },
  { key: 'marriage_hmt', label: '涉港澳台结婚登记' },
  { key: 'supplementary', label: '补办结婚登记' },
  { key: 'divorce_mainland', label: '内地居民离婚登记' },
  { key: 'divorce_foreign', label: '涉外离婚登记' },
  { key: 'divorce_hmt', label: '涉港澳台离婚登记' },
  { key: 'reissue_marriage', label: '补发结婚证' },
  { key: 'reissue_divorce', label: '补发离婚证' },
  { key: 'reissue_cross_border', label: '涉外及涉港澳台补发' },
  { key: 'record_certificate', label: '出具婚姻登记记录证明' },
] as const;
export type MarriageStatCategory = (typeof MARRIAGE_STAT_CATEGORIES)[number]['key'];

export interface MarriageStatsRow {
  divisionCode: string;
  divisionName: string;
  counts: number[];
  total: number;
}

export interface MarriageStatistics {
  division: { code: string; name: string; level: Division['level'] };
  from: string;
  to: string;
  categories: { key: MarriageStatCategory; label: string }[];
  rows: MarriageStatsRow[];
  totals: number[];
}

const CHILD_CODE_LENGTH: Record<Division['level'], number> = {
  province: 4,
  prefecture: 6,
  county: 9,
  township: 9,
};

/**
 * Registration acts in [from, to] by category and by child division of `division` — the R-MAR-18
 * report with its drill-down (province → prefecture → county → township registries). Marriages count
 * on their registration date (back-filled ones included), divorces on the date the marriage ended by
 * divorce registration, certificates on their issue date.
 */
export async function marriageStatistics(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string; from?: string; to?: string },
): Promise<MarriageStatistics> {
  authorize(actor, 'marriage:read');
  const code = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, code);
  const d = getDivision(code);
  if (!d) throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'division' });
  const today = marriageToday(ctx);
  const from = q.from ?? `${plainDateParts(today).year}-01-01`;
  const to = q.to ?? today;
  if (!isPlainDate(from) || !isPlainDate(to) || from > to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '统计期间不正确（起始日期不能晚于截止日期）', {
      field: 'from',
    });
  }
  const prefix = scopePrefix(code);
  const len = CHILD_CODE_LENGTH[d.level];
  const { registered, divorced, issued } = await marriageActCounts(ctx.db.kysely, prefix, len, from, to);
  const keys = MARRIAGE_STAT_CATEGORIES.map((c) => c.key as string);
  const children = d.level === 'county' || d.level === 'township' ? [] : childrenOf(code);
  const rowsByCode = new Map<string, MarriageStatsRow>();
  const rowFor = (childCode: string): MarriageStatsRow => {
    const full = childCode.length === 4 ? `${childCode}00` : childCode;
    let row = rowsByCode.get(full);
    if (!row) {
      row = {
        divisionCode: full,
        divisionName: getDivision(full)?.name ?? (full === code ? d.name : full),
        counts: keys.map(() => 0),
        total: 0,
      };
      rowsByCode.set(full, row);
    }
    return row;
  };
  for (const c of children) rowFor(c.code);
  for (const r of [...registered, ...divorced, ...issued]) {
    const row = rowFor(r.child);
    const i = keys.indexOf(r.category);
    if (i < 0) continue;
    row.counts[i] = (row.counts[i] ?? 0) + toCount(r.n);
    row.total += toCount(r.n);
  }
  const rows = [...rowsByCode.values()].sort((a, b) => a.divisionCode.localeCompare(b.divisionCode));
  const totals = keys.map((_k, i) => rows.reduce((s, r) => s + (r.counts[i] ?? 0), 0));
  return {
    division: { code: d.code, name: d.name, level: d.level },
    from,
    to,
    categories: MARRIAGE_STAT_CATEGORIES.map((c) => ({ ...c })),
    rows,
    totals,
  };
}
