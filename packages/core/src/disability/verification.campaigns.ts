/**
 * Re-verification campaigns (清理认定; rulebook §6 preamble, SEED: Hunan's 2021 clean-up aiming at 100 %
 * by 05-10): every open entitlement of the campaign's division is an item; townships self-check each
 * (verified / problem with a note), a third party checks a reproducible random sample per county
 * (consistent / inconsistent), and progress is shown per township against the deadline. A problem or an
 * inconsistent result opens a finding in the review queue (`campaign` kind): it stops nothing until the
 * county reviewer confirms it (ADR 0034).
 */
import { DomainError, isPlainDate, maskResidentId, newId } from '@social-affairs/kernel';
import { createRng } from '@social-affairs/linkage';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  isScopeDivisionCode,
  scopeFilterFor,
  scopeDivisionName,
  scopePrefix,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import { SUBSIDY_LABELS, type Subsidy } from './disability.table';
import {
  findCampaign,
  findCampaignItem,
  insertCampaign,
  insertCampaignItems,
  itemsOfCampaign,
  listCampaignItemRows,
  listCampaignRows,
  lockCampaign,
  lockCampaignItem,
  openEntitlementsUnder,
  updateCampaign,
  updateCampaignItem,
  type CampaignItemListRow,
  type CampaignItemRow,
  type CampaignRow,
} from './verification.repository';
import { authorizeAny, raiseFinding, today } from './verification.service';
import {
  SELF_CHECK_LABELS,
  SPOT_CHECK_LABELS,
  type SelfCheckResult,
  type SpotCheckResult,
} from './verification.table';

const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

/** A 32-bit seed of a text (FNV-1a). */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The spot-check draw: `n` of `ids` (sorted first), a Fisher–Yates shuffle seeded by `seed` + `key`.
 * The same ids, size and seed always give the same sample (reproducible for the third party).
 */
export function drawSample(ids: readonly string[], n: number, seed: string, key = ''): string[] {
  const pool = [...ids].sort();
  const rng = createRng(seedOf(`${seed}|${key}`));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, Math.max(0, Math.min(n, pool.length)));
}

export interface DivisionProgress {
  divisionCode: string;
  divisionName: string;
  total: number;
  verified: number;
  problem: number;
  pending: number;
  /** Self-checked share, percent with one decimal. */
  checkedPercent: number;
  sampled: number;
  spotChecked: number;
  inconsistent: number;
  /** Past the deadline with items still pending. */
  overdue: boolean;
}

export interface CampaignView {
  id: string;
  name: string;
  divisionCode: string;
  divisionName: string;
  deadline: string;
  note: string | null;
  status: 'open' | 'closed';
  daysLeft: number;
  sampleSeed: string | null;
  samplePercent: number | null;
  sampleCount: number | null;
  sampledAt: string | null;
  createdAt: string;
  version: number;
  /** Totals over the items in the reader's scope. */
  totals: Omit<DivisionProgress, 'divisionCode' | 'divisionName'>;
  /** Per township (or county when entitlements sit at the county) in the reader's scope. */
  divisions: DivisionProgress[];
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function progressOf(
  items: CampaignItemRow[],
  overdue: boolean,
): Omit<DivisionProgress, 'divisionCode' | 'divisionName'> {
  const total = items.length;
  const verified = items.filter((i) => i.selfCheck === 'verified').length;
  const problem = items.filter((i) => i.selfCheck === 'problem').length;
  const pending = total - verified - problem;
  return {
    total,
    verified,
    problem,
    pending,
    checkedPercent: total === 0 ? 100 : Math.round(((verified + problem) * 1000) / total) / 10,
    sampled: items.filter((i) => i.sampled === 1).length,
    spotChecked: items.filter((i) => i.spotResult !== null).length,
    inconsistent: items.filter((i) => i.spotResult === 'inconsistent').length,
    overdue: overdue && pending > 0,
  };
}

/** A campaign is seen by whoever's scope overlaps its division (inside it, or containing it). */
function campaignVisible(actor: Actor, c: CampaignRow): boolean {
  const mine = scopePrefix(actor.divisionCode);
  const its = scopePrefix(c.divisionCode);
  return its.startsWith(mine) || mine.startsWith(its);
}

async function visibleCampaign(db: Executor, actor: Actor, id: string): Promise<CampaignRow> {
  const c = await findCampaign(db, id);
  if (!c || !campaignVisible(actor, c)) throw notFound('清理认定任务');
  return c;
}

async function presentCampaign(
  ctx: CoreContext,
  db: Executor,
  actor: Actor,
  c: CampaignRow,
): Promise<CampaignView> {
  const items = await itemsOfCampaign(db, c.id, scopeFilterFor(actor));
  const day = today(ctx);
  const late = c.status === 'open' && c.deadline < day;
  const byDivision = new Map<string, CampaignItemRow[]>();
  for (const i of items) byDivision.set(i.divisionCode, [...(byDivision.get(i.divisionCode) ?? []), i]);
  return {
    id: c.id,
    name: c.name,
    divisionCode: c.divisionCode,
    divisionName: scopeDivisionName(c.divisionCode),
    deadline: c.deadline,
    note: c.note,
    status: c.status,
    daysLeft: daysBetween(day, c.deadline),
    sampleSeed: c.sampleSeed,
    samplePercent: c.samplePercent,
    sampleCount: c.sampleCount,
    sampledAt: c.sampledAt,
    createdAt: c.createdAt,
    version: c.version,
    totals: progressOf(items, late),
    divisions: [...byDivision.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, rows]) => ({
        divisionCode: code,
        divisionName: scopeDivisionName(code),
        ...progressOf(rows, late),
      })),
  };
}

/** Creates a campaign over every open entitlement of `divisionCode` (disability:manage). */
export async function createCampaign(
  ctx: CoreContext,
  actor: Actor,
  input: { name: string; divisionCode: string; deadline: string; note?: string | null | undefined },
): Promise<CampaignView> {
  authorize(actor, 'disability:manage');
  const name = input.name.trim();
  if (name.length < 2)
    throw new DomainError('invalid', 'DISABILITY_CAMPAIGN_NAME', '请填写任务名称（至少 2 个字）', {
      field: 'name',
    });
  if (!isScopeDivisionCode(input.divisionCode))
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  ensureDivisionInScope(actor, input.divisionCode);
  if (!isPlainDate(input.deadline) || input.deadline < today(ctx))
    throw new DomainError(
      'invalid',
      'DISABILITY_CAMPAIGN_DEADLINE',
      '截止日期应为今天或以后的日期（YYYY-MM-DD）',
      {
        field: 'deadline',
      },
    );
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const ents = await openEntitlementsUnder(trx, scopePrefix(input.divisionCode));
    if (ents.length === 0)
      throw new DomainError(
        'invalid',
        'DISABILITY_CAMPAIGN_EMPTY',
        '该区划没有正在发放的补贴对象，无需清理认定',
        {
          field: 'divisionCode',
        },
      );
    await insertCampaign(trx, {
      id,
      name,
      divisionCode: input.divisionCode,
      deadline: input.deadline,
      note: input.note?.trim() || null,
      status: 'open',
      sampleSeed: null,
      samplePercent: null,
      sampleCount: null,
      sampledAt: null,
      createdBy: actor.userId ?? actor.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await insertCampaignItems(
      trx,
      ents.map((e) => ({
        id: newId(),
        campaignId: id,
        entitlementId: e.id,
        personId: e.personId,
        subsidy: e.subsidy,
        divisionCode: e.divisionCode,
        countyCode: e.countyCode,
        selfCheck: 'pending' as const,
        selfCheckNote: null,
        selfCheckedBy: null,
        selfCheckedAt: null,
        sampled: 0,
        spotResult: null,
        spotNote: null,
        spotCheckedBy: null,
        spotCheckedAt: null,
        findingId: null,
        version: 1,
      })),
    );
    await audit(ctx, trx, actor, {
      action: 'disability.campaign.create',
      targetType: 'disability_campaign',
      targetId: id,
      divisionCode: input.divisionCode,
      details: { name, deadline: input.deadline, items: ents.length },
    });
  });
  return getCampaign(ctx, actor, id);
}

export async function listCampaigns(ctx: CoreContext, actor: Actor): Promise<CampaignView[]> {
  authorize(actor, 'disability:read');
  const rows = await listCampaignRows(ctx.db.kysely, scopePrefix(actor.divisionCode));
  const out: CampaignView[] = [];
  for (const c of rows.filter((r) => campaignVisible(actor, r)))
    out.push(await presentCampaign(ctx, ctx.db.kysely, actor, c));
  return out;
}

export async function getCampaign(ctx: CoreContext, actor: Actor, id: string): Promise<CampaignView> {
  authorize(actor, 'disability:read');
  const c = await visibleCampaign(ctx.db.kysely, actor, id);
  return presentCampaign(ctx, ctx.db.kysely, actor, c);
}

/**
 * Draws the third-party spot-check sample: per county of the campaign (inside the actor's scope), `count`
 * items or `percent` % (rounded up) chosen by `drawSample` with the seed. Redrawing is refused once a
 * spot-check result is recorded.
 */
export async function drawCampaignSample(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { seed: string; percent?: number | undefined; count?: number | undefined },
): Promise<CampaignView> {
  authorizeAny(actor, ['disability:manage', 'disability:approve']);
  if ((input.percent === undefined) === (input.count === undefined))
    throw new DomainError(
      'invalid',
      'DISABILITY_SAMPLE_SIZE',
      '请填写抽查比例（%）或每县抽查人数，二者选一',
      {
        field: 'percent',
      },
    );
  const seed = input.seed.trim();
  if (seed.length < 1)
    throw new DomainError('invalid', 'DISABILITY_SAMPLE_SEED', '请填写随机种子（便于第三方复现抽样）', {
      field: 'seed',
    });
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await visibleCampaign(trx, actor, id);
    const c = (await lockCampaign(trx, id))!;
    if (c.status !== 'open')
      throw new DomainError('conflict', 'DISABILITY_CAMPAIGN_CLOSED', '该清理认定任务已结束', {
        campaignId: id,
      });
    const items = await itemsOfCampaign(trx, id, scopeFilterFor(actor));
    if (items.some((i) => i.spotResult !== null))
      throw new DomainError('conflict', 'DISABILITY_SAMPLE_STARTED', '已有抽查结果，不能重新抽样', {
        campaignId: id,
      });
    const byCounty = new Map<string, CampaignItemRow[]>();
    for (const i of items) byCounty.set(i.countyCode, [...(byCounty.get(i.countyCode) ?? []), i]);
    let drawn = 0;
    for (const [county, rows] of byCounty) {
      const n = input.count ?? Math.ceil(((input.percent ?? 0) * rows.length) / 100);
      const picked = new Set(
        drawSample(
          rows.map((r) => r.entitlementId),
          n,
          seed,
          county,
        ),
      );
      for (const r of rows) {
        const s = picked.has(r.entitlementId) ? 1 : 0;
        if (r.sampled !== s) await updateCampaignItem(trx, r.id, { sampled: s });
      }
      drawn += picked.size;
    }
    const now = ctx.clock.now().toISOString();
    await updateCampaign(trx, id, {
      sampleSeed: seed,
      samplePercent: input.percent ?? null,
      sampleCount: input.count ?? null,
      sampledAt: now,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.campaign.sample',
      targetType: 'disability_campaign',
      targetId: id,
      divisionCode: c.divisionCode,
      details: { seed, percent: input.percent ?? null, count: input.count ?? null, drawn },
    });
  });
  return getCampaign(ctx, actor, id);
}

async function lockedVisibleItem(db: Executor, actor: Actor, id: string) {
  const seen = await findCampaignItem(db, id);
  if (!seen) throw notFound('清理认定对象');
  ensureVisible(actor, seen.divisionCode, '清理认定对象');
  const item = (await lockCampaignItem(db, id))!;
  const c = (await findCampaign(db, item.campaignId))!;
  if (c.status !== 'open')
    throw new DomainError('conflict', 'DISABILITY_CAMPAIGN_CLOSED', '该清理认定任务已结束', {
      campaignId: c.id,
    });
  return { item, campaign: c };
}

const campaignFinding = (
  source: 'self_check' | 'spot_check',
  on: string,
  item: CampaignItemRow,
  note: string,
) => ({
  kind: 'campaign' as const,
  reasonCode: 'review_failed' as const,
  eventDate: on,
  source,
  sourceId: item.id,
  evidence: { campaignItemId: item.id, note, checkedOn: on },
  fuzzy: false,
  matchScore: null,
});

/** Township self-check of one item: verified, or problem with a note (opens a finding the county decides). */
export async function selfCheckItem(
  ctx: CoreContext,
  actor: Actor,
  itemId: string,
  input: { result: Exclude<SelfCheckResult, 'pending'>; note?: string | null | undefined },
): Promise<CampaignItemView> {
  authorize(actor, 'disability:write');
  const note = input.note?.trim() || null;
  if (input.result === 'problem' && (!note || note.length < 2))
    throw new DomainError(
      'invalid',
      'DISABILITY_SELF_CHECK_NOTE',
      '发现问题时请填写问题说明（至少 2 个字）',
      {
        field: 'note',
      },
    );
  const on = today(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { item, campaign } = await lockedVisibleItem(trx, actor, itemId);
    if (item.findingId)
      throw new DomainError(
        'conflict',
        'DISABILITY_ITEM_IN_REVIEW',
        '该对象的问题已转入复核，不能再修改自查结果',
        {
          itemId,
        },
      );
    const by = actor.userId ?? actor.username;
    let findingId: string | null = null;
    if (input.result === 'problem') {
      findingId = (
        await raiseFinding(
          ctx,
          trx,
          {
            id: item.entitlementId,
            personId: item.personId,
            subsidy: item.subsidy,
            divisionCode: item.divisionCode,
            countyCode: item.countyCode,
          },
          campaignFinding('self_check', on, item, note!),
          { on, runId: null, campaignId: campaign.id, status: 'answered', answer: note!, answeredBy: by },
        )
      ).id;
    }
    await updateCampaignItem(trx, itemId, {
      selfCheck: input.result,
      selfCheckNote: note,
      selfCheckedBy: by,
      selfCheckedAt: ctx.clock.now().toISOString(),
      findingId,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.campaign.self-check',
      targetType: 'disability_campaign',
      targetId: campaign.id,
      divisionCode: item.divisionCode,
      subjectPersonId: item.personId,
      details: { itemId, result: input.result, findingId },
    });
  });
  return campaignItemView(ctx, actor, itemId);
}

/** The third party's result on a sampled item; an inconsistent one opens a finding for the township. */
export async function spotCheckItem(
  ctx: CoreContext,
  actor: Actor,
  itemId: string,
  input: { result: SpotCheckResult; note?: string | null | undefined },
): Promise<CampaignItemView> {
  authorizeAny(actor, ['disability:manage', 'disability:approve']);
  const note = input.note?.trim() || null;
  if (input.result === 'inconsistent' && (!note || note.length < 2))
    throw new DomainError(
      'invalid',
      'DISABILITY_SPOT_CHECK_NOTE',
      '抽查不一致时请填写情况说明（至少 2 个字）',
      {
        field: 'note',
      },
    );
  const on = today(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { item, campaign } = await lockedVisibleItem(trx, actor, itemId);
    if (item.sampled !== 1)
      throw new DomainError('conflict', 'DISABILITY_ITEM_NOT_SAMPLED', '该对象未被抽中，不能登记抽查结果', {
        itemId,
      });
    if (item.spotResult !== null)
      throw new DomainError('conflict', 'DISABILITY_SPOT_CHECK_RECORDED', '该对象已登记抽查结果', { itemId });
    let findingId = item.findingId;
    if (input.result === 'inconsistent') {
      findingId = (
        await raiseFinding(
          ctx,
          trx,
          {
            id: item.entitlementId,
            personId: item.personId,
            subsidy: item.subsidy,
            divisionCode: item.divisionCode,
            countyCode: item.countyCode,
          },
          campaignFinding('spot_check', on, item, note!),
          { on, runId: null, campaignId: campaign.id },
        )
      ).id;
    }
    await updateCampaignItem(trx, itemId, {
      spotResult: input.result,
      spotNote: note,
      spotCheckedBy: actor.userId ?? actor.username,
      spotCheckedAt: ctx.clock.now().toISOString(),
      findingId,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.campaign.spot-check',
      targetType: 'disability_campaign',
      targetId: campaign.id,
      divisionCode: item.divisionCode,
      subjectPersonId: item.personId,
      details: { itemId, result: input.result, findingId },
    });
  });
  return campaignItemView(ctx, actor, itemId);
}

export interface CampaignItemView {
  id: string;
  campaignId: string;
  entitlementId: string;
  personId: string;
  personName: string;
  residentIdMasked: string | null;
  subsidy: Subsidy;
  subsidyLabel: string;
  divisionCode: string;
  divisionName: string;
  selfCheck: SelfCheckResult;
  selfCheckLabel: string;
  selfCheckNote: string | null;
  selfCheckedAt: string | null;
  sampled: boolean;
  spotResult: SpotCheckResult | null;
  spotResultLabel: string | null;
  spotNote: string | null;
  spotCheckedAt: string | null;
  findingId: string | null;
  version: number;
}

function presentItem(r: CampaignItemListRow): CampaignItemView {
  return {
    id: r.id,
    campaignId: r.campaignId,
    entitlementId: r.entitlementId,
    personId: r.personId,
    personName: r.personName,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_LABELS[r.subsidy],
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    selfCheck: r.selfCheck,
    selfCheckLabel: SELF_CHECK_LABELS[r.selfCheck],
    selfCheckNote: r.selfCheckNote,
    selfCheckedAt: r.selfCheckedAt,
    sampled: r.sampled === 1,
    spotResult: r.spotResult,
    spotResultLabel: r.spotResult ? SPOT_CHECK_LABELS[r.spotResult] : null,
    spotNote: r.spotNote,
    spotCheckedAt: r.spotCheckedAt,
    findingId: r.findingId,
    version: r.version,
  };
}

async function campaignItemView(ctx: CoreContext, actor: Actor, itemId: string): Promise<CampaignItemView> {
  const item = (await findCampaignItem(ctx.db.kysely, itemId))!;
  const { rows } = await listCampaignItemRows(ctx.db.kysely, item.campaignId, {
    scope: scopeFilterFor(actor),
    offset: 0,
    limit: 1_000_000,
  });
  return presentItem(rows.find((r) => r.id === itemId)!);
}

export interface CampaignItemsQuery {
  /** Without it: the items of every campaign in the actor's scope. */
  campaignId?: string | undefined;
  selfCheck?: SelfCheckResult | undefined;
  sampled?: boolean | undefined;
  division?: string | undefined;
  q?: string | undefined;
}

async function itemFilter(ctx: CoreContext, actor: Actor, q: CampaignItemsQuery) {
  authorize(actor, 'disability:read');
  if (q.campaignId) await visibleCampaign(ctx.db.kysely, actor, q.campaignId);
  if (q.division) ensureDivisionInScope(actor, q.division);
  return {
    scope: scopeFilterFor(actor, q.division),
    selfCheck: q.selfCheck,
    sampled: q.sampled,
    q: q.q?.trim() || undefined,
  };
}

/** The campaign's recipients in scope (self-check and spot-check state), audited. */
export async function listCampaignItems(
  ctx: CoreContext,
  actor: Actor,
  q: CampaignItemsQuery & { page: number; pageSize: number },
): Promise<{ items: CampaignItemView[]; total: number; page: number; pageSize: number }> {
  const f = await itemFilter(ctx, actor, q);
  const { rows, total } = await listCampaignItemRows(ctx.db.kysely, q.campaignId, {
    ...f,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  await ctx.readAudit.record(actor, {
    action: 'disability.campaign.items',
    targetType: 'disability_campaign',
    targetId: q.campaignId ?? null,
    divisionCode: q.division ?? actor.divisionCode,
    details: { page: q.page, rows: total },
  });
  return { items: rows.map(presentItem), total, page: q.page, pageSize: q.pageSize };
}

export async function exportCampaignItems(
  ctx: CoreContext,
  actor: Actor,
  q: CampaignItemsQuery,
): Promise<AsyncIterable<CampaignItemView>> {
  const f = await itemFilter(ctx, actor, q);
  const { rows, total } = await listCampaignItemRows(ctx.db.kysely, q.campaignId, {
    ...f,
    offset: 0,
    limit: 100_000,
  });
  await ctx.readAudit.record(actor, {
    action: 'disability.campaign.export',
    targetType: 'disability_campaign',
    targetId: q.campaignId ?? null,
    divisionCode: q.division ?? actor.divisionCode,
    details: { rows: total },
  });
  return (async function* () {
    for (const r of rows) yield presentItem(r);
  })();
}
