/**
 * Payments of the two subsidies (issue 18 item 5; docs/disability.md "Payments"; ADR 0033). R-DIS-05: the
 * subsidies are paid monthly into the recipient's own account (社会化发放). This concern keeps each
 * recipient's payment account with its change history, turns a signed roster (D4) into the bank's payment
 * file in the configured layout, imports the bank's return file (paid / failed with the bank's reason),
 * re-queues what was not credited (failed, or held back for want of an account) into the county's next
 * file, and opens overpayment recoveries when a stop is recorded after months were already paid.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { DomainError, isValidResidentId, maskResidentId, newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import {
  authorize,
  ensureVisible,
  inScope,
  scopeDivisionName,
  scopePrefix,
  systemActor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database, type Executor } from '../db/index';
import type { TodoItem } from '../line';
import { documentNumberFor, officePrefix } from '../numbering/index';
import { visibleApplication } from './disability.access';
import { SUBSIDY_SHORT_LABELS, type Subsidy } from './disability.table';
import { disabilityConfig } from './disability.config';
import type { PaymentFileFormat, PaymentsConfig } from './payments.config';
import {
  accountHistory,
  closeRequeues,
  currentAccount,
  endAccount,
  fileOfRoster,
  filesOfCounty,
  findPaymentFile,
  findRecovery,
  findRoster,
  heldBackLines,
  includeRequeues,
  insertAccount,
  insertPaymentFile,
  insertRecovery,
  insertRequeues,
  linesOfRecovery,
  markRosterLinesSent,
  moveRoster,
  openRequeuesOfCounty,
  overpaidLines,
  paymentTodoCounts,
  personName,
  recoveriesOfPerson,
  rosterLinesOfPerson,
  rosterDivisions,
  sentLinesOfDivision,
  ownFileLines,
  recipientDivisionOf,
  requeuedFileLines,
  requeuesOfFile,
  resolveRecoveryRow,
  rostersInScope,
  searchRecipientAccounts,
  searchRecoveries,
  searchRequeues,
  setFileHashOnce,
  setLineStatus,
  updatePaymentFile,
  type FileLineRow,
  type OverpaidLineRow,
  type PaymentAccountRow,
  type PaymentFileRow,
  type PaymentRequeueRow,
  type RecoveryLineRow,
  type RecoveryRow,
} from './payments.repository';
import {
  BANK_FAILURE_LABELS,
  PAYMENT_ACCOUNT_KIND_LABELS,
  RECOVERY_STATUS_LABELS,
  REQUEUE_CAUSE_LABELS,
  type BankFailureCode,
  type PaymentAccountKind,
  type RecoveryStatus,
  type RequeueCause,
} from './payments.table';
import { freezePlanSettings } from './roster.repository';
import { addMonthsToMonth, monthsBetweenInclusive } from './rules';

const invalid = (code: string, message: string, field: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, { field, ...details });
const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);
const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

const nowOf = (ctx: CoreContext) => ctx.clock.now().toISOString();
const paymentsConfig = (ctx: CoreContext): PaymentsConfig => disabilityConfig(ctx).payments;

/** `6222********1234`: the first four and last four digits; shorter numbers keep only the last four. */
export function maskAccountNumber(n: string): string {
  if (n.length <= 8) return `${'*'.repeat(Math.max(0, n.length - 4))}${n.slice(-4)}`;
  return `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`;
}

/** Fen as yuan with two decimals, in integer arithmetic (`1234` → `12.34`). */
export function yuanOf(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

// ======================================================================================================
// Accounts
// ======================================================================================================

export interface PaymentAccountInput {
  kind: PaymentAccountKind;
  bankName: string;
  accountNumber: string;
  holderName: string;
  /** 代领人, when the recipient cannot hold an account. */
  agent?: { name: string; relation: string; residentId: string } | null;
  /** Why (required for a change; the first record may leave it empty). */
  reason?: string | null;
}

export interface PaymentAccountView {
  id: string;
  personId: string;
  divisionCode: string;
  kind: PaymentAccountKind;
  kindLabel: string;
  bankName: string;
  accountNumberMasked: string;
  holderName: string;
  agentName: string | null;
  agentRelation: string | null;
  agentIdMasked: string | null;
  reason: string;
  validFrom: string;
  validTo: string | null;
  createdBy: string;
  endedBy: string | null;
}

export function presentAccount(r: PaymentAccountRow): PaymentAccountView {
  return {
    id: r.id,
    personId: r.personId,
    divisionCode: r.divisionCode,
    kind: r.kind,
    kindLabel: PAYMENT_ACCOUNT_KIND_LABELS[r.kind],
    bankName: r.bankName,
    accountNumberMasked: maskAccountNumber(r.accountNumber),
    holderName: r.holderName,
    agentName: r.agentName,
    agentRelation: r.agentRelation,
    agentIdMasked: r.agentIdMasked,
    reason: r.reason,
    validFrom: r.validFrom,
    validTo: r.validTo,
    createdBy: r.createdBy,
    endedBy: r.endedBy,
  };
}

/** The recipient's division (newest entitlement), scope-checked: 404 outside scope or without any. */
async function recipientDivision(ctx: CoreContext, actor: Actor, personId: string): Promise<string> {
  const division = await recipientDivisionOf(ctx.db.kysely, personId);
  if (!division) throw notFound('补贴对象');
  ensureVisible(actor, division, '补贴对象');
  return division;
}

function cleanAccountInput(ctx: CoreContext, input: PaymentAccountInput) {
  const cfg = paymentsConfig(ctx);
  const number = input.accountNumber.replace(/[\s-]/g, '');
  const { min, max } = cfg.accountDigits;
  if (!/^\d+$/.test(number) || number.length < min || number.length > max) {
    throw invalid(
      'DISABILITY_ACCOUNT_NUMBER',
      `收款账号应为 ${min}–${max} 位数字（可含空格，不含字母）：请核对社保卡或银行卡上的卡号`,
      'accountNumber',
      { min, max },
    );
  }
  const bankName = input.bankName.trim();
  if (!bankName) throw invalid('DISABILITY_ACCOUNT_BANK', '请填写开户银行（社保卡填写合作银行）', 'bankName');
  const holderName = input.holderName.trim();
  if (!holderName) throw invalid('DISABILITY_ACCOUNT_HOLDER', '请填写账户户名', 'holderName');
  let agent: { name: string; relation: string; idMasked: string } | null = null;
  if (input.agent) {
    const name = input.agent.name.trim();
    const relation = input.agent.relation.trim();
    const id = input.agent.residentId.trim().toUpperCase();
    if (!name) throw invalid('DISABILITY_AGENT_NAME', '请填写代领人姓名', 'agent.name');
    if (!relation)
      throw invalid('DISABILITY_AGENT_RELATION', '请填写代领人与补贴对象的关系', 'agent.relation');
    if (!isValidResidentId(id)) {
      throw invalid(
        'DISABILITY_AGENT_ID',
        '代领人公民身份号码有误：请核对18位号码（含校验位）',
        'agent.residentId',
      );
    }
    // The agent's name must be the holder's when the account is the agent's own.
    agent = { name, relation, idMasked: maskResidentId(id) };
  }
  return { number, bankName, holderName, agent };
}

/**
 * Records the recipient's payment account, or changes it: the account in force is ended (never
 * overwritten) and the new one starts now; a change needs its reason. `disability:write` at the
 * recipient's township (or county). The account number never reaches the audit details.
 */
export async function recordPaymentAccount(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
  input: PaymentAccountInput,
): Promise<PaymentAccountView> {
  authorize(actor, 'disability:write');
  const divisionCode = await recipientDivision(ctx, actor, personId);
  const clean = cleanAccountInput(ctx, input);
  const reason = input.reason?.trim() ?? '';
  const at = nowOf(ctx);
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const current = await currentAccount(trx, personId);
      if (current) {
        const same =
          current.kind === input.kind &&
          current.bankName === clean.bankName &&
          current.accountNumber === clean.number &&
          current.holderName === clean.holderName &&
          (current.agentName ?? null) === (clean.agent?.name ?? null) &&
          (current.agentIdMasked ?? null) === (clean.agent?.idMasked ?? null);
        if (same) {
          throw conflict('DISABILITY_ACCOUNT_UNCHANGED', '收款账户信息没有变化，无需变更');
        }
        if (!reason) {
          throw invalid(
            'DISABILITY_ACCOUNT_CHANGE_REASON',
            '变更收款账户须写明原因（如：原卡销户、账号错误被银行退回、改由代领人领取）',
            'reason',
          );
        }
        if ((await endAccount(trx, current.id, at, actor.username)) === 0) {
          throw conflict('DISABILITY_ACCOUNT_CHANGED_MEANWHILE', '收款账户刚被他人变更，请刷新后重试');
        }
      }
      const row: PaymentAccountRow = {
        id: newId(),
        personId,
        divisionCode,
        kind: input.kind,
        bankName: clean.bankName,
        accountNumber: clean.number,
        holderName: clean.holderName,
        agentName: clean.agent?.name ?? null,
        agentRelation: clean.agent?.relation ?? null,
        agentIdMasked: clean.agent?.idMasked ?? null,
        reason: reason || '首次登记',
        validFrom: at,
        validTo: null,
        createdBy: actor.username,
        endedBy: null,
      };
      await insertAccount(trx, row);
      await audit(ctx, trx, actor, {
        action: current ? 'disability.account.change' : 'disability.account.record',
        targetType: 'disability_payment_account',
        targetId: row.id,
        divisionCode,
        subjectPersonId: personId,
        details: {
          kind: row.kind,
          bankName: row.bankName,
          agent: row.agentName !== null,
          previousAccountId: current?.id ?? null,
          reason: row.reason,
        },
      });
      return presentAccount(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('DISABILITY_ACCOUNT_CHANGED_MEANWHILE', '收款账户刚被他人变更，请刷新后重试');
    }
    throw err;
  }
}

export interface PaymentAccountsOfPerson {
  personId: string;
  current: PaymentAccountView | null;
  history: PaymentAccountView[];
}

/** A recipient's account in force and its change history (masked), read-audited. */
export async function paymentAccountsOf(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
): Promise<PaymentAccountsOfPerson> {
  authorize(actor, 'disability:read');
  const divisionCode = await recipientDivision(ctx, actor, personId);
  const rows = await accountHistory(ctx.db.kysely, personId);
  await ctx.readAudit.record(actor, {
    action: 'disability.account.read',
    targetType: 'person',
    targetId: personId,
    divisionCode,
    subjectPersonId: personId,
  });
  const views = rows.map(presentAccount);
  return { personId, current: views.find((v) => v.validTo === null) ?? null, history: views };
}

export interface AccountLedgerQuery {
  q?: string;
  missing?: boolean;
  sort?: 'name' | 'divisionCode' | 'validFrom';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface AccountLedgerItem {
  personId: string;
  name: string;
  residentIdMasked: string | null;
  divisionCode: string;
  account: {
    id: string;
    kind: PaymentAccountKind;
    kindLabel: string;
    bankName: string;
    accountNumberMasked: string;
    holderName: string;
    agentName: string | null;
    validFrom: string;
  } | null;
  changes: number;
}

function accountLedgerFilter(actor: Actor, q: AccountLedgerQuery) {
  return {
    scopePrefix: scopePrefix(actor.divisionCode),
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
    ...(q.missing ? { missing: true } : {}),
  };
}

function presentLedgerAccount(r: Awaited<ReturnType<typeof searchRecipientAccounts>>['rows'][number]) {
  return {
    personId: r.personId,
    name: r.name,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    divisionCode: r.divisionCode,
    account:
      r.accountId && r.kind && r.accountNumber
        ? {
            id: r.accountId,
            kind: r.kind,
            kindLabel: PAYMENT_ACCOUNT_KIND_LABELS[r.kind],
            bankName: r.bankName ?? '',
            accountNumberMasked: maskAccountNumber(r.accountNumber),
            holderName: r.holderName ?? '',
            agentName: r.agentName,
            validFrom: r.validFrom ?? '',
          }
        : null,
    changes: Math.max(0, r.changes - 1),
  };
}

/** 收款账户台账: recipients in scope with their account in force (or none), masked. */
export async function accountLedger(
  ctx: CoreContext,
  actor: Actor,
  q: AccountLedgerQuery,
): Promise<{ items: AccountLedgerItem[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const { total, rows } = await searchRecipientAccounts(
    ctx.db.kysely,
    accountLedgerFilter(actor, q),
    { offset: (page - 1) * pageSize, limit: pageSize },
    { field: q.sort ?? 'name', dir: q.order ?? 'asc' },
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.account.search',
    targetType: 'disability_payment_account',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { total, page, missing: q.missing ?? false },
  });
  return { items: rows.map(presentLedgerAccount), total, page, pageSize };
}

export async function exportAccountLedger(
  ctx: CoreContext,
  actor: Actor,
  q: AccountLedgerQuery,
): Promise<AsyncIterable<AccountLedgerItem>> {
  authorize(actor, 'disability:read');
  await ctx.readAudit.record(actor, {
    action: 'disability.account.export',
    targetType: 'disability_payment_account',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { missing: q.missing ?? false },
  });
  const filter = accountLedgerFilter(actor, q);
  const sort = { field: q.sort ?? ('name' as const), dir: q.order ?? ('asc' as const) };
  const db = ctx.db.kysely;
  return (async function* () {
    for (let offset = 0; ; offset += 1_000) {
      const { rows } = await searchRecipientAccounts(db, filter, { offset, limit: 1_000 }, sort);
      for (const r of rows) yield presentLedgerAccount(r);
      if (rows.length < 1_000) return;
    }
  })();
}

// ======================================================================================================
// Payment files
// ======================================================================================================

export interface PaymentFileView {
  id: string;
  rosterId: string;
  countyCode: string;
  month: string;
  fileNo: string;
  format: string;
  formatLabel: string;
  fileName: string;
  generatedAt: string;
  generatedBy: string;
  ownLines: number;
  ownFen: number;
  requeuedLines: number;
  requeuedFen: number;
  heldBackLines: number;
  heldBackFen: number;
  totalLines: number;
  totalFen: number;
  status: PaymentFileRow['status'];
  statusLabel: string;
  returnedAt: string | null;
  paidLines: number;
  paidFen: number;
  failedLines: number;
  failedFen: number;
  /** paid + failed = sent (lines and money) once the return is in. */
  reconciled: boolean;
  contentSha256: string | null;
}

function formatOf(cfg: PaymentsConfig, key: string): PaymentFileFormat {
  const f = cfg.formats.find((x) => x.key === key);
  if (!f) {
    throw conflict(
      'DISABILITY_PAYMENT_FORMAT_GONE',
      `代发文件格式“${key}”已从配置中删除，无法重新生成该文件`,
      {
        format: key,
      },
    );
  }
  return f;
}

function fileNameOf(
  format: PaymentFileFormat,
  file: Pick<PaymentFileRow, 'countyCode' | 'month' | 'fileNo'>,
) {
  return format.fileName
    .replaceAll('{county}', file.countyCode)
    .replaceAll('{month}', file.month)
    .replaceAll('{fileNo}', file.fileNo);
}

export function presentPaymentFile(ctx: CoreContext, r: PaymentFileRow): PaymentFileView {
  const cfg = paymentsConfig(ctx);
  const format = cfg.formats.find((x) => x.key === r.format);
  const totalLines = r.ownLines + r.requeuedLines;
  const totalFen = r.ownFen + r.requeuedFen;
  return {
    id: r.id,
    rosterId: r.rosterId,
    countyCode: r.countyCode,
    month: r.month,
    fileNo: r.fileNo,
    format: r.format,
    formatLabel: format?.label ?? r.format,
    fileName: format ? fileNameOf(format, r) : `${r.fileNo}.txt`,
    generatedAt: r.generatedAt,
    generatedBy: r.generatedBy,
    ownLines: r.ownLines,
    ownFen: r.ownFen,
    requeuedLines: r.requeuedLines,
    requeuedFen: r.requeuedFen,
    heldBackLines: r.heldBackLines,
    heldBackFen: r.heldBackFen,
    totalLines,
    totalFen,
    status: r.status,
    statusLabel: r.status === 'issued' ? '已交银行，待回盘' : '已回盘对账',
    returnedAt: r.returnedAt,
    paidLines: r.paidLines,
    paidFen: r.paidFen,
    failedLines: r.failedLines,
    failedFen: r.failedFen,
    reconciled:
      r.status === 'returned' &&
      r.paidLines + r.failedLines === totalLines &&
      r.paidFen + r.failedFen === totalFen,
    contentSha256: r.contentSha256,
  };
}

async function visibleRoster(ctx: CoreContext, actor: Actor, rosterId: string) {
  const roster = await findRoster(ctx.db.kysely, rosterId);
  if (!roster || !inScope(actor, roster.countyCode)) throw notFound('发放名册');
  return roster;
}

async function visiblePaymentFile(ctx: CoreContext, actor: Actor, fileId: string) {
  const file = await findPaymentFile(ctx.db.kysely, fileId);
  if (!file || !inScope(actor, file.countyCode)) throw notFound('代发文件');
  return file;
}

/**
 * Issues the payment file of a signed roster (the county's clerk, `disability:write`): lines with an
 * amount and an account in force are sent; lines with an amount and no account are held back (queued,
 * listed for the township); earlier credits owed in the county whose person now has an account are
 * re-queued into this file (those whose entitlement no longer covers their month are cancelled). The
 * file is numbered, the roster moves to `file_issued`. Only a `signed` roster: anything else is a 409.
 */
export async function issuePaymentFile(
  ctx: CoreContext,
  actor: Actor,
  rosterId: string,
  opts: { format?: string } = {},
): Promise<PaymentFileView> {
  authorize(actor, 'disability:write');
  const roster = await visibleRoster(ctx, actor, rosterId);
  const cfg = paymentsConfig(ctx);
  const formatKey = opts.format ?? cfg.fileFormat;
  if (!cfg.formats.some((f) => f.key === formatKey)) {
    throw invalid('DISABILITY_PAYMENT_FORMAT', `没有名为“${formatKey}”的代发文件格式`, 'format', {
      formats: cfg.formats.map((f) => f.key),
    });
  }
  const at = nowOf(ctx);
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    // PostgreSQL: the freeze's planner settings (ADR 0033, "PostgreSQL figures"): the held-back read and
    // the `sent` marking probe a county's accounts by person instead of hashing the province's.
    await freezePlanSettings(trx, ctx.db.dialect);
    if ((await moveRoster(trx, roster.id, 'signed', 'file_issued', at)) === 0) {
      const now = await findRoster(trx, roster.id);
      throw conflict(
        'DISABILITY_ROSTER_NOT_SIGNED',
        now?.status === 'file_issued' || now?.status === 'closed'
          ? '该月名册已生成代发文件，请直接下载'
          : '名册尚未签批：签批后才能生成代发文件',
        { status: now?.status ?? null },
      );
    }
    const fileId = newId();
    // Earlier credits owed in the county: those with an account now go into this file.
    const queued = await openRequeuesOfCounty(trx, roster.countyCode, at);
    const cancelled = queued.filter(
      (q) => q.toMonth !== null && q.entStatus === 'stopped' && q.month > q.toMonth,
    );
    const included = queued.filter((q) => q.hasAccount === 1 && !cancelled.includes(q));
    await closeRequeues(
      trx,
      cancelled.map((q) => q.id),
      'cancelled',
      at,
    );
    await setLineStatus(
      trx,
      cancelled.map((q) => q.rosterLineId),
      'none',
    );
    // This roster's lines without an account: held back.
    const held = await heldBackLines(trx, roster.id, at);
    const own = await markRosterLinesSent(trx, roster.id, at);
    // One series per printed prefix, kept at the province: counties whose names start with the same
    // character share it, so a printed file number never repeats (the file table holds it unique).
    const prefix = officePrefix(roster.countyCode, cfg.fileNumberWord);
    const province = `${roster.countyCode.slice(0, 2)}0000`;
    const number = await documentNumberFor(ctx, trx, systemActor('代发文件编号', province), {
      office: { key: `disability-payment-file:${prefix}`, divisionCode: province, prefix },
      kind: 'disability.payment-file',
      year: Number(roster.month.slice(0, 4)),
      ownerType: 'disability_roster',
      ownerId: roster.id,
    });
    const file: PaymentFileRow = {
      id: fileId,
      rosterId: roster.id,
      countyCode: roster.countyCode,
      month: roster.month,
      fileNo: number.number,
      format: formatKey,
      generatedAt: at,
      generatedBy: actor.username,
      ownLines: own.lines,
      ownFen: own.fen,
      requeuedLines: included.length,
      requeuedFen: included.reduce((s, q) => s + q.amountFen, 0),
      heldBackLines: held.length,
      heldBackFen: held.reduce((s, l) => s + l.amountFen, 0),
      contentSha256: null,
      status: 'issued',
      returnedAt: null,
      returnedBy: null,
      paidLines: 0,
      paidFen: 0,
      failedLines: 0,
      failedFen: 0,
      version: 1,
    };
    await insertPaymentFile(trx, file);
    await includeRequeues(
      trx,
      included.map((q) => q.id),
      fileId,
    );
    await setLineStatus(
      trx,
      included.map((q) => q.rosterLineId),
      'requeued',
    );
    await insertRequeues(
      trx,
      held.map((l) => ({
        id: newId(),
        rosterLineId: l.id,
        countyCode: roster.countyCode,
        divisionCode: l.divisionCode,
        personId: l.personId,
        month: roster.month,
        amountFen: l.amountFen,
        cause: 'held_back' as const,
        failureCode: null,
        reason: '生成代发文件时无有效收款账户',
        fromFileId: null,
        queuedAt: at,
        includedFileId: null,
        outcome: null,
        closedAt: null,
      })),
    );
    await audit(ctx, trx, actor, {
      action: 'disability.payment-file.issue',
      targetType: 'disability_roster',
      targetId: roster.id,
      divisionCode: roster.countyCode,
      details: {
        fileNo: file.fileNo,
        month: file.month,
        format: formatKey,
        lines: file.ownLines + file.requeuedLines,
        totalFen: file.ownFen + file.requeuedFen,
        requeued: file.requeuedLines,
        heldBack: file.heldBackLines,
        cancelled: cancelled.length,
      },
    });
    return file;
  });
  return presentPaymentFile(ctx, row);
}

function fieldValue(
  field: PaymentFileFormat['columns'][number]['field'],
  format: PaymentFileFormat,
  line: FileLineRow,
  seq: number,
  file: PaymentFileRow,
): string {
  switch (field) {
    case 'seq':
      return String(seq);
    case 'reference':
      return line.id;
    case 'accountNumber':
      return line.accountNumber;
    case 'holderName':
      return line.holderName;
    case 'accountKind':
      return PAYMENT_ACCOUNT_KIND_LABELS[line.kind];
    case 'bankName':
      return line.bankName;
    case 'amount':
      return format.amountUnit === 'yuan' ? yuanOf(line.amountFen) : String(line.amountFen);
    case 'month':
      return line.month;
    case 'subsidy':
      return SUBSIDY_SHORT_LABELS[line.subsidy as Subsidy] ?? line.subsidy;
    case 'divisionCode':
      return line.divisionCode;
    case 'memo':
      return `${line.month}${SUBSIDY_SHORT_LABELS[line.subsidy as Subsidy] ?? '残疾人补贴'}${line.month === file.month ? '' : '（补发）'}`;
  }
}

function cell(value: string, delimiter: string): string {
  if (delimiter === ',') {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }
  return value.replaceAll(delimiter, ' ').replace(/[\r\n]/g, ' ');
}

/** Ends a planned read whose consumer stopped early (rolls its transaction back); never surfaces. */
const STOPPED = new Error('payment file read stopped by its consumer');

/**
 * The pages of `read`, on PostgreSQL read in one read-only transaction with the freeze's planner settings
 * (SET LOCAL needs a transaction): each township's page then probes the accounts by person instead of
 * hashing the province's accounts once per township (ADR 0033, "PostgreSQL figures"). At most one page
 * is read ahead of the consumer; a consumer that stops early ends the transaction. SQLite: `read` as is
 * (its one connection must not be held by a slow download).
 */
async function* plannedReads<T>(
  ctx: CoreContext,
  read: (db: Executor) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  if (ctx.db.dialect !== 'postgres') {
    yield* read(ctx.db.kysely);
    return;
  }
  const ready: T[] = [];
  let done = false;
  let failure: Error | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  const producer = ctx.db.kysely
    .transaction()
    .execute(async (trx) => {
      await freezePlanSettings(trx, ctx.db.dialect);
      for await (const page of read(trx)) {
        if (stopped) throw STOPPED;
        ready.push(page);
        wake?.();
        if (ready.length > 1) await new Promise<void>((r) => (resume = r));
        if (stopped) throw STOPPED;
      }
    })
    .then(
      () => undefined,
      (err: unknown) => {
        if (err !== STOPPED) failure = err instanceof Error ? err : new Error(String(err));
      },
    )
    .finally(() => {
      done = true;
      wake?.();
    });
  try {
    for (;;) {
      if (ready.length > 0) {
        const page = ready.shift()!;
        resume?.();
        resume = undefined;
        yield page;
        continue;
      }
      if (done) break;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
    if (failure !== undefined) throw failure;
  } finally {
    stopped = true;
    resume?.();
    await producer;
  }
}

/** The file's text, chunk by chunk (a page of lines at a time): titles, totals, lines, in the configured layout. */
export async function* paymentFileChunks(ctx: CoreContext, file: PaymentFileRow): AsyncGenerator<string> {
  const format = formatOf(paymentsConfig(ctx), file.format);
  const d = format.delimiter;
  const nl = format.lineEnding;
  const row = (cells: string[]) => cells.map((c) => cell(c, d)).join(d) + nl;
  const count = file.ownLines + file.requeuedLines;
  const total = file.ownFen + file.requeuedFen;
  const amount = format.amountUnit === 'yuan' ? yuanOf(total) : String(total);
  let head = format.encoding === 'utf-8-bom' ? '\uFEFF' : '';
  if (format.totals === 'header') {
    head += row(['H', file.fileNo, file.countyCode, file.month, String(count), amount]);
  }
  if (format.titleLine) head += row(format.columns.map((c) => c.title));
  yield head;
  let seq = 0;
  const lines = (page: FileLineRow[]) =>
    page.map((l) => row(format.columns.map((c) => fieldValue(c.field, format, l, ++seq, file)))).join('');
  yield* plannedReads(ctx, async function* (db) {
    for (const division of await rosterDivisions(db, file.rosterId)) {
      const page = await ownFileLines(db, file, division);
      if (page.length > 0) yield lines(page);
    }
    const requeued = await requeuedFileLines(db, file);
    if (requeued.length > 0) yield lines(requeued);
  });
  if (format.totals === 'trailer') {
    const cells = format.columns.map(() => '');
    cells[0] = '合计';
    const amountAt = format.columns.findIndex((c) => c.field === 'amount');
    if (format.columns.length > 1) cells[1] = `${count}笔`;
    if (amountAt > 1) cells[amountAt] = amount;
    yield row(cells);
  }
}

export interface PaymentFileDownload {
  file: PaymentFileView;
  fileName: string;
  contentType: string;
}

/**
 * Writes a roster's payment file to `out`, streaming (the bench writes 1.5 M lines): issues it first when
 * the roster is `signed`, else writes the issued file again (the same bytes: accounts are history rows,
 * the file reads those in force at its generation instant). The first write records the SHA-256.
 */
export async function writePaymentFile(
  ctx: CoreContext,
  actor: Actor,
  rosterId: string,
  out: Writable,
  opts: { format?: string } = {},
): Promise<PaymentFileDownload & { sha256: string; matches: boolean }> {
  authorize(actor, 'disability:read');
  const roster = await visibleRoster(ctx, actor, rosterId);
  let file = await fileOfRoster(ctx.db.kysely, roster.id);
  if (!file) {
    await issuePaymentFile(ctx, actor, roster.id, opts);
    file = (await fileOfRoster(ctx.db.kysely, roster.id))!;
  }
  const hash = createHash('sha256');
  await ctx.readAudit.record(actor, {
    action: 'disability.payment-file.download',
    targetType: 'disability_roster',
    targetId: roster.id,
    divisionCode: roster.countyCode,
    details: { fileNo: file.fileNo },
  });
  for await (const chunk of paymentFileChunks(ctx, file)) {
    const bytes = Buffer.from(chunk, 'utf8');
    hash.update(bytes);
    if (!out.write(bytes)) await once(out, 'drain');
  }
  const sha256 = hash.digest('hex');
  const matches = file.contentSha256 === null || file.contentSha256 === sha256;
  if (file.contentSha256 === null) await setFileHashOnce(ctx.db.kysely, file.id, sha256);
  const view = presentPaymentFile(ctx, { ...file, contentSha256: file.contentSha256 ?? sha256 });
  return { file: view, fileName: view.fileName, contentType: 'text/plain; charset=utf-8', sha256, matches };
}

/** The download of an issued file as a stream (for the HTTP reply); scope and audit checked first. */
export async function paymentFileStream(
  ctx: CoreContext,
  actor: Actor,
  fileId: string,
): Promise<PaymentFileDownload & { body: Readable }> {
  authorize(actor, 'disability:read');
  const file = await visiblePaymentFile(ctx, actor, fileId);
  formatOf(paymentsConfig(ctx), file.format);
  await ctx.readAudit.record(actor, {
    action: 'disability.payment-file.download',
    targetType: 'disability_roster',
    targetId: file.rosterId,
    divisionCode: file.countyCode,
    details: { fileNo: file.fileNo },
  });
  const view = presentPaymentFile(ctx, file);
  const body = Readable.from(
    (async function* () {
      for await (const chunk of paymentFileChunks(ctx, file)) yield Buffer.from(chunk, 'utf8');
    })(),
  );
  return { file: view, fileName: view.fileName, contentType: 'text/plain; charset=utf-8', body };
}

export interface RosterPaymentItem {
  rosterId: string;
  countyCode: string;
  countyName: string;
  month: string;
  rosterStatus: string;
  recipients: number;
  totalFen: number;
  file: PaymentFileView | null;
  /** What to do next (Chinese). */
  next: string;
}

/** Rosters in scope with their payment file and reconciliation: the 代发文件 tab. */
export async function rosterPayments(ctx: CoreContext, actor: Actor): Promise<RosterPaymentItem[]> {
  // The formats offered when issuing are in `paymentFormats`.
  authorize(actor, 'disability:read');
  const prefix = scopePrefix(actor.divisionCode);
  const rosters = await rostersInScope(ctx.db.kysely, prefix, 60);
  const files = new Map(
    (await filesOfCounty(ctx.db.kysely, prefix, 60)).map((f) => [f.rosterId, presentPaymentFile(ctx, f)]),
  );
  return rosters
    .filter((r) => inScope(actor, r.countyCode) || r.countyCode.startsWith(prefix))
    .map((r) => {
      const file = files.get(r.id) ?? null;
      const next =
        r.status === 'frozen'
          ? '名册待签批'
          : r.status === 'signed'
            ? '生成代发文件并交银行'
            : file && file.status === 'issued'
              ? '等待银行回盘，导入回盘文件对账'
              : file && file.failedLines > 0
                ? `已对账：${file.failedLines} 笔失败已转入失败重发`
                : '已对账结清';
      return {
        rosterId: r.id,
        countyCode: r.countyCode,
        countyName: scopeDivisionName(r.countyCode),
        month: r.month,
        rosterStatus: r.status,
        recipients: r.recipients,
        totalFen: r.totalFen,
        file,
        next,
      };
    });
}

/** The configured payment file layouts and the one in use. */
export function paymentFormats(
  ctx: CoreContext,
  actor: Actor,
): { current: string; formats: { key: string; label: string }[] } {
  authorize(actor, 'disability:read');
  const cfg = paymentsConfig(ctx);
  return { current: cfg.fileFormat, formats: cfg.formats.map((f) => ({ key: f.key, label: f.label })) };
}

// ======================================================================================================
// Return file
// ======================================================================================================

/** Classifies the bank's words into a failure code (the words are kept as they are). */
export function bankFailureCodeOf(reason: string): BankFailureCode {
  if (/销户|注销|已关闭|closed/i.test(reason)) return 'account_closed';
  if (/户名|姓名|name/i.test(reason)) return 'name_mismatch';
  if (/冻结|止付|挂失|frozen/i.test(reason)) return 'frozen';
  if (/账号|卡号|账户不存在|无此账|account/i.test(reason)) return 'wrong_account';
  return 'other';
}

function decodeReturnFile(content: string | Uint8Array): string {
  if (typeof content === 'string') return content.replace(/^\uFEFF/, '');
  const utf8 = new TextDecoder('utf-8').decode(content);
  if (!utf8.includes('\uFFFD')) return utf8.replace(/^\uFEFF/, '');
  // Banks often send GBK: Node decodes it (no encoder is needed for reading).
  return new TextDecoder('gbk').decode(content);
}

export interface ReturnRowProblem {
  row: number;
  reference: string | null;
  message: string;
}

export interface ReturnImportResult {
  file: PaymentFileView;
  paid: number;
  paidFen: number;
  failed: number;
  failedFen: number;
  requeued: number;
}

/**
 * Imports the bank's return file for an issued payment file (`disability:write`, the county). Every line
 * sent must come back exactly once, as paid or failed, and no unknown reference may appear — otherwise
 * the import is refused (422 with the row problems) and nothing changes: paid + failed = sent. Paid lines
 * become `paid`; failed ones `failed` and are queued for the next file (after the account is corrected);
 * re-queued lines of earlier months close their queue row. The roster is then closed, and paid lines of
 * entitlements already stopped before their month open overpayment recoveries.
 */
export async function importPaymentReturn(
  ctx: CoreContext,
  actor: Actor,
  fileId: string,
  input: { content: string | Uint8Array; fileName?: string },
): Promise<ReturnImportResult> {
  authorize(actor, 'disability:write');
  const file = await visiblePaymentFile(ctx, actor, fileId);
  if (file.status !== 'issued') {
    throw conflict('DISABILITY_RETURN_ALREADY_IMPORTED', '该代发文件的回盘已导入对账，不能重复导入');
  }
  const cfg = paymentsConfig(ctx).returnFormat;
  const text = decodeReturnFile(input.content);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = ['|', '\t', ','].find((d) => firstLine.includes(d)) ?? ',';
  let records: string[][];
  try {
    const parsed: unknown = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      relax_quotes: true,
    });
    records = parsed as string[][];
  } catch {
    throw invalid('DISABILITY_RETURN_UNREADABLE', '回盘文件无法读取：请上传银行返回的 CSV/文本文件', 'file');
  }
  const titles = records[0] ?? [];
  const col = (title: string) => titles.findIndex((t) => t.replace(/^\uFEFF/, '') === title);
  const refAt = col(cfg.referenceTitle);
  const resultAt = col(cfg.resultTitle);
  const reasonAt = col(cfg.reasonTitle);
  if (refAt < 0 || resultAt < 0) {
    throw invalid(
      'DISABILITY_RETURN_COLUMNS',
      `回盘文件缺少“${cfg.referenceTitle}”或“${cfg.resultTitle}”列：请确认是本系统代发文件对应的银行回盘`,
      'file',
      { expected: [cfg.referenceTitle, cfg.resultTitle, cfg.reasonTitle] },
    );
  }
  const at = nowOf(ctx);
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const fresh = await findPaymentFile(trx, file.id);
    if (!fresh || fresh.status !== 'issued') {
      throw conflict('DISABILITY_RETURN_ALREADY_IMPORTED', '该代发文件的回盘已导入对账，不能重复导入');
    }
    await updatePaymentFile(trx, file.id, {});
    // What was sent: this roster's lines marked sent, and the queue rows included in this file.
    const own = new Map<string, { amountFen: number; personId: string; divisionCode: string }>();
    for (const division of await rosterDivisions(trx, file.rosterId)) {
      for (const l of await sentLinesOfDivision(trx, file.rosterId, division)) own.set(l.id, l);
    }
    const queued = new Map((await requeuesOfFile(trx, file.id)).map((q) => [q.rosterLineId, q]));
    const seen = new Map<string, { ok: boolean; reason: string }>();
    const problems: ReturnRowProblem[] = [];
    records.slice(1).forEach((rec, i) => {
      const reference = (rec[refAt] ?? '').trim();
      if (!reference || reference.startsWith('合计') || reference === 'H' || reference === 'T') return;
      const rowNo = i + 2;
      if (!own.has(reference) && !queued.has(reference)) {
        problems.push({ row: rowNo, reference, message: '业务流水号不在本代发文件中' });
        return;
      }
      if (seen.has(reference)) {
        problems.push({ row: rowNo, reference, message: '同一笔在回盘文件中出现两次' });
        return;
      }
      const value = (rec[resultAt] ?? '').trim();
      const ok = cfg.successValues.includes(value);
      const reason = reasonAt >= 0 ? (rec[reasonAt] ?? '').trim() : '';
      seen.set(reference, { ok, reason: ok ? '' : reason || value || '银行未说明原因' });
    });
    const missing = [...own.keys(), ...queued.keys()].filter((k) => !seen.has(k));
    if (problems.length > 0 || missing.length > 0) {
      throw new DomainError(
        'invalid',
        'DISABILITY_RETURN_MISMATCH',
        `回盘文件与代发文件对不上：${problems.length} 行有误，${missing.length} 笔未返回结果。请向银行索取完整回盘后重新导入（本次未做任何变更）`,
        { field: 'file', problems: problems.slice(0, 50), missing: missing.length },
      );
    }
    const paidIds: string[] = [];
    const failedIds: string[] = [];
    const closePaid: string[] = [];
    const closeFailed: string[] = [];
    const requeues: PaymentRequeueRow[] = [];
    let paidFen = 0;
    let failedFen = 0;
    for (const [reference, r] of seen) {
      const o = own.get(reference);
      const q = queued.get(reference);
      const amountFen = o?.amountFen ?? q!.amountFen;
      if (r.ok) {
        paidIds.push(reference);
        paidFen += amountFen;
        if (q) closePaid.push(q.id);
      } else {
        failedIds.push(reference);
        failedFen += amountFen;
        if (q) closeFailed.push(q.id);
        requeues.push({
          id: newId(),
          rosterLineId: reference,
          countyCode: file.countyCode,
          divisionCode: o?.divisionCode ?? q!.divisionCode,
          personId: o?.personId ?? q!.personId,
          month: q?.month ?? file.month,
          amountFen,
          cause: 'failed',
          failureCode: bankFailureCodeOf(r.reason),
          reason: r.reason.slice(0, 200),
          fromFileId: file.id,
          queuedAt: at,
          includedFileId: null,
          outcome: null,
          closedAt: null,
        });
      }
    }
    await setLineStatus(trx, paidIds, 'paid');
    await setLineStatus(trx, failedIds, 'failed');
    await closeRequeues(trx, closePaid, 'paid', at);
    await closeRequeues(trx, closeFailed, 'failed', at);
    await insertRequeues(trx, requeues);
    await updatePaymentFile(trx, file.id, {
      status: 'returned',
      returnedAt: at,
      returnedBy: actor.username,
      paidLines: paidIds.length,
      paidFen,
      failedLines: failedIds.length,
      failedFen,
    });
    await moveRoster(trx, file.rosterId, 'file_issued', 'closed', at);
    await audit(ctx, trx, actor, {
      action: 'disability.payment-return.import',
      targetType: 'disability_roster',
      targetId: file.rosterId,
      divisionCode: file.countyCode,
      details: {
        fileNo: file.fileNo,
        fileName: input.fileName ?? null,
        paid: paidIds.length,
        paidFen,
        failed: failedIds.length,
        failedFen,
      },
    });
    await openOverpaymentRecoveries(ctx, trx, actor, { scopePrefix: file.countyCode });
    return { paid: paidIds.length, paidFen, failed: failedIds.length, failedFen, requeued: requeues.length };
  });
  const after = (await findPaymentFile(ctx.db.kysely, file.id))!;
  return { file: presentPaymentFile(ctx, after), ...result };
}

// ======================================================================================================
// Re-queue (失败重发) and arrears owed
// ======================================================================================================

export interface RequeueQuery {
  state?: 'open' | 'closed' | 'all';
  cause?: RequeueCause;
  q?: string;
  sort?: 'queuedAt' | 'month' | 'amountFen';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface RequeueItem {
  id: string;
  personId: string;
  name: string;
  divisionCode: string;
  subsidy: string;
  subsidyLabel: string;
  month: string;
  amountFen: number;
  cause: RequeueCause;
  causeLabel: string;
  failureCode: BankFailureCode | null;
  failureLabel: string | null;
  reason: string | null;
  queuedAt: string;
  hasAccount: boolean;
  includedFileId: string | null;
  outcome: string | null;
  /** What to do next (Chinese). */
  next: string;
}

function presentRequeue(r: Awaited<ReturnType<typeof searchRequeues>>['rows'][number]): RequeueItem {
  const next =
    r.outcome === 'paid'
      ? '已补发到账'
      : r.outcome === 'cancelled'
        ? '补贴已停发，该月不再补发'
        : r.outcome === 'failed'
          ? '再次失败，已重新排队'
          : r.includedFileId
            ? '已编入代发文件，等待回盘'
            : r.hasAccount && r.cause === 'failed'
              ? '如账户已核实更正，将随下月代发文件重发；否则请变更收款账户'
              : r.hasAccount
                ? '将随下月代发文件补发'
                : '请乡镇（街道）登记收款账户';
  return {
    id: r.id,
    personId: r.personId,
    name: r.name,
    divisionCode: r.divisionCode,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_SHORT_LABELS[r.subsidy as Subsidy] ?? r.subsidy,
    month: r.month,
    amountFen: r.amountFen,
    cause: r.cause,
    causeLabel: REQUEUE_CAUSE_LABELS[r.cause],
    failureCode: r.failureCode,
    failureLabel: r.failureCode ? BANK_FAILURE_LABELS[r.failureCode] : null,
    reason: r.reason,
    queuedAt: r.queuedAt,
    hasAccount: r.hasAccount === 1,
    includedFileId: r.includedFileId,
    outcome: r.outcome,
    next,
  };
}

function requeueFilter(actor: Actor, q: RequeueQuery) {
  return {
    scopePrefix: scopePrefix(actor.divisionCode),
    state: q.state ?? ('open' as const),
    ...(q.cause ? { cause: q.cause } : {}),
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
  };
}

/** 失败重发 / arrears owed: credits failed at the bank or held back, until paid. */
export async function requeueLedger(
  ctx: CoreContext,
  actor: Actor,
  q: RequeueQuery,
): Promise<{ items: RequeueItem[]; total: number; totalFen: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const r = await searchRequeues(
    ctx.db.kysely,
    requeueFilter(actor, q),
    { offset: (page - 1) * pageSize, limit: pageSize },
    { field: q.sort ?? 'queuedAt', dir: q.order ?? 'desc' },
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.requeue.search',
    targetType: 'disability_roster',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { total: r.total, page },
  });
  return { items: r.rows.map(presentRequeue), total: r.total, totalFen: r.totalFen, page, pageSize };
}

export async function exportRequeueLedger(
  ctx: CoreContext,
  actor: Actor,
  q: RequeueQuery,
): Promise<AsyncIterable<RequeueItem>> {
  authorize(actor, 'disability:read');
  await ctx.readAudit.record(actor, {
    action: 'disability.requeue.export',
    targetType: 'disability_roster',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { state: q.state ?? 'open' },
  });
  const filter = requeueFilter(actor, q);
  const sort = { field: q.sort ?? ('queuedAt' as const), dir: q.order ?? ('desc' as const) };
  const db = ctx.db.kysely;
  return (async function* () {
    for (let offset = 0; ; offset += 1_000) {
      const { rows } = await searchRequeues(db, filter, { offset, limit: 1_000 }, sort);
      for (const r of rows) yield presentRequeue(r);
      if (rows.length < 1_000) return;
    }
  })();
}

// ======================================================================================================
// Overpayment recovery (多发追缴)
// ======================================================================================================

/** The months of a paid line after the last payable month, and their amount. */
export function overpaidPart(
  line: Pick<OverpaidLineRow, 'month' | 'monthsCovered' | 'monthlyFen' | 'amountFen' | 'toMonth'>,
): {
  firstMonth: string;
  months: number;
  amountFen: number;
} {
  const covered = Math.max(1, line.monthsCovered);
  const start = addMonthsToMonth(line.month, -(covered - 1));
  const afterStop = addMonthsToMonth(line.toMonth, 1);
  const firstMonth = start > afterStop ? start : afterStop;
  const months = Math.min(covered, monthsBetweenInclusive(firstMonth, line.month));
  const amountFen = months === covered ? line.amountFen : Math.min(line.amountFen, months * line.monthlyFen);
  return { firstMonth, months, amountFen };
}

/**
 * Opens one recovery per entitlement for paid roster lines of months after the entitlement's last payable
 * month (a stop recorded after those months were paid: R-DIS-07, the month after the event is not payable)
 * that no recovery covers yet. Inside the caller's transaction; returns the recoveries opened.
 */
export async function openOverpaymentRecoveries(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  f: { entitlementId?: string; scopePrefix?: string },
): Promise<RecoveryRow[]> {
  const lines = await overpaidLines(trx, f);
  const byEntitlement = new Map<string, OverpaidLineRow[]>();
  for (const l of lines)
    byEntitlement.set(l.entitlementId, [...(byEntitlement.get(l.entitlementId) ?? []), l]);
  const at = nowOf(ctx);
  const opened: RecoveryRow[] = [];
  for (const [entitlementId, ls] of byEntitlement) {
    const parts = ls
      .map((l) => ({ line: l, ...overpaidPart(l) }))
      .filter((p) => p.months > 0 && p.amountFen > 0);
    if (parts.length === 0) continue;
    const first = ls[0]!;
    const row: RecoveryRow = {
      id: newId(),
      entitlementId,
      personId: first.personId,
      subsidy: first.subsidy,
      divisionCode: first.divisionCode,
      countyCode: first.countyCode,
      lastPayableMonth: first.toMonth,
      stopReason: first.stopReason,
      stopEventDate: first.stopEventDate,
      firstMonth: parts.map((p) => p.firstMonth).sort()[0]!,
      lastMonth: parts
        .map((p) => p.line.month)
        .sort()
        .at(-1)!,
      months: parts.reduce((s, p) => s + p.months, 0),
      amountFen: parts.reduce((s, p) => s + p.amountFen, 0),
      status: 'open',
      resolution: null,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: at,
      version: 1,
    };
    const recLines: RecoveryLineRow[] = parts.map((p) => ({
      rosterLineId: p.line.lineId,
      recoveryId: row.id,
      month: p.line.month,
      months: p.months,
      amountFen: p.amountFen,
    }));
    await insertRecovery(trx, row, recLines);
    await audit(ctx, trx, actor, {
      action: 'disability.recovery.open',
      targetType: 'disability_entitlement',
      targetId: entitlementId,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: {
        recoveryId: row.id,
        firstMonth: row.firstMonth,
        lastMonth: row.lastMonth,
        months: row.months,
        amountFen: row.amountFen,
        stopReason: row.stopReason,
      },
    });
    opened.push(row);
  }
  return opened;
}

/** Looks for overpayments in the actor's scope now (the county's clerk, after a late stop). */
export async function scanOverpayments(
  ctx: CoreContext,
  actor: Actor,
): Promise<{ opened: number; amountFen: number }> {
  authorize(actor, 'disability:write');
  const opened = await ctx.db.kysely
    .transaction()
    .execute((trx) =>
      openOverpaymentRecoveries(ctx, trx, actor, { scopePrefix: scopePrefix(actor.divisionCode) }),
    );
  return { opened: opened.length, amountFen: opened.reduce((s, r) => s + r.amountFen, 0) };
}

/** The daily job: every late stop anywhere. */
export async function overpaymentScanJob(ctx: CoreContext): Promise<Record<string, unknown>> {
  const actor = systemActor('disability.overpayment-scan', '000000');
  const opened = await ctx.db.kysely
    .transaction()
    .execute((trx) => openOverpaymentRecoveries(ctx, trx, actor, {}));
  return { opened: opened.length, amountFen: opened.reduce((s, r) => s + r.amountFen, 0) };
}

export interface RecoveryView {
  id: string;
  entitlementId: string;
  personId: string;
  name: string;
  subsidy: string;
  subsidyLabel: string;
  divisionCode: string;
  lastPayableMonth: string;
  stopReason: string | null;
  stopEventDate: string | null;
  firstMonth: string;
  lastMonth: string;
  months: number;
  amountFen: number;
  status: RecoveryStatus;
  statusLabel: string;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

function presentRecovery(r: RecoveryRow & { name: string }): RecoveryView {
  return {
    id: r.id,
    entitlementId: r.entitlementId,
    personId: r.personId,
    name: r.name,
    subsidy: r.subsidy,
    subsidyLabel: SUBSIDY_SHORT_LABELS[r.subsidy],
    divisionCode: r.divisionCode,
    lastPayableMonth: r.lastPayableMonth,
    stopReason: r.stopReason,
    stopEventDate: r.stopEventDate,
    firstMonth: r.firstMonth,
    lastMonth: r.lastMonth,
    months: r.months,
    amountFen: r.amountFen,
    status: r.status,
    statusLabel: RECOVERY_STATUS_LABELS[r.status],
    resolution: r.resolution,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt,
    createdAt: r.createdAt,
  };
}

export interface RecoveryQuery {
  status?: RecoveryStatus;
  q?: string;
  sort?: 'createdAt' | 'amountFen' | 'firstMonth';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

function recoveryFilter(actor: Actor, q: RecoveryQuery) {
  return {
    scopePrefix: scopePrefix(actor.divisionCode),
    ...(q.status ? { status: q.status } : {}),
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
  };
}

export async function recoveryLedger(
  ctx: CoreContext,
  actor: Actor,
  q: RecoveryQuery,
): Promise<{ items: RecoveryView[]; total: number; totalFen: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20));
  const r = await searchRecoveries(
    ctx.db.kysely,
    recoveryFilter(actor, q),
    { offset: (page - 1) * pageSize, limit: pageSize },
    { field: q.sort ?? 'createdAt', dir: q.order ?? 'desc' },
  );
  await ctx.readAudit.record(actor, {
    action: 'disability.recovery.search',
    targetType: 'disability_entitlement',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { total: r.total, page },
  });
  return { items: r.rows.map(presentRecovery), total: r.total, totalFen: r.totalFen, page, pageSize };
}

export async function exportRecoveryLedger(
  ctx: CoreContext,
  actor: Actor,
  q: RecoveryQuery,
): Promise<AsyncIterable<RecoveryView>> {
  authorize(actor, 'disability:read');
  await ctx.readAudit.record(actor, {
    action: 'disability.recovery.export',
    targetType: 'disability_entitlement',
    targetId: 'all',
    divisionCode: actor.divisionCode,
    details: { status: q.status ?? null },
  });
  const filter = recoveryFilter(actor, q);
  const sort = { field: q.sort ?? ('createdAt' as const), dir: q.order ?? ('desc' as const) };
  const db = ctx.db.kysely;
  return (async function* () {
    for (let offset = 0; ; offset += 1_000) {
      const { rows } = await searchRecoveries(db, filter, { offset, limit: 1_000 }, sort);
      for (const r of rows) yield presentRecovery(r);
      if (rows.length < 1_000) return;
    }
  })();
}

export type RecoveryDetail = RecoveryView & {
  lines: { rosterLineId: string; month: string; months: number; amountFen: number }[];
};

export async function recoveryDetail(ctx: CoreContext, actor: Actor, id: string): Promise<RecoveryDetail> {
  authorize(actor, 'disability:read');
  const row = await findRecovery(ctx.db.kysely, id);
  if (!row || !inScope(actor, row.divisionCode)) throw notFound('多发追缴记录');
  const name = await personName(ctx.db.kysely, row.personId);
  await ctx.readAudit.record(actor, {
    action: 'disability.recovery.read',
    targetType: 'disability_entitlement',
    targetId: row.entitlementId,
    divisionCode: row.divisionCode,
    subjectPersonId: row.personId,
  });
  const lines = await linesOfRecovery(ctx.db.kysely, id);
  return {
    ...presentRecovery({ ...row, name }),
    lines: lines.map((l) => ({
      rosterLineId: l.rosterLineId,
      month: l.month,
      months: l.months,
      amountFen: l.amountFen,
    })),
  };
}

/**
 * Closes a recovery: recovered (追回) or written off (核销) with the reason — `disability:approve` (county
 * civil affairs). Only an open recovery (409 otherwise).
 */
export async function resolveRecovery(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: { status: 'recovered' | 'written_off'; resolution: string },
): Promise<RecoveryDetail> {
  authorize(actor, 'disability:approve');
  const row = await findRecovery(ctx.db.kysely, id);
  if (!row || !inScope(actor, row.divisionCode)) throw notFound('多发追缴记录');
  const resolution = input.resolution.trim();
  if (!resolution) {
    throw invalid(
      'DISABILITY_RECOVERY_RESOLUTION',
      input.status === 'recovered'
        ? '请写明追回情况（如：缴款凭证号、退回日期）'
        : '核销须写明原因（如：无遗产可供追缴，经审批核销）',
      'resolution',
    );
  }
  const at = nowOf(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const n = await resolveRecoveryRow(trx, id, {
      status: input.status,
      resolution,
      resolvedBy: actor.username,
      resolvedAt: at,
    });
    if (n === 0) throw conflict('DISABILITY_RECOVERY_CLOSED', '该追缴记录已办结，不能再次处理');
    await audit(ctx, trx, actor, {
      action:
        input.status === 'recovered' ? 'disability.recovery.recovered' : 'disability.recovery.write-off',
      targetType: 'disability_entitlement',
      targetId: row.entitlementId,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: { recoveryId: id, amountFen: row.amountFen, resolution },
    });
  });
  return recoveryDetail(ctx, actor, id);
}

// ======================================================================================================
// The application page's 发放 tab, to-dos
// ======================================================================================================

export interface ApplicationPayments {
  personId: string;
  account: PaymentAccountView | null;
  accountHistory: PaymentAccountView[];
  /** Whether the actor may record or change the account. */
  canEditAccount: boolean;
  lines: {
    rosterLineId: string;
    month: string;
    subsidy: string;
    subsidyLabel: string;
    amountFen: number;
    monthsCovered: number;
    paymentStatus: string;
    paymentStatusLabel: string;
  }[];
  paidFen: number;
  openRequeues: RequeueItem[];
  recoveries: RecoveryView[];
}

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  pending: '待发放',
  sent: '已交银行',
  paid: '已到账',
  failed: '银行退回',
  requeued: '重发中',
  none: '无需发放',
};

/** The 发放 tab of an application: the applicant's account (masked) and what was paid, month by month. */
export async function paymentsOfApplication(
  ctx: CoreContext,
  actor: Actor,
  applicationId: string,
): Promise<ApplicationPayments> {
  authorize(actor, 'disability:read');
  const app = await visibleApplication(ctx.db.kysely, actor, applicationId);
  const db = ctx.db.kysely;
  const history = (await accountHistory(db, app.personId)).map(presentAccount);
  const lines = await rosterLinesOfPerson(db, app.personId);
  const requeues = await searchRequeues(
    db,
    { scopePrefix: '', state: 'open', personId: app.personId },
    { offset: 0, limit: 50 },
    { field: 'month', dir: 'asc' },
  );
  const recoveries = await recoveriesOfPerson(db, app.personId);
  await ctx.readAudit.record(actor, {
    action: 'disability.payments.read',
    targetType: 'disability_application',
    targetId: app.id,
    divisionCode: app.divisionCode,
    subjectPersonId: app.personId,
  });
  return {
    personId: app.personId,
    account: history.find((a) => a.validTo === null) ?? null,
    accountHistory: history,
    canEditAccount: actor.permissions.has('disability:write') && inScope(actor, app.divisionCode),
    lines: lines.map((l) => ({
      rosterLineId: l.id,
      month: l.month,
      subsidy: l.subsidy,
      subsidyLabel: SUBSIDY_SHORT_LABELS[l.subsidy],
      amountFen: l.amountFen,
      monthsCovered: l.monthsCovered,
      paymentStatus: l.paymentStatus,
      paymentStatusLabel: PAYMENT_STATUS_LABELS[l.paymentStatus] ?? l.paymentStatus,
    })),
    paidFen: lines.filter((l) => l.paymentStatus === 'paid').reduce((s, l) => s + l.amountFen, 0),
    openRequeues: requeues.rows.map(presentRequeue),
    recoveries: recoveries.map(presentRecovery),
  };
}

/** To-dos: credits held back or failed awaiting an account (township), open recoveries (county). */
export async function paymentsTodos(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const prefix = scopePrefix(actor.divisionCode);
  const db = ctx.db.kysely;
  const counts = await paymentTodoCounts(db, prefix);
  const items: TodoItem[] = [];
  if (counts.owedPeople > 0) {
    items.push({
      line: 'disability',
      kind: 'disability.payments-owed',
      title: '补贴未能到账（无收款账户或银行退回），请核实并登记/变更收款账户',
      count: counts.owedPeople,
      link: '/disability/payments?tab=requeue',
    });
  }
  if (counts.openRecoveries > 0) {
    items.push({
      line: 'disability',
      kind: 'disability.recoveries-open',
      title: '停发登记晚于发放，多发补贴待追缴',
      count: counts.openRecoveries,
      link: '/disability/payments?tab=recoveries',
    });
  }
  return items;
}
