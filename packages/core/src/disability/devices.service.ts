/**
 * Assistive devices (康复辅助器具, R-DIS-10) and 福康工程 cases: the catalogue (item, category, monthly rent,
 * purchase subsidy cap — data, kept by `disability:manage`), rental points (community / village, as in
 * 湘潭's national community-rental pilot) with their stock, rentals (stock checked, rent subsidy applied to
 * eligible people per configuration `devices`, returns, overdue returns as to-dos) and 福康工程 cases
 * (applied → approved/refused → delivered → closed; basis 湘民发〔2020〕6号).
 */
import { DomainError, newId } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import {
  DEVICE_CATEGORY_LABELS,
  FUKANG_ITEM_KIND_LABELS,
  FUKANG_STATUS_LABELS,
  RENTAL_POINT_KIND_LABELS,
  type DeviceItemBody,
  type DeviceItemView,
  type DevicesTodayView,
  type FukangCasesQuery,
  type FukangCaseView,
  type FukangDecisionBody,
  type FukangStepBody,
  type NewFukangCaseBody,
  type NewRentalBody,
  type NewRentalPointBody,
  type PointStockBody,
  type RentalPointsQuery,
  type RentalPointView,
  type RentalReturnBody,
  type RentalsQuery,
  type RentalView,
} from '@social-affairs/kernel/contracts/disability';
import {
  authorize,
  countyCodeOf,
  ensureDivisionInScope,
  inScope,
  scopeDivisionName,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { assistanceStatusOn } from '../assistance/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { disabilityConfig } from './disability.config';
import {
  countFukang,
  countOverdueRentals,
  findFukang,
  findItem,
  findItemByCode,
  findPoint,
  findPointByName,
  findRental,
  fukangPage,
  insertFukang,
  insertItem,
  insertPoint,
  insertRental,
  itemPage,
  lockStock,
  pointPage,
  rentalPage,
  stockOf,
  updateFukangIf,
  updateItem,
  updateRental,
  upsertStock,
  type DeviceItemRow,
  type FukangCaseRow,
  type FukangListRow,
  type RentalListRow,
  type RentalPointRow,
} from './devices.repository';
import { findRehabInstitution, validCertificateOf } from './rehab.repository';
import { authorizeCountyWrite, maskedId, rehabToday, visiblePerson } from './rehab.service';

const invalid = (code: string, message: string, field?: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { ...(field ? { field } : {}), ...details });
const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);
const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);
const by = (actor: Actor) => actor.userId ?? actor.username;

// ----- catalogue -----

function presentItem(r: DeviceItemRow): DeviceItemView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category,
    categoryLabel: DEVICE_CATEGORY_LABELS[r.category],
    rentalFenPerMonth: r.rentalFenPerMonth,
    purchaseCapFen: r.purchaseCapFen,
    status: r.status,
  };
}

/** Adds a catalogue item or updates the one with the same code (disability:manage). */
export async function saveDeviceItem(
  ctx: CoreContext,
  actor: Actor,
  input: DeviceItemBody,
): Promise<DeviceItemView> {
  authorize(actor, 'disability:manage');
  const now = ctx.clock.now().toISOString();
  const code = input.code.toUpperCase();
  let row: DeviceItemRow | undefined;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await findItemByCode(trx, code);
    row = {
      id: before?.id ?? newId(),
      code,
      name: input.name,
      category: input.category,
      rentalFenPerMonth: input.rentalFenPerMonth,
      purchaseCapFen: input.purchaseCapFen,
      status: input.status,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    if (before) await updateItem(trx, row.id, { ...row, id: undefined, createdAt: undefined });
    else await insertItem(trx, row);
    await audit(ctx, trx, actor, {
      action: 'disability.devices.item.save',
      targetType: 'disability_device_item',
      targetId: row.id,
      divisionCode: actor.divisionCode,
      details: {
        code,
        name: input.name,
        rentalFenPerMonth: input.rentalFenPerMonth,
        purchaseCapFen: input.purchaseCapFen,
        status: input.status,
        before: before
          ? { rentalFenPerMonth: before.rentalFenPerMonth, purchaseCapFen: before.purchaseCapFen }
          : null,
      },
    });
  });
  return presentItem(row!);
}

export async function listDeviceItems(
  ctx: CoreContext,
  actor: Actor,
  q: {
    category?: string | undefined;
    status?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: DeviceItemView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const { rows, total } = await itemPage(ctx.db.kysely, filterOf(q), q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(presentItem), total, page: q.page, pageSize: q.pageSize };
}

const filterOf = (q: {
  category?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
}) => ({
  ...(q.category ? { category: q.category } : {}),
  ...(q.status ? { status: q.status } : {}),
  ...(q.q ? { q: q.q } : {}),
});

export async function exportDeviceItems(
  ctx: CoreContext,
  actor: Actor,
  q: { category?: string | undefined; status?: string | undefined; q?: string | undefined },
): Promise<AsyncIterable<DeviceItemView>> {
  authorize(actor, 'disability:read');
  const { rows } = await itemPage(ctx.db.kysely, filterOf(q), 10_000, 0);
  return (async function* () {
    for (const r of rows) yield presentItem(r);
  })();
}

// ----- rental points -----

async function visiblePoint(db: Parameters<typeof findPoint>[0], actor: Actor, id: string) {
  const p = await findPoint(db, id);
  if (!p || !inScope(actor, { divisionCode: p.divisionCode, institutionId: p.institutionId })) {
    throw notFound('租赁点');
  }
  return p;
}

async function presentPoints(
  ctx: CoreContext,
  rows: (RentalPointRow & { institutionName: string | null })[],
): Promise<RentalPointView[]> {
  const stock = await stockOf(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    kindLabel: RENTAL_POINT_KIND_LABELS[r.kind],
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    institutionId: r.institutionId,
    institutionName: r.institutionName,
    address: r.address,
    stock: stock
      .filter((s) => s.pointId === r.id)
      .map((s) => ({
        itemId: s.itemId,
        itemName: s.itemName,
        quantity: s.quantity,
        out: s.out,
        available: Math.max(0, s.quantity - s.out),
      })),
    status: r.status,
  }));
}

const pointTaken = () =>
  conflict('DISABILITY_RENTAL_POINT_TAKEN', '该区划内已有同名租赁点，请修改名称', { field: 'name' });

export async function createRentalPoint(
  ctx: CoreContext,
  actor: Actor,
  input: NewRentalPointBody,
): Promise<RentalPointView> {
  authorizeCountyWrite(actor);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (input.institutionId) {
        const inst = await findRehabInstitution(trx, input.institutionId);
        if (!inst || countyCodeOf(inst.divisionCode) !== countyCodeOf(input.divisionCode)) {
          throw notFound('运营机构');
        }
        if (!inScope(actor, inst.countyCode) && !inScope(actor, inst.divisionCode))
          throw notFound('运营机构');
      }
      ensureDivisionInScope(actor, input.divisionCode);
      if (await findPointByName(trx, input.divisionCode, input.name)) throw pointTaken();
      await insertPoint(trx, {
        id,
        name: input.name,
        kind: input.kind,
        divisionCode: input.divisionCode,
        institutionId: input.institutionId,
        address: input.address,
        status: 'active',
        createdAt: now,
      });
      await audit(ctx, trx, actor, {
        action: 'disability.devices.point.create',
        targetType: 'disability_rental_point',
        targetId: id,
        divisionCode: countyCodeOf(input.divisionCode),
        details: { name: input.name, kind: input.kind, divisionCode: input.divisionCode },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw pointTaken();
    throw err;
  }
  return getRentalPoint(ctx, actor, id);
}

export async function getRentalPoint(ctx: CoreContext, actor: Actor, id: string): Promise<RentalPointView> {
  authorize(actor, 'disability:read');
  const p = await visiblePoint(ctx.db.kysely, actor, id);
  const inst = p.institutionId ? await findRehabInstitution(ctx.db.kysely, p.institutionId) : undefined;
  return (await presentPoints(ctx, [{ ...p, institutionName: inst?.name ?? null }]))[0]!;
}

/** Sets the stock of one item at a point; fewer than are out on rental now is refused (409). */
export async function setPointStock(
  ctx: CoreContext,
  actor: Actor,
  pointId: string,
  input: PointStockBody,
): Promise<RentalPointView> {
  authorize(actor, 'disability:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await visiblePoint(trx, actor, pointId);
    const item = await findItem(trx, input.itemId);
    if (!item) throw notFound('辅助器具');
    const now = ctx.clock.now().toISOString();
    const locked = await lockStock(trx, p.id, item.id);
    if (locked && input.quantity < locked.out) {
      throw conflict(
        'DISABILITY_STOCK_BELOW_OUT',
        `${item.name}现有 ${locked.out} 件在租，库存不能少于在租数`,
        {
          field: 'quantity',
          out: locked.out,
        },
      );
    }
    await upsertStock(trx, {
      id: newId(),
      pointId: p.id,
      itemId: item.id,
      quantity: input.quantity,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.devices.stock.set',
      targetType: 'disability_rental_point',
      targetId: p.id,
      divisionCode: countyCodeOf(p.divisionCode),
      details: {
        itemId: item.id,
        itemCode: item.code,
        quantity: input.quantity,
        before: locked?.quantity ?? 0,
      },
    });
  });
  return getRentalPoint(ctx, actor, pointId);
}

export async function listRentalPoints(
  ctx: CoreContext,
  actor: Actor,
  q: RentalPointsQuery & { page: number; pageSize: number },
): Promise<{ items: RentalPointView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const { rows, total } = await pointPage(
    ctx.db.kysely,
    pointFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: await presentPoints(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

const pointFilter = (actor: Actor, q: RentalPointsQuery) => ({
  scope: scopeFilterFor(actor, q.division),
  ...(q.kind ? { kind: q.kind } : {}),
  ...(q.q ? { q: q.q } : {}),
  sort: parseSort(q.sort),
});

export async function exportRentalPoints(
  ctx: CoreContext,
  actor: Actor,
  q: RentalPointsQuery,
): Promise<AsyncIterable<RentalPointView>> {
  authorize(actor, 'disability:read');
  const { rows } = await pointPage(ctx.db.kysely, pointFilter(actor, q), 10_000, 0);
  const views = await presentPoints(ctx, rows);
  return (async function* () {
    yield* views;
  })();
}

// ----- rentals -----

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) + (td > fd ? 1 : 0);
}

/**
 * Whether the person gets the rent subsidy on a day (R-DIS-10, DESIGN): a valid disability certificate
 * (any category); with `subsidyEligible: certificate_or_assistance` also someone on 低保/特困.
 */
async function subsidyEligibility(
  ctx: CoreContext,
  db: Parameters<typeof validCertificateOf>[0],
  personId: string,
  on: string,
): Promise<string | null> {
  const cfg = disabilityConfig(ctx).devices;
  if (await validCertificateOf(db, personId, on)) return `持有效残疾人证；${cfg.subsidyBasis}`;
  if (cfg.subsidyEligible === 'certificate_or_assistance') {
    const status = await assistanceStatusOn(db, personId, on);
    if (status.length > 0) return `低保/特困对象；${cfg.subsidyBasis}`;
  }
  return null;
}

function presentRental(r: RentalListRow, today: string): RentalView {
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    residentIdMasked: maskedId(r.residentId),
    itemId: r.itemId,
    itemName: r.itemName,
    pointId: r.pointId,
    pointName: r.pointName,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    fromOn: r.fromOn,
    dueOn: r.dueOn,
    returnedOn: r.returnedOn,
    monthlyFen: r.monthlyFen,
    subsidyMonthlyFen: r.subsidyMonthlyFen,
    subsidyBasis: r.subsidyBasis,
    depositFen: r.depositFen,
    depositRefundFen: r.depositRefundFen,
    status: r.status,
    overdue: r.status === 'out' && r.dueOn < today,
  };
}

async function oneRental(ctx: CoreContext, id: string): Promise<RentalView> {
  const today = rehabToday(ctx);
  const { rows } = await rentalPage(
    ctx.db.kysely,
    { scope: { divisionPrefix: '', institutionId: null, sharedCounty: null }, id, today },
    1,
    0,
    false,
  );
  return presentRental(rows[0]!, today);
}

/**
 * Lends a device from a point (disability:write): the item must be in stock there (409 when all are out),
 * the period at most `devices.maxRentalMonths`; the rent subsidy is applied when the person is eligible
 * on the first day.
 */
export async function createRental(
  ctx: CoreContext,
  actor: Actor,
  input: NewRentalBody,
): Promise<RentalView> {
  authorize(actor, 'disability:write');
  const today = rehabToday(ctx);
  const cfg = disabilityConfig(ctx).devices;
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const point = await visiblePoint(trx, actor, input.pointId);
    const person = await visiblePerson(trx, actor, input.personId);
    const item = await findItem(trx, input.itemId);
    if (!item) throw notFound('辅助器具');
    if (item.status !== 'active' || point.status !== 'active') {
      throw conflict('DISABILITY_DEVICE_UNAVAILABLE', '该器具已停止租赁或租赁点已关闭', { field: 'itemId' });
    }
    if (input.fromOn > today) throw invalid('DISABILITY_DATE_FUTURE', '租用日期不能晚于今天', 'fromOn');
    if (input.dueOn <= input.fromOn)
      throw invalid('DISABILITY_DATE_RANGE', '应还日期须晚于租用日期', 'dueOn');
    if (monthsBetween(input.fromOn, input.dueOn) > cfg.maxRentalMonths) {
      throw invalid(
        'DISABILITY_RENTAL_TOO_LONG',
        `一次租期最长 ${cfg.maxRentalMonths} 个月，到期后可续租`,
        'dueOn',
      );
    }
    const stock = await lockStock(trx, point.id, item.id);
    if (!stock || stock.quantity - stock.out <= 0) {
      throw conflict(
        'DISABILITY_DEVICE_OUT_OF_STOCK',
        `${point.name}的${item.name}已全部租出，请换租赁点或登记等候`,
        {
          field: 'itemId',
          quantity: stock?.quantity ?? 0,
          out: stock?.out ?? 0,
        },
      );
    }
    const basis = await subsidyEligibility(ctx, trx, person.id, input.fromOn);
    const subsidy = basis ? Math.round((item.rentalFenPerMonth * cfg.rentalSubsidyPercent) / 100) : 0;
    const now = ctx.clock.now().toISOString();
    await insertRental(trx, {
      id,
      personId: person.id,
      itemId: item.id,
      pointId: point.id,
      divisionCode: point.divisionCode,
      fromOn: input.fromOn,
      dueOn: input.dueOn,
      returnedOn: null,
      monthlyFen: item.rentalFenPerMonth,
      subsidyMonthlyFen: subsidy,
      subsidyBasis: basis,
      depositFen: input.depositFen,
      depositRefundFen: null,
      status: 'out',
      note: input.note,
      createdBy: by(actor),
      createdAt: now,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.devices.rental.create',
      targetType: 'disability_rental',
      targetId: id,
      divisionCode: countyCodeOf(point.divisionCode),
      subjectPersonId: person.id,
      details: {
        itemCode: item.code,
        pointId: point.id,
        fromOn: input.fromOn,
        dueOn: input.dueOn,
        subsidyMonthlyFen: subsidy,
      },
    });
  });
  return oneRental(ctx, id);
}

export async function returnRental(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: RentalReturnBody,
): Promise<RentalView> {
  authorize(actor, 'disability:write');
  const today = rehabToday(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await findRental(trx, id);
    if (!r) throw notFound('租赁记录');
    await visiblePoint(trx, actor, r.pointId).catch(() => {
      throw notFound('租赁记录');
    });
    if (r.status !== 'out') throw conflict('DISABILITY_RENTAL_RETURNED', '该器具已归还');
    if (input.returnedOn < r.fromOn || input.returnedOn > today) {
      throw invalid('DISABILITY_DATE_RANGE', '归还日期须在租用日期与今天之间', 'returnedOn');
    }
    if (input.depositRefundFen > r.depositFen) {
      throw invalid('DISABILITY_DEPOSIT_REFUND', '退还押金不能多于所收押金', 'depositRefundFen');
    }
    await updateRental(trx, id, {
      status: 'returned',
      returnedOn: input.returnedOn,
      depositRefundFen: input.depositRefundFen,
      note: input.note ?? r.note,
      updatedAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'disability.devices.rental.return',
      targetType: 'disability_rental',
      targetId: id,
      divisionCode: countyCodeOf(r.divisionCode),
      subjectPersonId: r.personId,
      details: {
        returnedOn: input.returnedOn,
        late: input.returnedOn > r.dueOn,
        depositRefundFen: input.depositRefundFen,
      },
    });
  });
  return oneRental(ctx, id);
}

const rentalFilter = (actor: Actor, q: RentalsQuery, today: string) => ({
  scope: scopeFilterFor(actor, q.division),
  today,
  ...(q.pointId ? { pointId: q.pointId } : {}),
  ...(q.itemId ? { itemId: q.itemId } : {}),
  ...(q.status ? { status: q.status } : {}),
  ...(q.q ? { q: q.q } : {}),
  sort: parseSort(q.sort),
});

/** The rentals ledger (audited: it lists people). */
export async function listRentals(
  ctx: CoreContext,
  actor: Actor,
  q: RentalsQuery & { page: number; pageSize: number },
): Promise<{ items: RentalView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const today = rehabToday(ctx);
  const { rows, total } = await rentalPage(
    ctx.db.kysely,
    rentalFilter(actor, q, today),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.devices.rentals.list',
    targetType: 'disability_rental',
    divisionCode: q.division ?? actor.divisionCode,
    details: { rows: rows.length, total, status: q.status ?? null },
  });
  return { items: rows.map((r) => presentRental(r, today)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportRentals(
  ctx: CoreContext,
  actor: Actor,
  q: RentalsQuery,
): Promise<AsyncIterable<RentalView>> {
  authorize(actor, 'disability:read');
  const today = rehabToday(ctx);
  const f = rentalFilter(actor, q, today);
  await ctx.readAudit.record(actor, {
    action: 'disability.devices.rentals.export',
    targetType: 'disability_rental',
    divisionCode: q.division ?? actor.divisionCode,
    details: { status: q.status ?? null },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await rentalPage(ctx.db.kysely, f, 1000, offset, false);
      for (const r of rows) yield presentRental(r, today);
      if (rows.length < 1000) return;
    }
  })();
}

// ----- 福康工程 -----

function presentFukang(r: FukangListRow): FukangCaseView {
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    residentIdMasked: maskedId(r.residentId),
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    itemKind: r.itemKind,
    itemKindLabel: FUKANG_ITEM_KIND_LABELS[r.itemKind],
    itemId: r.itemId,
    itemName: r.itemName,
    requestedFen: r.requestedFen,
    approvedFen: r.approvedFen,
    status: r.status,
    statusLabel: FUKANG_STATUS_LABELS[r.status],
    appliedOn: r.appliedOn,
    decidedOn: r.decidedOn,
    deliveredOn: r.deliveredOn,
    closedOn: r.closedOn,
    reason: r.reason,
    note: r.note,
    basis: r.basis,
    version: r.version,
  };
}

async function oneFukang(ctx: CoreContext, id: string): Promise<FukangCaseView> {
  const { rows } = await fukangPage(
    ctx.db.kysely,
    { scope: { divisionPrefix: '', institutionId: null, sharedCounty: null }, id },
    1,
    0,
    false,
  );
  return presentFukang(rows[0]!);
}

async function visibleFukang(db: Parameters<typeof findFukang>[0], actor: Actor, id: string) {
  const c = await findFukang(db, id);
  if (!c || !inScope(actor, c.divisionCode)) throw notFound('福康工程项目');
  return c;
}

export async function createFukangCase(
  ctx: CoreContext,
  actor: Actor,
  input: NewFukangCaseBody,
): Promise<FukangCaseView> {
  authorize(actor, 'disability:write');
  const today = rehabToday(ctx);
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const person = await visiblePerson(trx, actor, input.personId);
    if (input.itemId) {
      const item = await findItem(trx, input.itemId);
      if (!item) throw notFound('辅助器具');
    }
    ensureDivisionInScope(actor, input.divisionCode);
    if (input.itemKind === 'surgery' && input.itemId) {
      throw invalid('DISABILITY_FUKANG_ITEM', '矫治手术不选择辅助器具目录项', 'itemId');
    }
    if (input.requestedFen <= 0) throw invalid('DISABILITY_FUKANG_AMOUNT', '请填写申请金额', 'requestedFen');
    if (input.appliedOn > today) throw invalid('DISABILITY_DATE_FUTURE', '申请日期不能晚于今天', 'appliedOn');
    const now = ctx.clock.now().toISOString();
    await insertFukang(trx, {
      id,
      personId: person.id,
      divisionCode: input.divisionCode,
      itemKind: input.itemKind,
      itemId: input.itemId,
      itemName: input.itemName,
      requestedFen: input.requestedFen,
      approvedFen: null,
      status: 'applied',
      appliedOn: input.appliedOn,
      decidedOn: null,
      deliveredOn: null,
      closedOn: null,
      reason: null,
      note: input.note,
      basis: disabilityConfig(ctx).devices.fukangBasis,
      createdBy: by(actor),
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await audit(ctx, trx, actor, {
      action: 'disability.fukang.create',
      targetType: 'disability_fukang_case',
      targetId: id,
      divisionCode: countyCodeOf(input.divisionCode),
      subjectPersonId: person.id,
      details: { itemKind: input.itemKind, itemName: input.itemName, requestedFen: input.requestedFen },
    });
  });
  return oneFukang(ctx, id);
}

async function stepFukang(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  action: string,
  apply: (c: FukangCaseRow, today: string) => Partial<FukangCaseRow>,
): Promise<FukangCaseView> {
  const today = rehabToday(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await visibleFukang(trx, actor, id);
    const set = apply(c, today);
    if (!(await updateFukangIf(trx, id, c.version, { ...set, updatedAt: ctx.clock.now().toISOString() }))) {
      throw conflict('DISABILITY_VERSION_CONFLICT', '该记录已被他人修改，请刷新后再办理');
    }
    await audit(ctx, trx, actor, {
      action,
      targetType: 'disability_fukang_case',
      targetId: id,
      divisionCode: countyCodeOf(c.divisionCode),
      subjectPersonId: c.personId,
      details: { from: c.status, ...set },
    });
  });
  return oneFukang(ctx, id);
}

const wrongStatus = (c: FukangCaseRow, what: string) =>
  conflict('DISABILITY_FUKANG_STATUS', `该项目当前为“${FUKANG_STATUS_LABELS[c.status]}”，不能${what}`, {
    status: c.status,
  });

/** Approves (an amount up to the request) or refuses (reason and remedies stated) — disability:approve. */
export async function decideFukangCase(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: FukangDecisionBody,
): Promise<FukangCaseView> {
  authorize(actor, 'disability:approve');
  return stepFukang(ctx, actor, id, 'disability.fukang.decide', (c, today) => {
    if (c.status !== 'applied') throw wrongStatus(c, '审批');
    if (input.decidedOn < c.appliedOn || input.decidedOn > today) {
      throw invalid('DISABILITY_DATE_RANGE', '审批日期须在申请日期与今天之间', 'decidedOn');
    }
    if (input.outcome === 'approved') {
      if (input.approvedFen === null || input.approvedFen <= 0 || input.approvedFen > c.requestedFen) {
        throw invalid('DISABILITY_FUKANG_AMOUNT', '批准金额须大于 0 且不超过申请金额', 'approvedFen');
      }
      return {
        status: 'approved',
        approvedFen: input.approvedFen,
        decidedOn: input.decidedOn,
        reason: input.reason,
      };
    }
    if (!input.reason) throw invalid('DISABILITY_REASON_REQUIRED', '不予批准须写明理由', 'reason');
    return {
      status: 'refused',
      approvedFen: null,
      decidedOn: input.decidedOn,
      reason: `${input.reason}。如不服，可依法申请行政复议或提起行政诉讼。`,
    };
  });
}

export async function deliverFukangCase(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: FukangStepBody,
): Promise<FukangCaseView> {
  authorize(actor, 'disability:write');
  return stepFukang(ctx, actor, id, 'disability.fukang.deliver', (c, today) => {
    if (c.status !== 'approved') throw wrongStatus(c, '登记配发/手术');
    if (input.on < (c.decidedOn ?? c.appliedOn) || input.on > today) {
      throw invalid('DISABILITY_DATE_RANGE', '配发（手术）日期须在批准日期与今天之间', 'on');
    }
    return { status: 'delivered', deliveredOn: input.on, note: input.note ?? c.note };
  });
}

export async function closeFukangCase(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: FukangStepBody,
): Promise<FukangCaseView> {
  authorize(actor, 'disability:write');
  return stepFukang(ctx, actor, id, 'disability.fukang.close', (c, today) => {
    if (c.status !== 'delivered' && c.status !== 'refused') throw wrongStatus(c, '结案');
    if (input.on < (c.deliveredOn ?? c.decidedOn ?? c.appliedOn) || input.on > today) {
      throw invalid('DISABILITY_DATE_RANGE', '结案日期不能早于上一步，也不能晚于今天', 'on');
    }
    return { status: 'closed', closedOn: input.on, note: input.note ?? c.note };
  });
}

const fukangFilter = (actor: Actor, q: FukangCasesQuery) => ({
  scope: scopeFilterFor(actor, q.division),
  ...(q.status ? { status: q.status } : {}),
  ...(q.itemKind ? { itemKind: q.itemKind } : {}),
  ...(q.q ? { q: q.q } : {}),
  sort: parseSort(q.sort),
});

export async function listFukangCases(
  ctx: CoreContext,
  actor: Actor,
  q: FukangCasesQuery & { page: number; pageSize: number },
): Promise<{ items: FukangCaseView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const { rows, total } = await fukangPage(
    ctx.db.kysely,
    fukangFilter(actor, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.fukang.list',
    targetType: 'disability_fukang_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { rows: rows.length, total, status: q.status ?? null },
  });
  return { items: rows.map(presentFukang), total, page: q.page, pageSize: q.pageSize };
}

export async function exportFukangCases(
  ctx: CoreContext,
  actor: Actor,
  q: FukangCasesQuery,
): Promise<AsyncIterable<FukangCaseView>> {
  authorize(actor, 'disability:read');
  const f = fukangFilter(actor, q);
  await ctx.readAudit.record(actor, {
    action: 'disability.fukang.export',
    targetType: 'disability_fukang_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { status: q.status ?? null },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await fukangPage(ctx.db.kysely, f, 1000, offset, false);
      for (const r of rows) yield presentFukang(r);
      if (rows.length < 1000) return;
    }
  })();
}

/** What is due today on the devices page: overdue returns, 福康 cases waiting for a decision or delivery. */
export async function devicesToday(ctx: CoreContext, actor: Actor): Promise<DevicesTodayView> {
  authorize(actor, 'disability:read');
  const scope = scopeFilterFor(actor);
  const today = rehabToday(ctx);
  const [overdue, waiting, deliver] = await Promise.all([
    countOverdueRentals(ctx.db.kysely, scope, today),
    countFukang(ctx.db.kysely, scope, 'applied'),
    countFukang(ctx.db.kysely, scope, 'approved'),
  ]);
  return { overdueRentals: overdue.count, fukangWaiting: waiting.count, fukangToDeliver: deliver.count };
}
