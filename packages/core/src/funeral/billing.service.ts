/**
 * Billing a funeral case (R-FUN-09, R-FUN-10; docs/funeral.md "Prices and billing"). A bill's lines are
 * items the family chose from the facility's published list in force on the service date (an item not on
 * it: 422 `FUNERAL_ITEM_NOT_LISTED`); nothing is added that was not chosen. Who pays each line is decided
 * when the bill is made, from what is looked up — never typed: the social-assistance rolls on the date of
 * death (特困/低保/优抚 → the free basic services cost the family 0), universal coverage of the locality,
 * the city's free collection (R-FUN-04), and an unidentified or unclaimed body (county finance pays all).
 * Each free line records why and on which rule; the waived amounts are claimed from the county monthly on
 * the approval engine (`funeral.reimbursement-claim`). Paying issues a numbered invoice; a government-
 * invested facility also keeps an expenditure ledger, reported beside the income, never netted (收支两条线).
 */
import {
  DomainError,
  addDays,
  isPlainDate,
  newId,
  parsePlainDate,
  todayPlainDate,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, scopePrefix, systemActor, type Actor } from '../access/index';
import { defineApproval, submitApprovalInTransaction } from '../approvals/index';
import { assistanceStatusOn, type AssistanceStatus } from '../assistance/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { documentNumberFor, officePrefix } from '../numbering/index';
import { findIndexedPerson as findPersonById } from '../people/index';
import {
  billIdsOfClaim,
  billsOfCaseRows,
  claimableBills,
  expendituresBetween,
  findBill,
  findClaim,
  findClaimByApproval,
  findInvoice,
  insertBill,
  insertClaim,
  insertExpenditure,
  insertInvoice,
  invoicesBetween,
  invoicesOfBills,
  linesOfBills,
  openClaimOfMonth,
  searchClaims,
  searchInvoices,
  setClaimOfBills,
  unclaimedWaivedBefore,
  updateBill,
  updateClaim,
  voidInvoiceRow,
  type InvoiceSort,
} from './billing.repository';
import type {
  BillLineRow,
  BillRow,
  ClaimRow,
  ExpenditureCategory,
  InvoiceRow,
  PaymentMethod,
  WaiverReason,
} from './billing.table';
import type { FuneralCaseRow } from './cases.repository';
import { findFuneralFacility } from './cases.repository';
import {
  ensureFacilityMayTakeBusiness,
  lockedVisibleFuneralCase,
  visibleFacility,
  visibleFuneralCase,
} from './cases.access';
import { funeralConfig, type BasicServiceKind } from './funeral.config';
import { priceItemsInForce } from './prices.repository';
import { BASIC_SERVICE_LABELS, presentPriceItem, type PriceItemView } from './prices.service';
import { ruleEraOf, transportRuleOf, universalCoverageOf } from './rules';

export const WAIVER_REASON_LABELS: Record<WaiverReason, string> = {
  tekun: '特困人员',
  dibao: '低保对象',
  youfu: '生活困难的重点优抚对象',
  universal: '基本殡葬服务全覆盖',
  unidentified: '无名（无人认领）遗体',
  collection_free: '免费接运',
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  bank_card: '银行卡',
  wechat: '微信',
  alipay: '支付宝',
  transfer: '转账',
};

export const EXPENDITURE_CATEGORY_LABELS: Record<ExpenditureCategory, string> = {
  personnel: '人员经费',
  operations: '业务运行',
  equipment: '设备购置',
  maintenance: '维修维护',
  utilities: '水电燃料',
  other: '其他支出',
};

/** R-FUN-09: the waived basic services are claimed from the county, decided by the county reviewer. */
export const REIMBURSEMENT_CLAIM_APPROVAL = defineApproval({
  key: 'funeral.reimbursement-claim',
  title: '惠民殡葬减免费用结算申报',
  submitPermission: 'funeral:write',
  steps: [
    {
      key: 'county-review',
      title: '县级民政部门审核',
      level: 'county',
      permission: 'funeral:approve',
      roles: ['county_reviewer'],
      deadline: { days: 10, unit: 'working' },
      differentPersonFromPrevious: true,
    },
  ],
});
export const REIMBURSEMENT_CLAIM_OWNER = 'funeral_reimbursement_claim';

const invalid = (code: string, message: string, field: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { field, ...details });
const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);
const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

function todayOf(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

// ----- eligibility -----

export interface Eligibility {
  /** The date the rolls and coverage were read on: the date of death (else the service date). */
  on: string;
  feeEra: 'before_2026' | 'from_2026';
  payer: 'family' | 'county_finance';
  /** 特困/低保/优抚 memberships in force on `on`, with where each was found. */
  programs: AssistanceStatus[];
  universalCoverage: { divisionCode: string; basis: string } | null;
  collectionFree: { name: string; basis: string } | null;
  /** Basic services free for this decedent (empty when no status applies). */
  freeBasicKinds: BasicServiceKind[];
  /** The reason the free basic services are free, if any, and its source (Chinese). */
  reason: WaiverReason | null;
  basis: string | null;
  /** One sentence for the clerk (Chinese). */
  summary: string;
}

/** Looks eligibility up for a case (rolls, coverage, transport rule, identity): never typed by a clerk. */
export async function eligibilityFor(
  ctx: CoreContext,
  db: Transaction<Database> | CoreContext['db']['kysely'],
  c: FuneralCaseRow,
  serviceDate: string,
): Promise<Eligibility> {
  const config = funeralConfig(ctx);
  const on = c.deathDate ?? serviceDate;
  const feeEra = ruleEraOf(config, 'fees', serviceDate);
  const freeKinds =
    feeEra === 'from_2026'
      ? config.billing.freeBasicKinds.from2026
      : config.billing.freeBasicKinds.before2026;
  const person = await findPersonById(db, c.personId);
  const programs = await assistanceStatusOn(db, c.personId, on);
  const coverage = universalCoverageOf(config, {
    hukouDivision: person?.hukouDivisionCode ?? null,
    deathDivision: c.deathDivisionCode,
    on,
  });
  const transport = transportRuleOf(config, c.deathDivisionCode);
  const collectionFree = transport.collectionFree ? { name: transport.name, basis: transport.basis } : null;
  const countyPays = c.identityStatus === 'unidentified' || c.unclaimed === 1 || c.payer === 'county_finance';
  let reason: WaiverReason | null = null;
  let basis: string | null = null;
  if (countyPays) {
    reason = 'unidentified';
    basis = '无名、无人认领遗体的殡葬费用由县级财政承担（R-FUN-02；民政部2012年惠民殡葬意见）';
  } else if (programs[0]) {
    reason = programs[0].program;
    basis = `${programs[0].label}（${programs[0].fromDate} 起，来源：${programs[0].source}），基本殡葬服务免费（R-FUN-09）`;
  } else if (coverage) {
    reason = 'universal';
    basis = `${coverage.basis}（R-FUN-09）`;
  }
  const summary = countyPays
    ? '无名或无人认领遗体：费用由县级财政承担，丧属应付 0 元'
    : reason
      ? `${WAIVER_REASON_LABELS[reason]}：${freeKinds.map((k) => BASIC_SERVICE_LABELS[k]).join('、')}免费${collectionFree ? `；${collectionFree.name}遗体接运免费` : ''}`
      : collectionFree
        ? `未查到特困、低保、优抚身份，所在地无全覆盖政策：按标准价格收费；${collectionFree.name}遗体接运免费`
        : '未查到特困、低保、优抚身份，所在地无全覆盖政策：按标准价格收费';
  return {
    on,
    feeEra,
    payer: countyPays ? 'county_finance' : 'family',
    programs,
    universalCoverage: coverage ? { divisionCode: coverage.divisionCode, basis: coverage.basis } : null,
    collectionFree,
    freeBasicKinds: reason ? [...freeKinds] : [],
    reason,
    basis,
    summary,
  };
}

// ----- bills -----

export interface BillLineView {
  id: string;
  code: string;
  name: string;
  category: 'basic' | 'non_basic';
  basicKind: BasicServiceKind | null;
  unit: string;
  unitPriceFen: number;
  quantity: number;
  amountFen: number;
  familyFen: number;
  waivedFen: number;
  waiverReason: WaiverReason | null;
  waiverReasonLabel: string | null;
  waiverBasis: string | null;
}

export interface InvoiceView {
  id: string;
  billId: string;
  invoiceNo: string;
  amountFen: number;
  method: PaymentMethod;
  methodLabel: string;
  paidOn: string;
  issuedBy: string;
  issuedAt: string;
  status: 'issued' | 'void';
  voidReason: string | null;
  voidedAt: string | null;
}

export interface BillView {
  id: string;
  caseId: string;
  facilityId: string;
  serviceDate: string;
  feeEra: 'before_2026' | 'from_2026';
  payer: 'family' | 'county_finance';
  eligibility: Eligibility;
  status: 'open' | 'settled' | 'paid' | 'cancelled';
  totalFen: number;
  familyFen: number;
  waivedFen: number;
  claimId: string | null;
  cancelReason: string | null;
  createdBy: string;
  createdAt: string;
  lines: BillLineView[];
  invoices: InvoiceView[];
}

function presentLine(l: BillLineRow): BillLineView {
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    category: l.category,
    basicKind: l.basicKind,
    unit: l.unit,
    unitPriceFen: l.unitPriceFen,
    quantity: l.quantity,
    amountFen: l.amountFen,
    familyFen: l.familyFen,
    waivedFen: l.waivedFen,
    waiverReason: l.waiverReason,
    waiverReasonLabel: l.waiverReason ? WAIVER_REASON_LABELS[l.waiverReason] : null,
    waiverBasis: l.waiverBasis,
  };
}

export function presentInvoice(i: InvoiceRow): InvoiceView {
  return {
    id: i.id,
    billId: i.billId,
    invoiceNo: i.invoiceNo,
    amountFen: i.amountFen,
    method: i.method,
    methodLabel: PAYMENT_METHOD_LABELS[i.method],
    paidOn: i.paidOn,
    issuedBy: i.issuedBy,
    issuedAt: i.issuedAt,
    status: i.status,
    voidReason: i.voidReason,
    voidedAt: i.voidedAt,
  };
}

async function presentBills(
  db: CoreContext['db']['kysely'] | Transaction<Database>,
  bills: BillRow[],
): Promise<BillView[]> {
  const ids = bills.map((b) => b.id);
  const lines = await linesOfBills(db, ids);
  const invoices = await invoicesOfBills(db, ids);
  return bills.map((b) => ({
    id: b.id,
    caseId: b.caseId,
    facilityId: b.facilityId,
    serviceDate: b.serviceDate,
    feeEra: b.feeEra,
    payer: b.payer,
    eligibility: JSON.parse(b.eligibility) as Eligibility,
    status: b.status,
    totalFen: b.totalFen,
    familyFen: b.familyFen,
    waivedFen: b.waivedFen,
    claimId: b.claimId,
    cancelReason: b.cancelReason,
    createdBy: b.createdBy,
    createdAt: b.createdAt,
    lines: lines.filter((l) => l.billId === b.id).map(presentLine),
    invoices: invoices.filter((i) => i.billId === b.id).map(presentInvoice),
  }));
}

export interface CreateBillInput {
  serviceDate: string;
  items: readonly { code: string; quantity: number }[];
}

/**
 * Makes the bill of a case from the items the family chose (R-FUN-10: only listed items, nothing added),
 * deciding each line's payer from the eligibility looked up now (R-FUN-09). One bill per case at a time
 * (a cancelled one may be replaced).
 */
export async function createBill(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: CreateBillInput,
): Promise<BillView> {
  authorize(actor, 'funeral:write');
  if (!isPlainDate(input.serviceDate))
    throw invalid('DATE_INVALID', '服务日期不正确：请按 2026-01-31 的格式填写', 'serviceDate');
  if (input.serviceDate > todayOf(ctx))
    throw invalid('FUNERAL_SERVICE_DATE_FUTURE', '服务日期不能晚于今天', 'serviceDate');
  if (input.items.length === 0)
    throw invalid('FUNERAL_BILL_EMPTY', '请至少选择一个收费项目（只收取丧属选择的项目）', 'items');
  const seen = new Set<string>();
  for (const it of input.items) {
    if (seen.has(it.code))
      throw invalid(
        'FUNERAL_BILL_ITEM_REPEATED',
        `项目 ${it.code} 重复选择：请合并为一行并填写数量`,
        'items',
        {
          code: it.code,
        },
      );
    seen.add(it.code);
    if (!Number.isInteger(it.quantity) || it.quantity < 1 || it.quantity > 999)
      throw invalid('FUNERAL_BILL_QUANTITY', `项目 ${it.code} 的数量须为 1–999 的整数`, 'items', {
        code: it.code,
      });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    if (c.step === 'cancelled') throw conflict('FUNERAL_CASE_CLOSED', '该接运单已取消，不能收费');
    if (c.deathDate && input.serviceDate < c.deathDate)
      throw invalid('FUNERAL_SERVICE_DATE_BEFORE_DEATH', '服务日期不能早于死亡日期', 'serviceDate');
    const facility = await findFuneralFacility(trx, c.facilityId);
    if (!facility) throw notFound('殡葬设施');
    ensureFacilityMayTakeBusiness(facility);
    const existing = (await billsOfCaseRows(trx, c.id)).find((b) => b.status !== 'cancelled');
    if (existing)
      throw conflict('FUNERAL_BILL_EXISTS', '该遗体档案已有收费单：如需重开，请先作废原收费单', {
        billId: existing.id,
      });
    const listed = new Map(
      (await priceItemsInForce(trx, facility.id, input.serviceDate)).map((i) => [i.code, i]),
    );
    const missing = input.items.filter((i) => !listed.has(i.code)).map((i) => i.code);
    if (missing.length > 0)
      throw invalid(
        'FUNERAL_ITEM_NOT_LISTED',
        `项目 ${missing.join('、')} 不在本馆 ${input.serviceDate} 执行的已公示价格目录中，不得收费（R-FUN-10）`,
        'items',
        { codes: missing },
      );
    const el = await eligibilityFor(ctx, trx, c, input.serviceDate);
    if (el.payer === 'county_finance') {
      const extra = input.items
        .filter((i) => listed.get(i.code)!.category === 'non_basic')
        .map((i) => i.code);
      if (extra.length > 0)
        throw invalid(
          'FUNERAL_NON_BASIC_FOR_COUNTY_PAYER',
          `无名或无人认领遗体只提供基本殡葬服务（由县级财政承担），不能选择选择性服务项目 ${extra.join('、')}`,
          'items',
          { codes: extra },
        );
    }
    const billId = newId();
    const now = ctx.clock.now().toISOString();
    const lines = input.items.map((it, seq) => {
      const item = listed.get(it.code)!;
      const amount = item.priceFen * it.quantity;
      let reason: WaiverReason | null = null;
      let basis: string | null = null;
      if (el.payer === 'county_finance') {
        reason = 'unidentified';
        basis = el.basis;
      } else if (item.basicKind && el.reason && el.freeBasicKinds.includes(item.basicKind)) {
        reason = el.reason;
        basis = el.basis;
      } else if (item.basicKind === 'collection' && el.collectionFree) {
        reason = 'collection_free';
        basis = `${el.collectionFree.basis}（R-FUN-04）`;
      }
      const waived = reason ? amount : 0;
      return {
        id: newId(),
        billId,
        seq,
        priceItemId: item.id,
        code: item.code,
        name: item.name,
        category: item.category,
        basicKind: item.basicKind,
        unit: item.unit,
        unitPriceFen: item.priceFen,
        quantity: it.quantity,
        amountFen: amount,
        familyFen: amount - waived,
        waivedFen: waived,
        waiverReason: reason,
        waiverBasis: basis,
      };
    });
    const total = lines.reduce((s, l) => s + l.amountFen, 0);
    const family = lines.reduce((s, l) => s + l.familyFen, 0);
    const bill: BillRow = {
      id: billId,
      caseId: c.id,
      facilityId: facility.id,
      divisionCode: c.divisionCode,
      serviceDate: input.serviceDate,
      feeEra: el.feeEra,
      payer: el.payer,
      eligibility: JSON.stringify(el),
      status: family === 0 ? 'settled' : 'open',
      totalFen: total,
      familyFen: family,
      waivedFen: total - family,
      claimId: null,
      cancelReason: null,
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await insertBill(trx, bill, lines);
    await audit(ctx, trx, actor, {
      action: 'funeral.bill.create',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      details: {
        billId,
        totalFen: total,
        familyFen: family,
        waivedFen: total - family,
        reason: el.reason,
        programs: el.programs.map((p) => p.program),
      },
    });
    return (await presentBills(trx, [bill]))[0]!;
  });
}

async function lockedBill(
  trx: Transaction<Database>,
  actor: Actor,
  billId: string,
): Promise<{ bill: BillRow; c: FuneralCaseRow }> {
  const bill = await findBill(trx, billId);
  if (!bill) throw notFound('收费单');
  const c = await lockedVisibleFuneralCase(trx, actor, bill.caseId).catch(() => {
    throw notFound('收费单');
  });
  const again = await findBill(trx, billId);
  return { bill: again!, c };
}

/** Cancels a bill not yet paid or claimed, with a reason (a new bill may then be made). */
export async function cancelBill(
  ctx: CoreContext,
  actor: Actor,
  billId: string,
  input: { reason: string },
): Promise<BillView> {
  authorize(actor, 'funeral:write');
  const reason = input.reason.trim();
  if (!/[\u4e00-\u9fff]/.test(reason) || reason.length > 200)
    throw invalid('FUNERAL_REASON_REQUIRED', '请用中文填写作废原因', 'reason');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { bill, c } = await lockedBill(trx, actor, billId);
    if (bill.status === 'paid' || bill.status === 'cancelled' || bill.claimId)
      throw conflict(
        'FUNERAL_BILL_NOT_CANCELLABLE',
        bill.status === 'paid'
          ? '收费单已开票：请先作废发票再作废收费单'
          : '收费单已作废或已纳入结算申报，不能作废',
      );
    const now = ctx.clock.now().toISOString();
    if (
      !(await updateBill(trx, bill.id, bill.version, {
        status: 'cancelled',
        cancelReason: reason,
        updatedAt: now,
      }))
    )
      throw conflict('FUNERAL_BILL_CHANGED', '收费单刚被他人修改，请刷新后重试');
    await audit(ctx, trx, actor, {
      action: 'funeral.bill.cancel',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      details: { billId: bill.id, reason },
    });
    return (await presentBills(trx, [(await findBill(trx, bill.id))!]))[0]!;
  });
}

/**
 * Records the family's payment of an open bill and issues the invoice, numbered from the facility's
 * series (湘芙殡收字〔2026〕第000001号). The amount must be the bill's family amount.
 */
export async function payBill(
  ctx: CoreContext,
  actor: Actor,
  billId: string,
  input: { method: PaymentMethod; amountFen: number; paidOn?: string },
): Promise<InvoiceView> {
  authorize(actor, 'funeral:write');
  if (!(input.method in PAYMENT_METHOD_LABELS))
    throw invalid('FUNERAL_PAYMENT_METHOD', '请选择付款方式', 'method');
  const paidOn = input.paidOn ?? todayOf(ctx);
  if (!isPlainDate(paidOn) || paidOn > todayOf(ctx))
    throw invalid('DATE_INVALID', '收款日期不正确，且不能晚于今天', 'paidOn');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { bill, c } = await lockedBill(trx, actor, billId);
    if (bill.status !== 'open')
      throw conflict(
        'FUNERAL_BILL_NOT_PAYABLE',
        bill.status === 'settled' ? '丧属应付金额为 0，无需收款开票' : '收费单已收款或已作废',
        { status: bill.status },
      );
    if (input.amountFen !== bill.familyFen)
      throw invalid(
        'FUNERAL_PAYMENT_AMOUNT',
        `收款金额须与丧属应付金额 ${(bill.familyFen / 100).toFixed(2)} 元一致`,
        'amountFen',
        { expectedFen: bill.familyFen },
      );
    const facility = (await findFuneralFacility(trx, bill.facilityId))!;
    const id = newId();
    const config = funeralConfig(ctx);
    const number = await documentNumberFor(ctx, trx, actor, {
      office: {
        key: `funeral-home:${facility.id}`,
        divisionCode: facility.divisionCode,
        prefix: officePrefix(facility.divisionCode, config.billing.invoiceWord),
        institutionId: facility.id,
      },
      kind: 'funeral.invoice',
      year: Number(paidOn.slice(0, 4)),
      ownerType: 'funeral_invoice',
      ownerId: id,
    });
    const now = ctx.clock.now().toISOString();
    const row: InvoiceRow = {
      id,
      billId: bill.id,
      facilityId: facility.id,
      divisionCode: bill.divisionCode,
      invoiceNo: number.number,
      amountFen: input.amountFen,
      method: input.method,
      paidOn,
      issuedBy: actor.username,
      issuedAt: now,
      status: 'issued',
      voidReason: null,
      voidedBy: null,
      voidedAt: null,
    };
    try {
      await insertInvoice(trx, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw conflict('FUNERAL_INVOICE_NUMBER_TAKEN', '发票号已被占用，请重试');
    }
    if (!(await updateBill(trx, bill.id, bill.version, { status: 'paid', updatedAt: now })))
      throw conflict('FUNERAL_BILL_CHANGED', '收费单刚被他人修改，请刷新后重试');
    await audit(ctx, trx, actor, {
      action: 'funeral.invoice.issue',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      details: { billId: bill.id, invoiceNo: row.invoiceNo, amountFen: row.amountFen, method: row.method },
    });
    return presentInvoice(row);
  });
}

/** Voids an issued invoice with a reason; its bill is open again (to be paid and invoiced anew). */
export async function voidInvoice(
  ctx: CoreContext,
  actor: Actor,
  invoiceId: string,
  input: { reason: string },
): Promise<InvoiceView> {
  authorize(actor, 'funeral:write');
  const reason = input.reason.trim();
  if (!/[\u4e00-\u9fff]/.test(reason) || reason.length > 200)
    throw invalid('FUNERAL_REASON_REQUIRED', '请用中文填写作废原因', 'reason');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const inv = await findInvoice(trx, invoiceId);
    if (!inv) throw notFound('发票');
    const { bill, c } = await lockedBill(trx, actor, inv.billId).catch(() => {
      throw notFound('发票');
    });
    const now = ctx.clock.now().toISOString();
    if (!(await voidInvoiceRow(trx, inv.id, { voidReason: reason, voidedBy: actor.username, voidedAt: now })))
      throw conflict('FUNERAL_INVOICE_VOID', '该发票已作废');
    if (bill.status === 'paid')
      await updateBill(trx, bill.id, bill.version, { status: 'open', updatedAt: now });
    await audit(ctx, trx, actor, {
      action: 'funeral.invoice.void',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      details: { billId: bill.id, invoiceNo: inv.invoiceNo, reason },
    });
    return presentInvoice((await findInvoice(trx, inv.id))!);
  });
}

export interface CaseBillingView {
  caseId: string;
  facilityId: string;
  /** Eligibility as it would be looked up for a bill dated today. */
  eligibility: Eligibility;
  /** The facility's published list in force today (what may be chosen). */
  priceList: PriceItemView[];
  bills: BillView[];
}

/** The 收费 tab of a case: eligibility found (with its source), the list to choose from, the bills. Audited read. */
export async function caseBilling(ctx: CoreContext, actor: Actor, caseId: string): Promise<CaseBillingView> {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const c = await visibleFuneralCase(db, actor, caseId);
  const today = todayOf(ctx);
  const eligibility = await eligibilityFor(ctx, db, c, today);
  const bills = await presentBills(db, await billsOfCaseRows(db, c.id));
  await ctx.readAudit.record(actor, {
    action: 'funeral.billing.read',
    targetType: 'funeral_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: { bills: bills.length },
  });
  return {
    caseId: c.id,
    facilityId: c.facilityId,
    eligibility,
    priceList: (await priceItemsInForce(db, c.facilityId, today)).map(presentPriceItem),
    bills,
  };
}

// ----- invoices ledger -----

export interface InvoiceLedgerQuery {
  facilityId?: string;
  from?: string;
  to?: string;
  status?: 'issued' | 'void';
  q?: string;
  sort?: InvoiceSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface InvoiceLedgerItem extends InvoiceView {
  caseId: string;
  caseNo: string;
  decedentName: string | null;
  facilityName: string;
}

/** 收费单据: the invoices in the actor's scope (an institution's staff: their own facility). Audited list read. */
export async function invoiceLedger(
  ctx: CoreContext,
  actor: Actor,
  query: InvoiceLedgerQuery,
): Promise<{ total: number; page: number; pageSize: number; totalFen: number; items: InvoiceLedgerItem[] }> {
  authorize(actor, 'funeral:read');
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, query.pageSize ?? 20));
  const filter = {
    scopePrefix: scopePrefix(actor.divisionCode),
    institutionId: actor.institutionId ?? null,
    ...(query.facilityId ? { facilityId: query.facilityId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
  };
  const { total, rows } = await searchInvoices(
    ctx.db.kysely,
    filter,
    { field: query.sort ?? 'paidOn', dir: query.order ?? 'desc' },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  await ctx.readAudit.record(actor, {
    action: 'funeral.invoice.search',
    targetType: 'funeral_facility',
    targetId: query.facilityId ?? 'all',
    divisionCode: actor.divisionCode,
    details: { total, page },
  });
  return {
    total,
    page,
    pageSize,
    totalFen: rows.filter((r) => r.status === 'issued').reduce((s, r) => s + r.amountFen, 0),
    items: rows.map((r) => ({
      ...presentInvoice(r),
      caseId: r.caseId,
      caseNo: r.caseNo,
      decedentName: r.nameGiven,
      facilityName: r.facilityName,
    })),
  };
}

// ----- reimbursement claims -----

export interface ClaimView {
  id: string;
  facilityId: string;
  facilityName: string;
  month: string;
  status: ClaimRow['status'];
  totalFen: number;
  breakdown: { reason: WaiverReason; reasonLabel: string; cases: number; amountFen: number }[];
  approvalId: string | null;
  submittedBy: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  paidOn: string | null;
}

function presentClaim(r: ClaimRow & { facilityName?: string }, facilityName?: string): ClaimView {
  return {
    id: r.id,
    facilityId: r.facilityId,
    facilityName: facilityName ?? r.facilityName ?? '',
    month: r.month,
    status: r.status,
    totalFen: r.totalFen,
    breakdown: JSON.parse(r.breakdown) as ClaimView['breakdown'],
    approvalId: r.approvalId,
    submittedBy: r.submittedBy,
    submittedAt: r.submittedAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    paidOn: r.paidOn,
  };
}

function monthRange(month: string): { from: string; to: string } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw invalid('FUNERAL_CLAIM_MONTH', '结算月份不正确：请按 2026-04 的格式填写', 'month');
  const from = `${month}-01`;
  const next = addDays(parsePlainDate(from), 31).slice(0, 7);
  return { from, to: addDays(parsePlainDate(`${next}-01`), -1) };
}

/**
 * The monthly claim of a facility to the county: the waived amounts of its bills whose service date is
 * in `month`, by reason (特困/低保/优抚/全覆盖/无名遗体/免费接运), submitted on the approval engine.
 */
export async function submitReimbursementClaim(
  ctx: CoreContext,
  actor: Actor,
  input: { facilityId: string; month: string },
): Promise<ClaimView> {
  authorize(actor, 'funeral:write');
  const { from, to } = monthRange(input.month);
  if (input.month > todayOf(ctx).slice(0, 7))
    throw invalid('FUNERAL_CLAIM_MONTH', '不能申报尚未到来的月份', 'month');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, input.facilityId);
    if (await openClaimOfMonth(trx, f.id, input.month))
      throw conflict('FUNERAL_CLAIM_EXISTS', `${input.month} 已申报结算：如被退回不予通过，可重新申报`);
    const bills = await claimableBills(trx, f.id, from, to);
    if (bills.length === 0) throw conflict('FUNERAL_CLAIM_EMPTY', `${input.month} 没有可申报的减免费用`);
    const lines = (
      await linesOfBills(
        trx,
        bills.map((b) => b.id),
      )
    ).filter((l) => l.waivedFen > 0);
    const by = new Map<WaiverReason, { cases: Set<string>; amountFen: number }>();
    for (const l of lines) {
      const reason = l.waiverReason!;
      const e = by.get(reason) ?? { cases: new Set<string>(), amountFen: 0 };
      e.cases.add(l.billId);
      e.amountFen += l.waivedFen;
      by.set(reason, e);
    }
    const breakdown = [...by.entries()].map(([reason, e]) => ({
      reason,
      reasonLabel: WAIVER_REASON_LABELS[reason],
      cases: e.cases.size,
      amountFen: e.amountFen,
    }));
    const total = breakdown.reduce((s, b) => s + b.amountFen, 0);
    const now = ctx.clock.now().toISOString();
    const row: ClaimRow = {
      id: newId(),
      facilityId: f.id,
      divisionCode: f.divisionCode,
      month: input.month,
      status: 'submitted',
      totalFen: total,
      breakdown: JSON.stringify(breakdown),
      approvalId: null,
      submittedBy: actor.username,
      submittedAt: now,
      decidedAt: null,
      decisionReason: null,
      paidOn: null,
      paidBy: null,
    };
    await insertClaim(trx, row);
    await setClaimOfBills(
      trx,
      bills.map((b) => b.id),
      row.id,
    );
    const approval = await submitApprovalInTransaction(ctx, trx, actor, {
      definition: REIMBURSEMENT_CLAIM_APPROVAL,
      ownerType: REIMBURSEMENT_CLAIM_OWNER,
      ownerId: row.id,
      divisionCode: f.divisionCode,
      institutionId: f.id,
      title: `${f.name} ${input.month} 惠民殡葬减免结算 ${(total / 100).toFixed(2)} 元`,
    });
    await updateClaim(trx, row.id, 'submitted', { approvalId: approval.id });
    await audit(ctx, trx, actor, {
      action: 'funeral.claim.submit',
      targetType: REIMBURSEMENT_CLAIM_OWNER,
      targetId: row.id,
      divisionCode: f.divisionCode,
      details: { month: input.month, totalFen: total, bills: bills.length, approvalId: approval.id },
    });
    return presentClaim({ ...row, approvalId: approval.id }, f.name);
  });
}

/** `approval.completed` / `approval.rejected` of a claim: approved, or rejected (its bills free again). */
export async function onClaimDecided(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'approval.completed'> | StoredEvent<'approval.rejected'>,
): Promise<void> {
  const p = event.payload;
  if (p.definitionKey !== REIMBURSEMENT_CLAIM_APPROVAL.key) return;
  const claim = await findClaimByApproval(trx, p.instanceId);
  if (!claim || claim.status !== 'submitted') return;
  const approved = event.type === 'approval.completed';
  const reason = 'reason' in p ? (p as { reason: string }).reason : null;
  const changed = await updateClaim(trx, claim.id, 'submitted', {
    status: approved ? 'approved' : 'rejected',
    decidedAt: event.occurredAt,
    decisionReason: reason,
  });
  if (!changed) return;
  if (!approved) await setClaimOfBills(trx, await billIdsOfClaim(trx, claim.id), null);
  await audit(ctx, trx, systemActor('funeral-billing', claim.divisionCode), {
    action: approved ? 'funeral.claim.approved' : 'funeral.claim.rejected',
    targetType: REIMBURSEMENT_CLAIM_OWNER,
    targetId: claim.id,
    divisionCode: claim.divisionCode,
    details: { month: claim.month, totalFen: claim.totalFen, approvalId: p.instanceId },
  });
}

/** The county records that it paid an approved claim. */
export async function markClaimPaid(
  ctx: CoreContext,
  actor: Actor,
  claimId: string,
  input: { paidOn: string },
): Promise<ClaimView> {
  authorize(actor, 'funeral:approve');
  if (!isPlainDate(input.paidOn) || input.paidOn > todayOf(ctx))
    throw invalid('DATE_INVALID', '拨付日期不正确，且不能晚于今天', 'paidOn');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const claim = await findClaim(trx, claimId);
    if (!claim) throw notFound('结算申报');
    const f = await visibleFacility(trx, actor, claim.facilityId).catch(() => {
      throw notFound('结算申报');
    });
    if (claim.status !== 'approved')
      throw conflict('FUNERAL_CLAIM_NOT_APPROVED', '结算申报尚未审核通过（或已拨付），不能登记拨付', {
        status: claim.status,
      });
    await updateClaim(trx, claim.id, 'approved', {
      status: 'paid',
      paidOn: input.paidOn,
      paidBy: actor.username,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.claim.paid',
      targetType: REIMBURSEMENT_CLAIM_OWNER,
      targetId: claim.id,
      divisionCode: claim.divisionCode,
      details: { month: claim.month, totalFen: claim.totalFen, paidOn: input.paidOn },
    });
    return presentClaim((await findClaim(trx, claim.id))!, f.name);
  });
}

/** Claims in the actor's scope (a facility's staff: their own). */
export async function listClaims(
  ctx: CoreContext,
  actor: Actor,
  query: { facilityId?: string; status?: ClaimRow['status'] },
): Promise<ClaimView[]> {
  authorize(actor, 'funeral:read');
  const rows = await searchClaims(ctx.db.kysely, {
    scopePrefix: scopePrefix(actor.divisionCode),
    institutionId: actor.institutionId ?? null,
    ...(query.facilityId ? { facilityId: query.facilityId } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return rows.map((r) => presentClaim(r));
}

// ----- 收支两条线 -----

export interface ExpenditureInput {
  spentOn: string;
  category: ExpenditureCategory;
  amountFen: number;
  voucherNo: string;
  description: string;
}

/** Records an expenditure of a government-invested facility (never offset against its income). */
export async function recordExpenditure(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  input: ExpenditureInput,
) {
  authorize(actor, 'funeral:write');
  if (!isPlainDate(input.spentOn) || input.spentOn > todayOf(ctx))
    throw invalid('DATE_INVALID', '支出日期不正确，且不能晚于今天', 'spentOn');
  if (!(input.category in EXPENDITURE_CATEGORY_LABELS))
    throw invalid('FUNERAL_EXPENDITURE_CATEGORY', '请选择支出类别', 'category');
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0 || input.amountFen > 10_000_000_000)
    throw invalid('FUNERAL_EXPENDITURE_AMOUNT', '支出金额须大于 0（精确到分）', 'amountFen');
  const voucherNo = input.voucherNo.trim();
  if (!voucherNo || voucherNo.length > 40)
    throw invalid('FUNERAL_VOUCHER_REQUIRED', '请填写凭证号', 'voucherNo');
  const description = input.description.trim();
  if (!description || description.length > 200)
    throw invalid('FUNERAL_EXPENDITURE_DESCRIPTION', '请填写支出事由', 'description');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await visibleFacility(trx, actor, facilityId);
    if (f.governmentInvested !== 1)
      throw conflict('FUNERAL_NOT_GOVERNMENT_FACILITY', '只有政府投资的殡葬设施实行收支两条线、登记支出台账');
    const row = {
      id: newId(),
      facilityId: f.id,
      divisionCode: f.divisionCode,
      spentOn: input.spentOn,
      category: input.category,
      amountFen: input.amountFen,
      voucherNo,
      description,
      recordedBy: actor.username,
      recordedAt: ctx.clock.now().toISOString(),
    };
    try {
      await insertExpenditure(trx, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError('conflict', 'FUNERAL_VOUCHER_DUPLICATE', `凭证号 ${voucherNo} 已登记`, {
        field: 'voucherNo',
      });
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.expenditure.record',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: { spentOn: row.spentOn, category: row.category, amountFen: row.amountFen, voucherNo },
    });
    return { ...row, categoryLabel: EXPENDITURE_CATEGORY_LABELS[row.category] };
  });
}

/**
 * The monthly 收支 report of a government-invested facility: income (invoices issued, not voided) and
 * expenditure listed apart, each with its own total — no balance line, nothing netted.
 */
export async function incomeExpenditureReport(
  ctx: CoreContext,
  actor: Actor,
  facilityId: string,
  month: string,
) {
  authorize(actor, 'funeral:read');
  const { from, to } = monthRange(month);
  const f = await visibleFacility(ctx.db.kysely, actor, facilityId);
  const invoices = await invoicesBetween(ctx.db.kysely, f.id, from, to);
  const spent = await expendituresBetween(ctx.db.kysely, f.id, from, to);
  const byMethod = new Map<PaymentMethod, number>();
  for (const i of invoices) byMethod.set(i.method, (byMethod.get(i.method) ?? 0) + i.amountFen);
  const byCategory = new Map<ExpenditureCategory, number>();
  for (const e of spent) byCategory.set(e.category, (byCategory.get(e.category) ?? 0) + e.amountFen);
  return {
    facilityId: f.id,
    facilityName: f.name,
    governmentInvested: f.governmentInvested === 1,
    month,
    income: {
      count: invoices.length,
      totalFen: invoices.reduce((s, i) => s + i.amountFen, 0),
      byMethod: [...byMethod.entries()].map(([method, amountFen]) => ({
        method,
        methodLabel: PAYMENT_METHOD_LABELS[method],
        amountFen,
      })),
      items: invoices.map(presentInvoice),
    },
    expenditure: {
      count: spent.length,
      totalFen: spent.reduce((s, e) => s + e.amountFen, 0),
      byCategory: [...byCategory.entries()].map(([category, amountFen]) => ({
        category,
        categoryLabel: EXPENDITURE_CATEGORY_LABELS[category],
        amountFen,
      })),
      items: spent.map((e) => ({ ...e, categoryLabel: EXPENDITURE_CATEGORY_LABELS[e.category] })),
    },
  };
}

/** Every invoice the ledger's filter selects, for the Excel export (audited once as an export). */
export async function exportInvoiceLedger(
  ctx: CoreContext,
  actor: Actor,
  query: Omit<InvoiceLedgerQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<InvoiceLedgerItem>> {
  authorize(actor, 'funeral:read');
  await ctx.readAudit.record(actor, {
    action: 'funeral.invoice.export',
    targetType: 'funeral_facility',
    targetId: query.facilityId ?? 'all',
    divisionCode: actor.divisionCode,
    details: { from: query.from ?? null, to: query.to ?? null },
  });
  const filter = {
    scopePrefix: scopePrefix(actor.divisionCode),
    institutionId: actor.institutionId ?? null,
    ...(query.facilityId ? { facilityId: query.facilityId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
  };
  const sort = { field: query.sort ?? ('paidOn' as const), dir: query.order ?? ('desc' as const) };
  const db = ctx.db.kysely;
  return (async function* () {
    for (let offset = 0; ; offset += 1_000) {
      const { rows } = await searchInvoices(db, filter, sort, { offset, limit: 1_000 });
      for (const r of rows)
        yield {
          ...presentInvoice(r),
          caseId: r.caseId,
          caseNo: r.caseNo,
          decedentName: r.nameGiven,
          facilityName: r.facilityName,
        };
      if (rows.length < 1_000) return;
    }
  })();
}

/**
 * To-do: waived amounts of past months not yet claimed from the county (a facility claims monthly; the
 * current month is not due until it ends).
 */
export async function unclaimedWaiversTodo(ctx: CoreContext, actor: Actor) {
  const firstOfMonth = `${todayOf(ctx).slice(0, 7)}-01`;
  const r = await unclaimedWaivedBefore(
    ctx.db.kysely,
    { scopePrefix: scopePrefix(actor.divisionCode), institutionId: actor.institutionId ?? null },
    firstOfMonth,
  );
  if (r.n === 0) return [];
  return [
    {
      line: 'funeral',
      kind: 'funeral.claims-due',
      title: '往月惠民殡葬减免费用尚未申报结算',
      count: r.n,
      ...(r.earliest ? { dueOn: r.earliest } : {}),
      link: '/funeral/billing?tab=claims',
    },
  ];
}
