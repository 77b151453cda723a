/**
 * To-dos of the applications concern (R-DIS-06): the window's materials checks, forwards and notifications;
 * the county's overdue decisions; the supervisor's escalations (recorded by the daily job).
 */
import { inScope, scopeFilterFor } from '../access/index';
import type { TodoItem, TodoSource } from '../line';
import { applicationsWithStageDue, awaitingMaterials, escalationsInScope } from './applications.repository';
import { todayOf } from './applications.service';

const LINE = 'disability';
const LEDGER = '/disability/applications';

function item(kind: string, title: string, count: number, link: string, dueOn?: string | null): TodoItem[] {
  if (count === 0) return [];
  return [{ line: LINE, kind, title, count, link, ...(dueOn ? { dueOn } : {}) }];
}

export const applicationsTodos: TodoSource[] = [
  {
    name: 'disability.applications-materials',
    permission: 'disability:write',
    async load(ctx, actor) {
      const rows = await awaitingMaterials(ctx.db.kysely, scopeFilterFor(actor));
      return item(
        'disability.applications-materials',
        `两项补贴：${rows.length} 件申请待核验身份和材料（网上申请或材料未齐）`,
        rows.length,
        `${LEDGER}?status=received`,
      );
    },
  },
  {
    name: 'disability.applications-to-forward',
    permission: 'disability:write',
    async load(ctx, actor) {
      const today = todayOf(ctx);
      const rows = (await applicationsWithStageDue(ctx.db.kysely, { scope: scopeFilterFor(actor) })).filter(
        (r) =>
          r.status === 'received' &&
          r.receivedDivisionCode !== null &&
          inScope(actor, r.receivedDivisionCode),
      );
      const late = rows.filter((r) => r.forwardDueOn! < today).length;
      const first = rows.map((r) => r.forwardDueOn!).sort()[0];
      return item(
        'disability.applications-to-forward',
        `两项补贴：${rows.length} 件申请材料已齐全，待转户籍地（3 个工作日内）${late ? `，其中 ${late} 件已逾期` : ''}`,
        rows.length,
        `${LEDGER}?status=received&sort=nextDueOn`,
        first,
      );
    },
  },
  {
    name: 'disability.applications-to-notify',
    permission: 'disability:write',
    async load(ctx, actor) {
      const today = todayOf(ctx);
      const rows = (await applicationsWithStageDue(ctx.db.kysely, { scope: scopeFilterFor(actor) })).filter(
        (r) =>
          (r.status === 'approved' || r.status === 'rejected') &&
          inScope(actor, r.receivedDivisionCode ?? r.divisionCode),
      );
      const late = rows.filter((r) => r.notifyDueOn! < today).length;
      return item(
        'disability.applications-to-notify',
        `两项补贴：${rows.length} 件申请已有审核结果，待告知申请人（3 个工作日内）${late ? `，其中 ${late} 件已逾期` : ''}`,
        rows.length,
        `${LEDGER}?sort=nextDueOn`,
        rows.map((r) => r.notifyDueOn!).sort()[0],
      );
    },
  },
  {
    name: 'disability.applications-overdue-decisions',
    permission: 'disability:approve',
    async load(ctx, actor) {
      const today = todayOf(ctx);
      const rows = (
        await applicationsWithStageDue(ctx.db.kysely, { before: today, scope: scopeFilterFor(actor) })
      ).filter(
        (r) => (r.status === 'forwarded' || r.status === 'reviewing') && inScope(actor, r.divisionCode),
      );
      return item(
        'disability.applications-overdue-decisions',
        `两项补贴：${rows.length} 件申请超过 10 个工作日审核时限仍未决定（已升级督办）`,
        rows.length,
        `${LEDGER}?overdue=1&sort=nextDueOn`,
        rows.map((r) => r.decideDueOn!).sort()[0],
      );
    },
  },
  {
    name: 'disability.applications-escalated',
    permission: 'disability:manage',
    async load(ctx, actor) {
      const since = '0000-00-00';
      const rows = await escalationsInScope(ctx.db.kysely, scopeFilterFor(actor), since);
      return item(
        'disability.applications-escalated',
        `两项补贴督办：${rows.length} 件申请逾期未办（转送、审核或告知）`,
        rows.length,
        `${LEDGER}?overdue=1&sort=nextDueOn`,
        rows[0]?.dueOn,
      );
    },
  },
];
