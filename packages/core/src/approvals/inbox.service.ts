/**
 * The approvals inbox (待我审批, the web page /approvals): the signed-in user's open steps with what the
 * list needs beyond the engine's task — the kind's name, who submitted and when, the owner record's name
 * and page (from the lines' `approvalOwners`) — with filters by kind and overdue, and the 已办 list of the
 * steps the user decided. Reads only; the decision itself is `decideApproval`.
 */
import { todayPlainDate } from '@social-affairs/kernel';
import { scopePrefix, type Actor } from '../access/actor';
import type { CoreContext } from '../context';
import type { ApprovalOwnerSource, TodoItem } from '../line';
import { decidedSteps, openTaskKinds, openTasks } from './approvals.repository';
import type { ApprovalInstanceRow, ApprovalStepRow } from './approvals.table';
import { taskView, type ApprovalDefinition, type ApprovalTaskView } from './approvals.service';

export interface ApprovalInboxItem extends ApprovalTaskView {
  /** The approval kind's name (the definition's title), e.g. 延长救助期限审批. */
  definitionTitle: string;
  submittedByUsername: string;
  submittedAt: string;
  /** The owner record type's name from the line that submits it; the type code when no line names it. */
  ownerLabel: string;
  /** The web page of the owner record, when its line gives one. */
  ownerLink: string | null;
}

export interface ApprovalDoneItem extends ApprovalInboxItem {
  decision: 'approve' | 'reject' | 'return';
  decidedAt: string;
  /** Where the instance stands now (a later step may still be open). */
  instanceStatus: ApprovalInstanceRow['status'];
}

export interface ApprovalKindCount {
  definitionKey: string;
  title: string;
  count: number;
}

export interface ApprovalInboxQuery {
  page?: number;
  pageSize?: number;
  /** Only this kind (`rescue.stay-extension` …). */
  definitionKey?: string;
  /** Only overdue steps (last day before today). */
  overdue?: boolean;
}

/** The kind's name from the instance's definition snapshot. */
function safeTitle(definition: string, key: string): string {
  try {
    return (JSON.parse(definition) as ApprovalDefinition).title;
  } catch {
    return key;
  }
}

function ownerSources(ctx: CoreContext): Map<string, ApprovalOwnerSource> {
  const sources = new Map<string, ApprovalOwnerSource>();
  for (const line of ctx.lines) {
    for (const [type, source] of Object.entries(line.approvalOwners ?? {})) sources.set(type, source);
  }
  return sources;
}

/** Owner names and page links of a page of rows, one `links` call per owner type. */
async function withOwners<T extends { step: ApprovalStepRow; instance: ApprovalInstanceRow }>(
  ctx: CoreContext,
  rows: readonly T[],
): Promise<(T & { item: ApprovalInboxItem })[]> {
  const on = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const sources = ownerSources(ctx);
  const links = new Map<string, ReadonlyMap<string, string>>();
  for (const type of new Set(rows.map((r) => r.instance.ownerType))) {
    const source = sources.get(type);
    if (!source?.links) continue;
    const ids = [
      ...new Set(rows.filter((r) => r.instance.ownerType === type).map((r) => r.instance.ownerId)),
    ];
    links.set(type, await source.links(ctx, ids));
  }
  return rows.map((r) => ({
    ...r,
    item: {
      ...taskView(r.step, r.instance, on),
      definitionTitle: safeTitle(r.instance.definition, r.instance.definitionKey),
      submittedByUsername: r.instance.submittedByUsername,
      submittedAt: r.instance.submittedAt,
      ownerLabel: sources.get(r.instance.ownerType)?.label ?? r.instance.ownerType,
      ownerLink: links.get(r.instance.ownerType)?.get(r.instance.ownerId) ?? null,
    },
  }));
}

function paging(query: { page?: number; pageSize?: number }) {
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 20));
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/**
 * The actor's open approval steps (as `myApprovalTasks`: own division, role, permission, separation of
 * duties), earliest due first — so overdue ones lead — filtered by kind and overdue, with the kinds among
 * them for the filter.
 */
export async function approvalInbox(
  ctx: CoreContext,
  actor: Actor,
  query: ApprovalInboxQuery = {},
): Promise<{
  items: ApprovalInboxItem[];
  total: number;
  page: number;
  pageSize: number;
  kinds: ApprovalKindCount[];
}> {
  const { page, pageSize, limit, offset } = paging(query);
  if (!actor.userId) return { items: [], total: 0, page, pageSize, kinds: [] };
  const on = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const filter = {
    actingDivisionCode: actor.divisionCode,
    role: actor.role,
    permissions: [...actor.permissions],
    userId: actor.userId,
    institutionId: actor.institutionId ?? null,
    ...(query.overdue ? { dueBefore: on } : {}),
  };
  const { total, rows } = await openTasks(ctx.db.kysely, {
    ...filter,
    ...(query.definitionKey ? { definitionKey: query.definitionKey } : {}),
    limit,
    offset,
  });
  const kinds = (await openTaskKinds(ctx.db.kysely, filter)).map((k) => ({
    definitionKey: k.definitionKey,
    title: safeTitle(k.definition, k.definitionKey),
    count: k.count,
  }));
  const items = await withOwners(
    ctx,
    rows.map((r) => ({ step: r, instance: r.instance })),
  );
  return { items: items.map((r) => r.item), total, page, pageSize, kinds };
}

/** 已办: the steps the actor decided (approve, reject, return) in its scope, newest first. */
export async function myDecidedApprovals(
  ctx: CoreContext,
  actor: Actor,
  query: Omit<ApprovalInboxQuery, 'overdue'> = {},
): Promise<{ items: ApprovalDoneItem[]; total: number; page: number; pageSize: number }> {
  const { page, pageSize, limit, offset } = paging(query);
  if (!actor.userId) return { items: [], total: 0, page, pageSize };
  const { total, rows } = await decidedSteps(ctx.db.kysely, {
    userId: actor.userId,
    scope: { divisionPrefix: scopePrefix(actor.divisionCode), institutionId: actor.institutionId ?? null },
    ...(query.definitionKey ? { definitionKey: query.definitionKey } : {}),
    limit,
    offset,
  });
  const items = await withOwners(
    ctx,
    rows.map((r) => ({ step: r, instance: r.instance })),
  );
  return {
    items: items.map(({ step, instance, item }) => ({
      ...item,
      overdue: false,
      decision: step.status === 'approved' ? 'approve' : step.status === 'rejected' ? 'reject' : 'return',
      decidedAt: step.decidedAt ?? '',
      instanceStatus: instance.status,
    })),
    total,
    page,
    pageSize,
  };
}

/** The home page's to-do: the actor's open approval steps, with the earliest last day; opens /approvals. */
export async function approvalTodos(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const first = await approvalInbox(ctx, actor, { pageSize: 1 });
  const earliest = first.items[0];
  if (!earliest) return [];
  return [
    {
      line: 'platform',
      kind: 'approval.tasks',
      title: '待我审批',
      count: first.total,
      dueOn: earliest.dueOn,
      link: '/approvals',
    },
  ];
}
