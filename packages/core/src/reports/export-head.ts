import { getDivision } from '@social-affairs/kernel';
import { sortWords } from '@social-affairs/kernel/contracts';
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

/** How a ledger words its own filter for the export head, beyond the shared names above. */
export interface ExportHeadWords {
  /** Chinese names of the ledger's own filter parameters (`band` → `分档`). */
  labels?: Readonly<Record<string, string>>;
  /** Per parameter, Chinese words for its values (`status: { open: '待核查' }`). */
  values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Chinese names of the sortable columns (`name` → `姓名（拼音）`): the head says `排序：姓名（拼音）降序`. */
  sortLabels?: Readonly<Record<string, string>>;
  /**
   * Short labels of the records id parameters name (a job's name, an import's file name). An id
   * parameter (`…Id`) without one is left out of the head: a clerk cannot read a UUID.
   */
  ids?: Readonly<Record<string, string | undefined>>;
}

/** Text of one filter value, or undefined when it is left out (an unnamed id). */
function valueText(key: string, value: unknown, words: ExportHeadWords): string | undefined {
  if (key === 'sort' && typeof value === 'string') return sortWords(value, words.sortLabels);
  if (/Id$/.test(key)) return words.ids?.[key];
  if (key === 'division' && typeof value === 'string') return getDivision(value)?.name ?? value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string')
    return words.values?.[key]?.[value] ?? VALUE_LABELS[value] ?? maskSearchTerm(value);
  return undefined;
}

/**
 * The head of an export (title, time, exporter, filter) for `actor`: the exporter by display name and
 * account, the filter in Chinese words (`区划：浏阳市；排序：姓名（拼音）降序`) with id-like search terms
 * masked as in the audit log and record ids named by a short label or left out.
 */
export async function exportHead(
  ctx: CoreContext,
  actor: Actor,
  title: string,
  filter: Record<string, unknown> = {},
  words: ExportHeadWords = {},
): Promise<LedgerHead> {
  const name = actor.userId ? await displayNameOf(ctx.db.kysely, actor.username) : undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    const text = valueText(key, value, words);
    if (text === undefined) continue;
    parts.push(`${words.labels?.[key] ?? FILTER_LABELS[key] ?? key}：${text}`);
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
