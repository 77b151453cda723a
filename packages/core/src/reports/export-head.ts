import { getDivision } from '@social-affairs/kernel';
import type { Actor } from '../access/actor';
import { maskSearchTerm } from '../audit/audit-mask';
import type { CoreContext } from '../context';
import type { LedgerHead } from './excel-ledger';
import { displayNameOf } from './reports.repository';

/** Chinese names of the filter parameters ledgers share; a ledger may add its own. */
const FILTER_LABELS: Record<string, string> = {
  division: '区划',
  q: '关键词',
  status: '状态',
  sex: '性别',
  from: '起始日期',
  to: '截止日期',
  sort: '排序',
};

/** Chinese words for filter values the ledgers share (statuses, sex). */
const VALUE_LABELS: Record<string, string> = {
  alive: '在世',
  deceased: '已故',
  male: '男',
  female: '女',
  subsisting: '存续',
  divorced: '已离婚',
  ended_by_death: '因死亡终止',
  void: '无效',
  annulled: '已撤销',
};

/**
 * The head of an export (title, time, exporter, filter) for `actor`: the exporter by display name and
 * account, the filter in words with id-like search terms masked as in the audit log.
 */
export async function exportHead(
  ctx: CoreContext,
  actor: Actor,
  title: string,
  filter: Record<string, unknown> = {},
  labels: Record<string, string> = {},
): Promise<LedgerHead> {
  const name = actor.userId ? await displayNameOf(ctx.db.kysely, actor.username) : undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    const label = labels[key] ?? FILTER_LABELS[key] ?? key;
    const text =
      key === 'division' && typeof value === 'string'
        ? (getDivision(value)?.name ?? value)
        : typeof value === 'string'
          ? (VALUE_LABELS[value] ?? maskSearchTerm(value))
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : JSON.stringify(value);
    parts.push(`${label} ${text}`);
  }
  return {
    title,
    exportedAt: ctx.clock.now().toISOString(),
    timeZone: ctx.config.timeZone,
    exporter: name ? `${name}（${actor.username}）` : actor.username,
    ...(parts.length ? { filterText: parts.join('；') } : {}),
    totals: true,
  };
}
