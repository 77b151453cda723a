/**
 * Price lists of funeral facilities (R-FUN-10; 发改价格〔2026〕108号): every item with its code, name,
 * category (basic: a government-guided price; non-basic: on the published list), unit, price in fen,
 * legal basis and start date. A change is a new row of the same code published later: publishing ends
 * the old row the day before the new one starts, so history is never overwritten. Drafts are proposed and
 * published (公示) by the facility's own staff or the county (`funeral:write` in scope); only the
 * published list can be billed. No item may require another, and no package may tie a basic item to a
 * non-basic one (forced bundles, 422 `FUNERAL_FORCED_BUNDLE`).
 */
import {
  DomainError,
  addDays,
  isPlainDate,
  newId,
  parsePlainDate,
  todayPlainDate,
} from '@social-affairs/kernel';
import { authorize, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import type { PriceCategory, PriceItemRow } from './billing.table';
import { visibleFacility } from './cases.access';
import type { BasicServiceKind } from './funeral.config';
import {
  deleteDraftPriceItem,
  draftsOfFacility,
  endPriceItem,
  findPriceItem,
  insertPricePackage,
  insertPriceItem,
  latestPublished,
  packagesOfFacility,
  priceItemsInForce,
  priceItemsOfFacility,
  publishPriceItem,
} from './prices.repository';

export const BASIC_SERVICE_LABELS: Record<BasicServiceKind, string> = {
  collection: '遗体接运',
  storage: '遗体存放（冷藏）',
  farewell: '遗体告别',
  cremation: '遗体火化',
  ash_storage: '骨灰寄存',
  eco_burial: '生态安葬',
  niche: '政府投资骨灰格位',
};

export interface PriceItemInput {
  code: string;
  name: string;
  category: PriceCategory;
  basicKind?: BasicServiceKind | null;
  unit: string;
  priceFen: number;
  legalBasis: string;
  effectiveFrom: string;
  /** Codes this item would require: always refused (R-FUN-10, no forced bundles). */
  requires?: readonly string[];
}

export interface PriceItemView {
  id: string;
  facilityId: string;
  code: string;
  name: string;
  category: PriceCategory;
  categoryLabel: string;
  basicKind: BasicServiceKind | null;
  basicKindLabel: string | null;
  unit: string;
  priceFen: number;
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'draft' | 'published' | 'withdrawn';
  publishedAt: string | null;
}

export function presentPriceItem(r: PriceItemRow): PriceItemView {
  return {
    id: r.id,
    facilityId: r.facilityId,
    code: r.code,
    name: r.name,
    category: r.category,
    categoryLabel: r.category === 'basic' ? '基本服务（政府指导价）' : '选择性服务',
    basicKind: r.basicKind,
    basicKindLabel: r.basicKind ? BASIC_SERVICE_LABELS[r.basicKind] : null,
    unit: r.unit,
    priceFen: r.priceFen,
    legalBasis: r.legalBasis,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    status: r.status,
    publishedAt: r.publishedAt,
  };
}

const invalid = (code: string, message: string, field: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { field, ...details });

function today(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function checkItem(input: PriceItemInput): void {
  if ((input.requires ?? []).length > 0)
    throw invalid(
      'FUNERAL_FORCED_BUNDLE',
      '收费项目不得捆绑其他项目（不得强制搭售，R-FUN-10）：每个项目须可由丧属单独选择，请删去“须同时购买”的项目',
      'requires',
    );
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(input.code))
    throw invalid('FUNERAL_PRICE_CODE_INVALID', '项目编码应为 1–20 位字母、数字、下划线或连字符', 'code');
  if (!input.name.trim() || input.name.trim().length > 40)
    throw invalid('FUNERAL_PRICE_NAME_INVALID', '请填写项目名称（40 字以内）', 'name');
  if (!input.unit.trim() || input.unit.trim().length > 10)
    throw invalid('FUNERAL_PRICE_UNIT_INVALID', '请填写计价单位（如 次、具、天、年）', 'unit');
  if (!Number.isInteger(input.priceFen) || input.priceFen < 0 || input.priceFen > 100_000_000)
    throw invalid('FUNERAL_PRICE_INVALID', '价格须为 0 至 100 万元之间的金额（精确到分）', 'priceFen');
  if (input.legalBasis.trim().length < 2 || input.legalBasis.trim().length > 200)
    throw invalid(
      'FUNERAL_PRICE_BASIS_REQUIRED',
      '请填写定价依据（如 发改价格〔2026〕108号 或本地价格文件文号）',
      'legalBasis',
    );
  if (!isPlainDate(input.effectiveFrom))
    throw invalid('DATE_INVALID', '执行日期不正确：请按 2026-01-31 的格式填写', 'effectiveFrom');
  if (input.category === 'basic' && !input.basicKind)
    throw invalid(
      'FUNERAL_PRICE_BASIC_KIND_REQUIRED',
      '基本服务项目须注明属于哪一项基本殡葬服务（接运、存放、告别、火化、寄存、生态安葬、骨灰格位）',
      'basicKind',
    );
  if (input.category === 'non_basic' && input.basicKind)
    throw invalid('FUNERAL_PRICE_BASIC_KIND_FORBIDDEN', '选择性服务项目不能标为基本殡葬服务', 'basicKind');
}

/**
 * Proposes a price item (a new item or a new price of an existing code) as a draft. A new price of a
 * published code must start after the current one and not before today (no price is changed backwards).
 */
export async function proposePriceItem(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  input: PriceItemInput,
): Promise<PriceItemView> {
  authorize(actor, 'funeral:write');
  checkItem(input);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, facilityId);
    const current = await latestPublished(trx, f.id, input.code);
    if (current) {
      if (current.category !== input.category)
        throw invalid(
          'FUNERAL_PRICE_CATEGORY_CHANGED',
          `项目 ${input.code} 已公示为“${current.category === 'basic' ? '基本服务' : '选择性服务'}”，调价不能改变项目类别：请另设项目编码`,
          'category',
        );
      if (input.effectiveFrom <= current.effectiveFrom || input.effectiveFrom < today(ctx))
        throw invalid(
          'FUNERAL_PRICE_CHANGE_DATE',
          `调价执行日期须晚于现行价格的执行日期（${current.effectiveFrom}）且不早于今天：价格不得追溯调整`,
          'effectiveFrom',
        );
    }
    const row: PriceItemRow = {
      id: newId(),
      facilityId: f.id,
      divisionCode: f.divisionCode,
      code: input.code,
      name: input.name.trim(),
      category: input.category,
      basicKind: input.category === 'basic' ? (input.basicKind ?? null) : null,
      unit: input.unit.trim(),
      priceFen: input.priceFen,
      legalBasis: input.legalBasis.trim(),
      effectiveFrom: input.effectiveFrom,
      effectiveTo: null,
      status: 'draft',
      publishedAt: null,
      publishedBy: null,
      createdBy: actor.username,
      createdAt: ctx.clock.now().toISOString(),
    };
    try {
      await insertPriceItem(trx, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError(
        'conflict',
        'FUNERAL_PRICE_DUPLICATE',
        `项目 ${input.code} 在 ${input.effectiveFrom} 已有价格记录：请改用其他执行日期`,
        { field: 'effectiveFrom' },
      );
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.price.propose',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { code: row.code, priceFen: row.priceFen, from: row.effectiveFrom, category: row.category },
    });
    return presentPriceItem(row);
  });
}

/** Discards a draft (a published row is never deleted). */
export async function discardDraftPriceItem(ctx: CoreContext, actor: Actor, itemId: string): Promise<void> {
  authorize(actor, 'funeral:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const item = await findPriceItem(trx, itemId);
    if (!item) throw new DomainError('not_found', 'NOT_FOUND', '价格项目不存在或不在您的管辖范围内');
    const f = await visibleFacility(trx, actor, item.facilityId);
    if ((await deleteDraftPriceItem(trx, item.id)) === 0)
      throw new DomainError('conflict', 'FUNERAL_PRICE_PUBLISHED', '已公示的价格不能删除，只能以新价格替代');
    await audit(ctx, trx, actor, {
      action: 'funeral.price.discard',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { code: item.code, from: item.effectiveFrom },
    });
  });
}

/**
 * Publishes (公示) every draft of the facility: each ends the code's current row the day before it
 * starts. Refused when there is nothing to publish, or when a change would now start before today.
 */
export async function publishPriceList(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
): Promise<{ published: number }> {
  authorize(actor, 'funeral:write');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, facilityId);
    const drafts = await draftsOfFacility(trx, f.id);
    if (drafts.length === 0)
      throw new DomainError('conflict', 'FUNERAL_PRICE_NOTHING_TO_PUBLISH', '没有待公示的价格项目');
    const now = ctx.clock.now().toISOString();
    for (const d of drafts) {
      const current = await latestPublished(trx, f.id, d.code);
      if (current) {
        if (d.effectiveFrom <= current.effectiveFrom || d.effectiveFrom < today(ctx))
          throw invalid(
            'FUNERAL_PRICE_CHANGE_DATE',
            `项目 ${d.code} 的调价执行日期（${d.effectiveFrom}）须晚于现行价格且不早于今天：请删除该草稿后重新填写`,
            'effectiveFrom',
            { code: d.code },
          );
        await endPriceItem(trx, current.id, addDays(parsePlainDate(d.effectiveFrom), -1));
      }
      await publishPriceItem(trx, d.id, now, actor.username);
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.price.publish',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { items: drafts.map((d) => d.code) },
    });
    return { published: drafts.length };
  });
}

export interface PriceListView {
  facilityId: string;
  facilityName: string;
  governmentInvested: boolean;
  on: string;
  /** The published list in force on `on` (公示 view). */
  inForce: PriceItemView[];
  drafts: PriceItemView[];
  /** Every published row, oldest first per code (price history). */
  history: PriceItemView[];
  packages: { id: string; name: string; itemCodes: string[] }[];
}

/** A facility's price list on `on` (default today), drafts and history. */
export async function priceList(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  on?: string,
): Promise<PriceListView> {
  authorize(actor, 'funeral:read');
  const day = on ?? today(ctx);
  if (!isPlainDate(day)) throw invalid('DATE_INVALID', '日期不正确：请按 2026-01-31 的格式填写', 'on');
  const f = await visibleFacility(ctx.db.kysely, actor, facilityId);
  const all = await priceItemsOfFacility(ctx.db.kysely, f.id);
  const inForce = await priceItemsInForce(ctx.db.kysely, f.id, day);
  return {
    facilityId: f.id,
    facilityName: f.name,
    governmentInvested: f.governmentInvested === 1,
    on: day,
    inForce: inForce.map(presentPriceItem),
    drafts: all.filter((r) => r.status === 'draft').map(presentPriceItem),
    history: all.filter((r) => r.status === 'published').map(presentPriceItem),
    packages: (await packagesOfFacility(ctx.db.kysely, f.id)).map((p) => ({
      id: p.id,
      name: p.name,
      itemCodes: JSON.parse(p.itemCodes) as string[],
    })),
  };
}

/**
 * Defines an optional package (套餐) of published items. A package that puts a basic item together with
 * a non-basic one makes the basic service depend on a purchase: refused (R-FUN-10 TC, e.g. cremation
 * only with a premium hall). Packages never reach a bill by themselves: the family chooses items.
 */
export async function definePricePackage(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  input: { name: string; itemCodes: readonly string[] },
): Promise<{ id: string; name: string; itemCodes: string[] }> {
  authorize(actor, 'funeral:write');
  const name = input.name.trim();
  if (!name || name.length > 40)
    throw invalid('FUNERAL_PACKAGE_NAME_INVALID', '请填写套餐名称（40 字以内）', 'name');
  const codes = [...new Set(input.itemCodes)];
  if (codes.length < 2) throw invalid('FUNERAL_PACKAGE_TOO_SMALL', '套餐至少包含两个项目', 'itemCodes');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, facilityId);
    const listed = new Map((await priceItemsInForce(trx, f.id, today(ctx))).map((i) => [i.code, i]));
    const missing = codes.filter((c) => !listed.has(c));
    if (missing.length > 0)
      throw invalid(
        'FUNERAL_ITEM_NOT_LISTED',
        `项目 ${missing.join('、')} 不在已公示的价格目录中`,
        'itemCodes',
        {
          codes: missing,
        },
      );
    const items = codes.map((c) => listed.get(c)!);
    if (items.some((i) => i.category === 'basic') && items.some((i) => i.category === 'non_basic'))
      throw invalid(
        'FUNERAL_FORCED_BUNDLE',
        '套餐不得把基本殡葬服务与选择性服务捆绑（如“火化须同时租用豪华告别厅”），这属于强制搭售（R-FUN-10）：请分开设置',
        'itemCodes',
      );
    const row = {
      id: newId(),
      facilityId: f.id,
      divisionCode: f.divisionCode,
      name,
      itemCodes: JSON.stringify(codes),
      createdBy: actor.username,
      createdAt: ctx.clock.now().toISOString(),
    };
    try {
      await insertPricePackage(trx, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError('conflict', 'FUNERAL_PACKAGE_DUPLICATE', `已有名为“${name}”的套餐`, {
        field: 'name',
      });
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.price.package',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { name, itemCodes: codes },
    });
    return { id: row.id, name, itemCodes: codes };
  });
}
