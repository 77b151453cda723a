/**
 * Departure (离站) of a rescue case: which ways of leaving a person may take today (R-RES-02, R-RES-07,
 * configuration `collectionRequiredUnderAge`, `stationConsentUnderAge`), the record of the departure in one
 * transaction with the case closed, the belongings returned against the intake register (R-RES-03,
 * R-RES-08), the cash cap (R-RES-07, `cashCapFen` / `cashCapScope`), the 自行离站声明书 (R-RES-02) and the
 * 离站与安置 ledger. Every write naming a case checks its scope first (ADR 0015).
 */
import {
  DomainError,
  maskResidentId,
  newId,
  parsePlainDate,
  parseResidentId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  DEPARTURE_SORT_FIELDS,
  RESCUE_CLOSE_KIND_LABELS,
  RESCUE_DEPARTURE_KIND_LABELS,
  RESCUE_DEPARTURE_KINDS,
  recordDepartureBody,
  type DepartureLedgerRow,
  type DepartureOptionsView,
  type DepartureView,
  type RecordDepartureBody,
  type RescueDepartureKind,
} from '@social-affairs/kernel/contracts/rescue';
import type { z } from 'zod';
import {
  authorize,
  displayNameIn,
  displayNamesOf,
  scopeFilterFor,
  systemActor,
  type Actor,
} from '../access/index';
import { citedAttachments, type AttachmentView } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database, Executor } from '../db/index';
import type { Transaction } from 'kysely';
import { withdrawApprovalInTransaction } from '../approvals/index';
import { findDocumentNumber, issueDocumentNumber, officePrefix } from '../numbering/index';
import { recordDeathInTransaction } from '../people/index';
import { ensureCaseOpen, lockedVisibleCase, visibleCase, visibleStation } from './cases.access';
import type { RescueCaseRow } from './cases.repository';
import { declarationPdf } from './departure-pdf';
import {
  belongingsOfCase,
  closeCase,
  countDepartureLedger,
  departureLedgerPage,
  departureOfCase,
  insertDeparture,
  markBelonging,
  personName,
  stationName,
  type DepartureLedgerDbRow,
  type DepartureLedgerFilter,
  type RescueDepartureRow,
} from './departure.repository';
import { ageOnDay } from './periods';
import { rescueConfig, type RescueConfig } from './rescue.config';
import { presentSettlement, settlementCheckOf } from './settlement.service';
import { decideSettlement, pendingSettlementOfCase, settlementOfCase } from './departure.repository';
import { activePlacementOfCase, endPlacementRow } from './stay.repository';
import { syncCaseFamilySearch } from './family-feed';

/** Document kind of the declaration in the station's numbering series (民救离字). */
export const DECLARATION_KIND = 'self-departure-declaration';

const SEX_LABEL = { male: '男', female: '女' } as const;

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function invalid(code: string, message: string, field: string, details: Record<string, unknown> = {}) {
  return new DomainError('invalid', code, message, { field, ...details });
}

// ---------------------------------------------------------------------------------------------------
// Which kinds a person may take (R-RES-02, R-RES-07)
// ---------------------------------------------------------------------------------------------------

export interface DepartureRules {
  age: number | null;
  /** R-RES-07: under `collectionRequiredUnderAge`, or without (or with limited) civil capacity. */
  collectionRequired: boolean;
  /** R-RES-02: a minor under `stationConsentUnderAge` (or of unknown age) leaves only with the station's consent. */
  consentRequired: boolean;
}

/**
 * The departure rules for a person on `day`. Age: from the birth date, else the estimated age at entry
 * plus the years since (`ageOnDay`). An unknown age (no birth date, no estimate) is read as a possible
 * minor: the station's consent is required (docs/rescue.md, Departure and settlement).
 */
export function departureRules(c: RescueCaseRow, day: PlainDate, cfg: RescueConfig): DepartureRules {
  const age = ageOnDay(
    { birthDate: c.birthDate, estimatedAge: c.estimatedAge, entryDate: c.entryDate as PlainDate },
    day,
  );
  const collectionRequired =
    (age !== null && age < cfg.collectionRequiredUnderAge) || c.civilCapacity !== 'full';
  const consentRequired = !collectionRequired && (age === null || age < cfg.stationConsentUnderAge);
  return { age, collectionRequired, consentRequired };
}

function blockedReason(rules: DepartureRules, cfg: RescueConfig): string {
  return rules.age !== null && rules.age < cfg.collectionRequiredUnderAge
    ? `未满${cfg.collectionRequiredUnderAge}周岁（${rules.age}岁）不能独自离站：须由亲属接领，亲属拒不接领的经站际协作护送（转送）`
    : '无民事行为能力或限制民事行为能力人不能独自离站：须由亲属接领，亲属拒不接领的经站际协作护送（转送）';
}

/** The kinds offered for this person, each allowed or blocked with the reason (R-RES-02, R-RES-07). */
export function departureKindOptions(
  rules: DepartureRules,
  cfg: RescueConfig,
): DepartureOptionsView['kinds'] {
  return RESCUE_DEPARTURE_KINDS.map((kind) => {
    const alone = kind === 'return_home' || kind === 'self_departure';
    if (alone && rules.collectionRequired) {
      return {
        kind,
        label: RESCUE_DEPARTURE_KIND_LABELS[kind],
        allowed: false,
        reason: blockedReason(rules, cfg),
        needsConsent: false,
      };
    }
    const needsConsent = alone && rules.consentRequired;
    return {
      kind,
      label: RESCUE_DEPARTURE_KIND_LABELS[kind],
      allowed: true,
      reason: needsConsent
        ? `未满${cfg.stationConsentUnderAge}周岁${rules.age === null ? '（年龄不明）' : ''}：须经救助管理站同意并登记同意人`
        : null,
      needsConsent,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Presenting
// ---------------------------------------------------------------------------------------------------

interface BelongingReturned {
  itemId: string;
  description: string;
  returned: boolean;
  reason: string | null;
}

export function presentDeparture(
  d: RescueDepartureRow,
  extra: { caseNo: string; stationName: string; personName: string | null; declarationNo: string | null },
  names: ReadonlyMap<string, string>,
): DepartureView {
  return {
    id: d.id,
    caseId: d.caseId,
    caseNo: extra.caseNo,
    stationId: d.stationId,
    stationName: extra.stationName,
    divisionCode: d.divisionCode,
    personName: extra.personName,
    kind: d.kind,
    kindLabel: RESCUE_DEPARTURE_KIND_LABELS[d.kind],
    departedOn: d.departedOn,
    destination: d.destination,
    routeKind: d.routeKind,
    transferStation: d.transferStation,
    voucherNo: d.voucherNo,
    route: d.route,
    collectorName: d.collectorName,
    collectorRelation: d.collectorRelation,
    collectorResidentIdMasked: d.collectorResidentIdMasked,
    collectorIdCopyAttachmentId: d.collectorIdCopyAttachmentId,
    escort: d.escort,
    consentBy: d.consentBy,
    consentNote: d.consentNote,
    declarationNo: extra.declarationNo,
    declarationAttachmentId: d.declarationAttachmentId,
    transferTo: d.transferTo,
    transferToName: d.transferToName,
    leftFrom: d.leftFrom,
    deathDate: d.deathDate,
    deathCause: d.deathCause,
    cashTotalFen: Number(d.cashTotalFen),
    cashPayments: JSON.parse(d.cashPayments) as DepartureView['cashPayments'],
    cashReceiptAttachmentId: d.cashReceiptAttachmentId,
    belongings: JSON.parse(d.belongings) as BelongingReturned[],
    belongingsReceiptAttachmentId: d.belongingsReceiptAttachmentId,
    belongingsSigned: Number(d.belongingsSigned) === 1,
    note: d.note,
    recordedBy: displayNameIn(names, d.recordedBy), // shown by name; the row keeps the account
    recordedAt: d.recordedAt,
  };
}

function describeItem(b: {
  item: string;
  quantity: number;
  description: string | null;
  identityDocument: number;
}) {
  const parts = [`${b.item} ×${b.quantity}`];
  if (b.description) parts.push(b.description);
  if (Number(b.identityDocument) === 1) parts.push('（身份证件，自愿保管）');
  return parts.join(' ');
}

async function declarationNumberOf(ctx: CoreContext, caseId: string): Promise<string | null> {
  return (await findDocumentNumber(ctx, 'rescue_case', caseId, DECLARATION_KIND))?.number ?? null;
}

/**
 * The 离站与安置 section of the case page: the kinds allowed today with the reasons, the cash cap, the
 * belongings still to return, the declaration's number, the departure and the settlement file. Audited
 * as a read of the person's data.
 */
export async function departureOptions(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<DepartureOptionsView> {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  const c = await visibleCase(db, actor, caseId);
  const cfg = rescueConfig(ctx);
  const day = today(ctx);
  const rules = departureRules(c, day, cfg);
  const [items, departure, settlement, station, person, declarationNo, check] = await Promise.all([
    belongingsOfCase(db, c.id),
    departureOfCase(db, c.id),
    settlementOfCase(db, c.id),
    stationName(db, c.stationId),
    personName(db, c.personId),
    declarationNumberOf(ctx, c.id),
    settlementCheckOf(ctx, db, c, day),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'rescue.departure.read',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
  });
  const extra = {
    caseNo: c.caseNo,
    stationName: station?.name ?? '',
    personName: person?.name ?? c.nameGiven,
    declarationNo,
  };
  const open = c.closedAt === null;
  const names = await displayNamesOf(ctx.db.kysely, [departure?.recordedBy, settlement?.createdBy]);
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    status: c.status,
    open,
    closeKind: c.closeKind,
    closeNote: c.closeNote,
    age: rules.age,
    civilCapacity: c.civilCapacity,
    kinds: departureKindOptions(rules, cfg),
    cashCapFen: cfg.cashCapFen,
    cashCapScope: cfg.cashCapScope,
    belongings: items
      .filter((b) => b.returnedAt === null)
      .map((b) => ({ itemId: b.id, description: describeItem(b) })),
    belongingsRegister: true,
    declarationNo,
    departure: departure ? presentDeparture(departure, extra, names) : null,
    settlement: settlement ? presentSettlement(settlement, extra, names) : null,
    settlementCheck: check,
  };
}

// ---------------------------------------------------------------------------------------------------
// Recording a departure
// ---------------------------------------------------------------------------------------------------

function parseBody(input: RecordDepartureBody) {
  const parsed = recordDepartureBody.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid('VALIDATION_FAILED', `填写有误：${issue?.message ?? ''}`, issue?.path.join('.') ?? 'body');
  }
  return parsed.data;
}

type DepartureInput = z.output<typeof recordDepartureBody>;

/** Checks the attachments a departure cites: on this case, of the right kind (422 naming the field). */
async function citedOfKind(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  id: string | null | undefined,
  kind: string,
  field: string,
): Promise<AttachmentView | null> {
  if (!id) return null;
  const [view] = await citedAttachments(ctx, actor, [id], { ownerType: 'rescue_case', ownerId: caseId });
  if (!view || view.kind !== kind) {
    throw invalid('ATTACHMENT_KIND_MISMATCH', '所附材料的类别不对：请上传相应类别的材料', field, {
      expectedKind: kind,
    });
  }
  return view;
}

/**
 * R-RES-07: the cash cap, per departure (all payments together, the default) or per payment; cash is
 * handed only to a person who leaves in person, with a signed receipt.
 */
function checkCash(input: DepartureInput, cfg: RescueConfig): number {
  const total = input.cashPayments.reduce((s, p) => s + p.amountFen, 0);
  if (total === 0) return 0;
  if (input.kind === 'death' || input.kind === 'left_without_formalities') {
    throw invalid('RESCUE_CASH_NOT_APPLICABLE', '本人未当面离站，不能登记发放现金', 'cashPayments');
  }
  const yuan = (fen: number) => `${fen / 100}元`;
  if (cfg.cashCapScope === 'per_payment') {
    const over = input.cashPayments.find((p) => p.amountFen > cfg.cashCapFen);
    if (over) {
      throw invalid(
        'RESCUE_CASH_OVER_CAP',
        `离站发放的交通费每笔不得超过${yuan(cfg.cashCapFen)}（本笔${yuan(over.amountFen)}）：原则上不发放现金，请改为乘车凭证`,
        'cashPayments',
        { capFen: cfg.cashCapFen, amountFen: over.amountFen, scope: cfg.cashCapScope },
      );
    }
  } else if (total > cfg.cashCapFen) {
    throw invalid(
      'RESCUE_CASH_OVER_CAP',
      `离站发放的短途交通费合计不得超过${yuan(cfg.cashCapFen)}（本次${yuan(total)}）：原则上不发放现金，请改为乘车凭证`,
      'cashPayments',
      { capFen: cfg.cashCapFen, amountFen: total, scope: cfg.cashCapScope },
    );
  }
  if (!input.cashReceiptAttachmentId) {
    throw invalid(
      'RESCUE_CASH_RECEIPT_REQUIRED',
      '发放现金须有受助人员签字的领款收据：请上传签字收据',
      'cashReceiptAttachmentId',
    );
  }
  return total;
}

/** The per-kind checks (R-RES-02, R-RES-07); throws 422 with the field to correct. */
function checkKind(input: DepartureInput, rules: DepartureRules, cfg: RescueConfig): void {
  const alone = input.kind === 'return_home' || input.kind === 'self_departure';
  if (alone && rules.collectionRequired) {
    throw invalid('RESCUE_DEPARTURE_NOT_ALLOWED', blockedReason(rules, cfg), 'kind', {
      age: rules.age,
      collectionRequiredUnderAge: cfg.collectionRequiredUnderAge,
    });
  }
  if (alone && rules.consentRequired && !input.consentBy) {
    throw invalid(
      'RESCUE_STATION_CONSENT_REQUIRED',
      `未满${cfg.stationConsentUnderAge}周岁的受助人员离站须经救助管理站同意：请填写同意人`,
      'consentBy',
      { age: rules.age, stationConsentUnderAge: cfg.stationConsentUnderAge },
    );
  }
  switch (input.kind) {
    case 'return_home': {
      if (!input.destination) throw invalid('RESCUE_DESTINATION_REQUIRED', '请填写返乡目的地', 'destination');
      const v = input.travelVoucher;
      if (!v) throw invalid('RESCUE_VOUCHER_REQUIRED', '返乡须登记乘车凭证（直达或中转）', 'travelVoucher');
      if (v.routeKind === 'transfer' && !v.transferStation) {
        throw invalid(
          'RESCUE_TRANSFER_STATION_REQUIRED',
          '没有直达线路的，须告知受助人员中转站：请填写中转站',
          'travelVoucher.transferStation',
        );
      }
      return;
    }
    case 'collected_by_family': {
      const c = input.collector;
      if (!c)
        throw invalid(
          'RESCUE_COLLECTOR_REQUIRED',
          '亲属接领须登记领人者的姓名、关系和身份证件号码',
          'collector',
        );
      if (!c.idCopyAttachmentId) {
        throw invalid(
          'RESCUE_COLLECTOR_ID_COPY_REQUIRED',
          '交接记录无效：须核对并复印领人者身份证件，请上传领人者身份证件复印件',
          'collector.idCopyAttachmentId',
        );
      }
      return;
    }
    case 'self_departure':
      if (!input.declarationAttachmentId) {
        throw invalid(
          'RESCUE_DECLARATION_REQUIRED',
          '自行离站须有本人签字的《自行离站声明书》：请打印声明书，签字后上传扫描件',
          'declarationAttachmentId',
        );
      }
      return;
    case 'transfer':
      if (!input.transferTo || !input.transferToName) {
        throw invalid(
          'RESCUE_TRANSFER_TARGET_REQUIRED',
          '请填写转送去向（救助管理站或机构名称）',
          'transferToName',
        );
      }
      if (rules.collectionRequired && !input.escort) {
        throw invalid(
          'RESCUE_ESCORT_REQUIRED',
          '未成年人或行为能力受限人员转送须有护送人：请填写护送人',
          'escort',
        );
      }
      return;
    case 'left_without_formalities':
      if (!input.leftFrom) {
        throw invalid('RESCUE_LEFT_FROM_REQUIRED', '请选择离开的地点（救助管理站或医院）', 'leftFrom');
      }
      if (!input.note || input.note.length < 4) {
        throw invalid(
          'RESCUE_WRITTEN_RECORD_REQUIRED',
          '未办理离站手续自行离开的，视为放弃救助，须书面记录经过：请填写情况说明',
          'note',
        );
      }
      return;
    case 'death':
      if (!input.deathDate) throw invalid('RESCUE_DEATH_DATE_REQUIRED', '请填写死亡日期', 'deathDate');
      return;
  }
}

interface BelongingsOutcome {
  returned: BelongingReturned[];
  returnedCount: number;
}

/** R-RES-03/R-RES-08: every item of the register still held is returned, or the reason why not is given. */
async function checkBelongings(
  db: Executor,
  caseId: string,
  input: DepartureInput,
): Promise<BelongingsOutcome> {
  const held = (await belongingsOfCase(db, caseId)).filter((b) => b.returnedAt === null);
  const byId = new Map(input.belongings.map((b) => [b.itemId, b]));
  for (const b of input.belongings) {
    if (!held.some((h) => h.id === b.itemId)) {
      throw invalid('RESCUE_BELONGING_UNKNOWN', '物品不在本案件的登记清单中，或已经退还', 'belongings', {
        itemId: b.itemId,
      });
    }
  }
  const missing = held.filter((h) => !byId.has(h.id));
  if (missing.length > 0) {
    throw invalid(
      'RESCUE_BELONGINGS_UNACCOUNTED',
      `登记的物品和证件须逐项退还或注明未退还原因：${missing.map((m) => m.item).join('、')}`,
      'belongings',
      { itemIds: missing.map((m) => m.id) },
    );
  }
  const returned: BelongingReturned[] = held.map((h) => {
    const b = byId.get(h.id)!;
    if (!b.returned && !b.reason) {
      throw invalid('RESCUE_BELONGING_REASON_REQUIRED', `未退还“${h.item}”须注明原因`, 'belongings', {
        itemId: h.id,
      });
    }
    return {
      itemId: h.id,
      description: describeItem(h),
      returned: b.returned,
      reason: b.returned ? null : b.reason,
    };
  });
  const returnedCount = returned.filter((r) => r.returned).length;
  if (returnedCount > 0 && !input.belongingsReceiptAttachmentId && !input.belongingsSigned) {
    throw invalid(
      'RESCUE_BELONGINGS_SIGNATURE_REQUIRED',
      '退还物品须由本人（或领人者）签收：请上传签收单，或确认已在纸质清单上签字',
      'belongingsSigned',
    );
  }
  return { returned, returnedCount };
}

function closeNoteOf(input: DepartureInput): string {
  const label = RESCUE_CLOSE_KIND_LABELS[input.kind] ?? input.kind;
  switch (input.kind) {
    case 'return_home':
      return `${label}：${input.destination ?? ''}${input.travelVoucher?.routeKind === 'transfer' ? `（经${input.travelVoucher.transferStation}中转）` : ''}`;
    case 'collected_by_family':
      return `${label}：${input.collector?.relation ?? ''}${input.collector?.name ?? ''}`;
    case 'transfer':
      return `${label}：${input.transferToName ?? ''}`;
    case 'left_without_formalities':
      return `${label}（${input.leftFrom === 'hospital' ? '自医院' : '自救助管理站'}）`;
    case 'death':
      return `${label}：${input.deathDate ?? ''}`;
    default:
      return label;
  }
}

export interface RecordedDeparture {
  departure: DepartureView;
  /** Death only: whether the death was recorded in the people index (false: the index already held it). */
  deathRecorded: boolean | null;
  deathRecordNote: string | null;
}

/**
 * How a collector's (or a family member's) resident id is kept: masked for display and a keyed HMAC for
 * comparison, never in full (the reunion's identity check stores the family member's id the same way, so
 * the handover can check the typed id against it).
 */
export function collectorIdentity(ctx: CoreContext, residentId: string): { masked: string; hmac: string } {
  return { masked: maskResidentId(residentId), hmac: ctx.keys.hmac('rescue.collector-id', residentId) };
}

/** A departure checked outside the write transaction (`prepareDeparture`), ready to be written. */
export interface PreparedDeparture {
  readonly caseId: string;
  readonly input: DepartureInput;
  readonly departedOn: PlainDate;
  readonly rules: DepartureRules;
  readonly cashTotal: number;
  readonly collectorId: { masked: string; hmac: string } | null;
  /** The case as read before the transaction (scope checked). */
  readonly seen: RescueCaseRow;
}

/**
 * The checks of `recordDeparture` that run outside the write transaction: the body, the scope (404
 * outside, ADR 0015), the dates, the kind for this person, the cash cap, the collector's resident id
 * (masked + keyed HMAC) and the cited attachments (the attachment store reads on its own connection).
 */
export async function prepareDeparture(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  body: RecordDepartureBody,
): Promise<PreparedDeparture> {
  authorize(actor, 'rescue:write');
  const input = parseBody(body);
  const cfg = rescueConfig(ctx);
  const db = ctx.db.kysely;
  const seen = await visibleCase(db, actor, caseId); // scope first: 404 outside (ADR 0015)
  ensureCaseOpen(seen);
  const day = today(ctx);
  const departedOn = input.kind === 'death' && input.deathDate ? input.deathDate : (input.departedOn ?? day);
  if (departedOn > day) throw invalid('RESCUE_DEPARTURE_IN_FUTURE', '离站日期不能晚于今天', 'departedOn');
  if (departedOn < seen.entryDate)
    throw invalid('RESCUE_DEPARTURE_BEFORE_ENTRY', '离站日期不能早于入站日期', 'departedOn');
  if (input.kind === 'death' && seen.birthDate && departedOn < seen.birthDate) {
    throw invalid('DEATH_BEFORE_BIRTH', '死亡日期不能早于出生日期', 'deathDate');
  }
  const rules = departureRules(seen, departedOn, cfg);
  checkKind(input, rules, cfg);
  const cashTotal = checkCash(input, cfg);
  let collectorId: { masked: string; hmac: string } | null = null;
  if (input.kind === 'collected_by_family' && input.collector) {
    let id: string;
    try {
      id = parseResidentId(input.collector.residentId, { today: day }).id;
    } catch (err) {
      if (err instanceof DomainError) {
        throw invalid(err.code, `领人者身份证件号码有误：${err.message}`, 'collector.residentId');
      }
      throw err;
    }
    collectorId = collectorIdentity(ctx, id);
  }
  // Attachments are checked outside the write transaction (the store reads on its own connection).
  await citedOfKind(
    ctx,
    actor,
    caseId,
    input.collector?.idCopyAttachmentId,
    'collector_id_copy',
    'collector.idCopyAttachmentId',
  );
  await citedOfKind(
    ctx,
    actor,
    caseId,
    input.declarationAttachmentId,
    'signed_declaration',
    'declarationAttachmentId',
  );
  await citedOfKind(
    ctx,
    actor,
    caseId,
    input.cashReceiptAttachmentId,
    'signed_receipt',
    'cashReceiptAttachmentId',
  );
  await citedOfKind(
    ctx,
    actor,
    caseId,
    input.belongingsReceiptAttachmentId,
    'signed_receipt',
    'belongingsReceiptAttachmentId',
  );
  return { caseId, input, departedOn, rules, cashTotal, collectorId, seen };
}

/**
 * The write of `recordDeparture` inside the caller's transaction (the reunion's handover records the
 * departure and marks the reunion handed over in one transaction): locks the case, checks it is still open
 * and the belongings against the register, inserts the departure, marks the register, ends an active
 * placement, closes the case, records a death in the people index, withdraws a settlement file under way,
 * audits and syncs the family search. A refusal throws before the caller commits: nothing is written. The
 * caller kicks `ctx.events` after its commit when `deathRecorded` is true.
 */
export async function recordDepartureInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  prepared: PreparedDeparture,
): Promise<{ row: RescueDepartureRow; deathRecorded: boolean | null; deathRecordNote: string | null }> {
  authorize(actor, 'rescue:write');
  const { caseId, input, departedOn, rules, cashTotal, collectorId } = prepared;
  const now = ctx.clock.now().toISOString();
  let deathRecorded: boolean | null = null;
  let deathRecordNote: string | null = null;
  const c = await lockedVisibleCase(trx, actor, caseId);
  ensureCaseOpen(c);
  const belongings = await checkBelongings(trx, c.id, input);
  const row: RescueDepartureRow = {
    id: newId(),
    caseId: c.id,
    stationId: c.stationId,
    divisionCode: c.divisionCode,
    kind: input.kind,
    departedOn,
    destination: input.destination,
    routeKind: input.kind === 'return_home' ? (input.travelVoucher?.routeKind ?? null) : null,
    transferStation: input.kind === 'return_home' ? (input.travelVoucher?.transferStation ?? null) : null,
    voucherNo: input.travelVoucher?.voucherNo ?? null,
    route: input.travelVoucher?.route ?? null,
    collectorName: input.kind === 'collected_by_family' ? (input.collector?.name ?? null) : null,
    collectorRelation: input.kind === 'collected_by_family' ? (input.collector?.relation ?? null) : null,
    collectorResidentIdMasked: collectorId?.masked ?? null,
    collectorResidentIdHmac: collectorId?.hmac ?? null,
    collectorPhone: input.kind === 'collected_by_family' ? (input.collector?.phone ?? null) : null,
    collectorIdCopyAttachmentId:
      input.kind === 'collected_by_family' ? (input.collector?.idCopyAttachmentId ?? null) : null,
    escort: input.escort,
    consentBy: input.consentBy,
    consentNote: input.consentNote,
    declarationAttachmentId: input.declarationAttachmentId ?? null,
    transferTo: input.kind === 'transfer' ? (input.transferTo ?? null) : null,
    transferToName: input.kind === 'transfer' ? input.transferToName : null,
    leftFrom: input.kind === 'left_without_formalities' ? (input.leftFrom ?? null) : null,
    deathDate: input.kind === 'death' ? departedOn : null,
    deathCause: input.kind === 'death' ? input.deathCause : null,
    cashTotalFen: cashTotal,
    cashPayments: JSON.stringify(
      input.cashPayments.map((p) => ({ amountFen: p.amountFen, purpose: p.purpose })),
    ),
    cashReceiptAttachmentId: cashTotal > 0 ? (input.cashReceiptAttachmentId ?? null) : null,
    belongings: JSON.stringify(belongings.returned),
    belongingsReceiptAttachmentId: input.belongingsReceiptAttachmentId ?? null,
    belongingsSigned: input.belongingsSigned ? 1 : 0,
    note: input.note,
    recordedBy: actor.username,
    recordedAt: now,
  };
  await insertDeparture(trx, row);
  for (const b of belongings.returned) {
    await markBelonging(trx, c.id, b.itemId, {
      returnedAt: b.returned ? now : null,
      returnedNote: b.returned ? `离站退还（${departedOn}）` : `未退还：${b.reason ?? ''}`,
    });
  }
  // A placed or hospitalised person's placement ends with the stay (the stay concern's table).
  let placementEnded = false;
  const placement = await activePlacementOfCase(trx, c.id);
  if (placement) {
    placementEnded = await endPlacementRow(trx, placement.id, {
      endedOn: departedOn,
      endReason: `离站：${RESCUE_DEPARTURE_KIND_LABELS[input.kind]}`,
      updatedAt: now,
    });
  }
  const closed = await closeCase(trx, c.id, {
    status: input.kind === 'death' ? 'deceased' : 'departed',
    closeKind: input.kind,
    closeNote: closeNoteOf(input),
    at: now,
  });
  if (!closed) throw new DomainError('conflict', 'RESCUE_CASE_CLOSED', '该救助案件已结束，不能再办理离站');
  if (input.kind === 'death') {
    // The station's staff hold no people:record-death; the line records the death it witnessed on
    // their behalf, in this transaction (a refusal by the people index refuses the departure).
    try {
      await recordDeathInTransaction(ctx, trx, systemActor(`rescue.departure:${actor.username}`, '000000'), {
        personId: c.personId,
        deathDate: departedOn,
        source: `救助管理站离站登记（${actor.username}）`,
        reason: input.deathCause ?? undefined,
      });
      deathRecorded = true;
    } catch (err) {
      // Already deceased in the index: refused before anything was written, the departure stands.
      if (!(err instanceof DomainError) || err.code !== 'PERSON_ALREADY_DECEASED') throw err;
      deathRecorded = false;
      deathRecordNote = '人员信息库中已登记死亡';
    }
  }
  // A settlement file under way ends with the stay (R-RES-12): its approval is withdrawn in the
  // approval engine and the file marked withdrawn, in this transaction.
  let settlementWithdrawn: string | null = null;
  const pendingSettlement = await pendingSettlementOfCase(trx, c.id);
  if (pendingSettlement) {
    const reason = `受助人员已离站（${RESCUE_DEPARTURE_KIND_LABELS[input.kind]}），落户安置申请随之撤回`;
    if (
      pendingSettlement.approvalId &&
      (pendingSettlement.approvalStatus === 'pending' || pendingSettlement.approvalStatus === 'returned')
    ) {
      await withdrawApprovalInTransaction(ctx, trx, actor, pendingSettlement.approvalId, { reason });
    }
    await decideSettlement(trx, pendingSettlement.id, {
      status: 'withdrawn',
      decidedAt: now,
      decisionReason: reason,
    });
    settlementWithdrawn = pendingSettlement.id;
  }
  await audit(ctx, trx, actor, {
    action: 'rescue.departure.record',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: {
      departureId: row.id,
      kind: input.kind,
      departedOn,
      age: rules.age,
      consentBy: input.consentBy,
      collectorResidentIdMasked: collectorId?.masked ?? null,
      cashTotalFen: cashTotal,
      belongingsReturned: belongings.returnedCount,
      belongingsNotReturned: belongings.returned.length - belongings.returnedCount,
      placementEnded,
      settlementWithdrawn,
      previousStatus: c.status,
    },
  });
  // 寻亲: the person leaves the family search with the stay (family-feed.ts).
  await syncCaseFamilySearch(ctx, trx, c.id);
  return { row, deathRecorded, deathRecordNote };
}

/**
 * Records the departure: checks the kind for this person, the attachments, the cash cap and the
 * belongings, then in one transaction inserts the departure, marks the register, closes the case
 * (departed, or deceased), ends an active placement, withdraws a settlement file under way (and its
 * approval in the approval engine), and audits. A death is recorded in the people
 * index in the same transaction (`recordDeathInTransaction`, which emits `person.deceased` for the other
 * lines): a refusal there (e.g. a death date before the birth date the index holds) refuses the whole
 * departure, nothing written. A person the index already holds as deceased is noted, not refused. The
 * case is closed by then, so the rescue line's own subscriber finds nothing to do.
 */
export async function recordDeparture(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  body: RecordDepartureBody,
): Promise<RecordedDeparture> {
  const prepared = await prepareDeparture(ctx, actor, caseId, body);
  const db = ctx.db.kysely;
  const seen = prepared.seen;
  const { row, deathRecorded, deathRecordNote } = await db
    .transaction()
    .execute((trx) => recordDepartureInTransaction(ctx, trx, actor, prepared));
  if (prepared.input.kind === 'death') ctx.events.kick();
  const [station, person, names] = await Promise.all([
    stationName(db, row.stationId),
    personName(db, seen.personId),
    displayNamesOf(db, [row.recordedBy]),
  ]);
  return {
    departure: presentDeparture(
      row,
      {
        caseNo: seen.caseNo,
        stationName: station?.name ?? '',
        personName: person?.name ?? seen.nameGiven,
        declarationNo: await declarationNumberOf(ctx, row.caseId),
      },
      names,
    ),
    deathRecorded,
    deathRecordNote,
  };
}

// ---------------------------------------------------------------------------------------------------
// 自行离站声明书 (R-RES-02)
// ---------------------------------------------------------------------------------------------------

export interface PrintedDeclaration {
  fileName: string;
  pdf: Buffer;
  number: string;
}

/**
 * The 自行离站声明书 of a case, numbered from the station's series at its first print (the same number
 * on every reprint). Refused for a person who may not leave alone (R-RES-07).
 */
export async function printSelfDepartureDeclaration(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<PrintedDeclaration> {
  authorize(actor, 'rescue:write');
  const db = ctx.db.kysely;
  const c = await visibleCase(db, actor, caseId);
  const cfg = rescueConfig(ctx);
  const day = today(ctx);
  const rules = departureRules(c, day, cfg);
  if (c.closedAt === null && rules.collectionRequired) {
    throw invalid('RESCUE_DEPARTURE_NOT_ALLOWED', blockedReason(rules, cfg), 'kind', { age: rules.age });
  }
  const departure = c.closedAt === null ? undefined : await departureOfCase(db, c.id);
  if (c.closedAt !== null && departure?.kind !== 'self_departure') {
    throw new DomainError('conflict', 'RESCUE_CASE_CLOSED', '该救助案件已结束，不能再打印自行离站声明书');
  }
  const issued = await issueDocumentNumber(ctx, actor, {
    office: {
      key: `rescue-station:${c.stationId}`,
      divisionCode: c.divisionCode,
      prefix: officePrefix(c.divisionCode, '民救离字'),
      institutionId: c.stationId,
    },
    kind: DECLARATION_KIND,
    year: Number(day.slice(0, 4)),
    ownerType: 'rescue_case',
    ownerId: c.id,
  });
  const [station, person, items] = await Promise.all([
    stationName(db, c.stationId),
    personName(db, c.personId),
    belongingsOfCase(db, c.id),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'rescue.departure.print-declaration',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: { number: issued.number },
  });
  const ageText = rules.age === null ? '不详' : `${rules.age}岁${c.birthDate ? '' : '（估计）'}`;
  const pdf = await declarationPdf({
    reference: issued.number,
    stationName: station?.name ?? '',
    caseNo: c.caseNo,
    personName: c.nameGiven ?? person?.name ?? '（姓名不详）',
    sex: SEX_LABEL[c.sex],
    age: ageText,
    entryDate: c.entryDate,
    date: departure?.departedOn ?? day,
    belongings: items.map(describeItem),
    consentLine: rules.consentRequired,
  });
  return { fileName: `自行离站声明书-${issued.number}.pdf`, pdf, number: issued.number };
}

// ---------------------------------------------------------------------------------------------------
// 离站与安置 ledger
// ---------------------------------------------------------------------------------------------------

export interface DepartureLedgerQuery {
  type?: 'departure' | 'settlement';
  kind?: RescueDepartureKind | undefined;
  stationId?: string;
  division?: string;
  from?: string;
  to?: string;
  q?: string;
  /** `field` or `-field` of DEPARTURE_SORT_FIELDS (validated by the route). */
  sort?: string;
}

function ledgerFilter(actor: Actor, q: DepartureLedgerQuery): DepartureLedgerFilter {
  return {
    scope: scopeFilterFor(actor, q.division),
    type: q.type,
    kind: q.kind,
    stationId: q.stationId,
    from: q.from ? parsePlainDate(q.from) : undefined,
    to: q.to ? parsePlainDate(q.to) : undefined,
    q: q.q?.trim() || undefined,
    sort: sortOf(q.sort),
  };
}

function sortOf(sort: string | undefined): DepartureLedgerFilter['sort'] {
  if (!sort) return undefined;
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  if (!(DEPARTURE_SORT_FIELDS as readonly string[]).includes(field)) {
    throw invalid('SORT_FIELD_INVALID', '不支持按该列排序', 'sort');
  }
  return { field: field as (typeof DEPARTURE_SORT_FIELDS)[number], desc };
}

const SETTLEMENT_LABEL = '落户安置';

function presentLedgerRow(r: DepartureLedgerDbRow, names: ReadonlyMap<string, string>): DepartureLedgerRow {
  return {
    type: r.type,
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    personName: r.personName,
    stationId: r.stationId,
    stationName: r.stationName,
    divisionCode: r.divisionCode,
    kind: r.kind,
    kindLabel:
      r.type === 'settlement'
        ? SETTLEMENT_LABEL
        : (RESCUE_DEPARTURE_KIND_LABELS[r.kind as RescueDepartureKind] ?? r.kind),
    date: r.date,
    destination: r.destination,
    cashTotalFen: Number(r.cashTotalFen),
    settlementStatus: (r.settlementStatus ?? null) as DepartureLedgerRow['settlementStatus'],
    approvalId: r.approvalId,
    recordedBy: displayNameIn(names, r.recordedBy), // 经办人 by name; the row keeps the account
  };
}

/** A page of the 离站与安置 ledger (departures and settlement files), newest first, in the actor's scope. */
export async function departureLedger(
  ctx: CoreContext,
  actor: Actor,
  q: DepartureLedgerQuery & { page: number; pageSize: number },
) {
  authorize(actor, 'rescue:read');
  const f = ledgerFilter(actor, q);
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId); // 404 outside scope
  if (f.q) {
    await ctx.readAudit.record(actor, {
      action: 'rescue.departure.search',
      targetType: 'rescue_case',
      divisionCode: q.division ?? actor.divisionCode,
      details: { byName: true },
    });
  }
  const [rows, total] = await Promise.all([
    departureLedgerPage(ctx.db.kysely, f, q.pageSize, (q.page - 1) * q.pageSize),
    countDepartureLedger(ctx.db.kysely, f),
  ]);
  const names = await displayNamesOf(
    ctx.db.kysely,
    rows.map((r) => r.recordedBy),
  );
  return { items: rows.map((r) => presentLedgerRow(r, names)), total, page: q.page, pageSize: q.pageSize };
}

/** Every row the filter selects (Excel export), after the same checks; audited. */
export async function exportDepartureLedger(
  ctx: CoreContext,
  actor: Actor,
  q: DepartureLedgerQuery,
): Promise<AsyncIterable<DepartureLedgerRow>> {
  authorize(actor, 'rescue:read');
  const f = ledgerFilter(actor, q);
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId);
  await ctx.readAudit.record(actor, {
    action: 'rescue.departure.export',
    targetType: 'rescue_case',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await departureLedgerPage(ctx.db.kysely, f, 2000, offset);
      const names = await displayNamesOf(
        ctx.db.kysely,
        rows.map((r) => r.recordedBy),
      );
      for (const r of rows) yield presentLedgerRow(r, names);
      if (rows.length < 2000) return;
    }
  })();
}
