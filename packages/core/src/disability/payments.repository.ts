/** SQL of the payments concern: accounts, payment files, the re-queue and overpayment recoveries. */
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../db/index';
import { insertRows } from '../db/index';
import type { DisabilityRosterLinesTable, DisabilityRosterMonthsTable } from './disability.table';
import type {
  DisabilityOverpaymentLinesTable,
  DisabilityOverpaymentRecoveriesTable,
  DisabilityPaymentAccountsTable,
  DisabilityPaymentFilesTable,
  DisabilityPaymentRequeuesTable,
  RecoveryStatus,
  RequeueOutcome,
} from './payments.table';

export type PaymentAccountRow = Selectable<DisabilityPaymentAccountsTable>;
export type PaymentFileRow = Selectable<DisabilityPaymentFilesTable>;
export type PaymentRequeueRow = Selectable<DisabilityPaymentRequeuesTable>;
export type RecoveryRow = Selectable<DisabilityOverpaymentRecoveriesTable>;
export type RecoveryLineRow = Selectable<DisabilityOverpaymentLinesTable>;
export type RosterMonthRow = Selectable<DisabilityRosterMonthsTable>;
export type RosterLineRow = Selectable<DisabilityRosterLinesTable>;

const BATCH = 500;

async function insertBatched<T extends Parameters<typeof insertRows>[1]>(
  db: Executor,
  table: T,
  rows: readonly Parameters<typeof insertRows<T>>[2][number][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insertRows(db, table, rows.slice(i, i + BATCH));
}

// ----- accounts -----

export function currentAccount(db: Executor, personId: string): Promise<PaymentAccountRow | undefined> {
  return db
    .selectFrom('disabilityPaymentAccounts')
    .selectAll()
    .where('personId', '=', personId)
    .where('validTo', 'is', null)
    .executeTakeFirst();
}

export function findAccount(db: Executor, id: string): Promise<PaymentAccountRow | undefined> {
  return db.selectFrom('disabilityPaymentAccounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function accountHistory(db: Executor, personId: string): Promise<PaymentAccountRow[]> {
  return db
    .selectFrom('disabilityPaymentAccounts')
    .selectAll()
    .where('personId', '=', personId)
    .orderBy('validFrom', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertAccount(db: Executor, row: PaymentAccountRow): Promise<void> {
  await db.insertInto('disabilityPaymentAccounts').values(row).execute();
}

export async function endAccount(db: Executor, id: string, at: string, by: string): Promise<number> {
  const r = await db
    .updateTable('disabilityPaymentAccounts')
    .set({ validTo: at, endedBy: by })
    .where('id', '=', id)
    .where('validTo', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The division of a person's newest entitlement (the recipient's township): the account's scope. */
export async function recipientDivisionOf(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('disabilityEntitlements')
    .select('divisionCode')
    .where('personId', '=', personId)
    .orderBy(sql`case when status = 'stopped' then 1 else 0 end`)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  return row?.divisionCode;
}

export interface AccountSearchRow {
  personId: string;
  name: string;
  residentId: string | null;
  divisionCode: string;
  accountId: string | null;
  kind: PaymentAccountRow['kind'] | null;
  bankName: string | null;
  accountNumber: string | null;
  holderName: string | null;
  agentName: string | null;
  validFrom: string | null;
  changes: number;
}

/**
 * Recipients (people with an entitlement that is not stopped) in scope with their account in force (or
 * none): the 收款账户 ledger.
 */
export async function searchRecipientAccounts(
  db: Executor,
  f: { scopePrefix: string; q?: string; missing?: boolean },
  page: { offset: number; limit: number },
  sort: { field: 'name' | 'divisionCode' | 'validFrom'; dir: 'asc' | 'desc' },
): Promise<{ total: number; rows: AccountSearchRow[] }> {
  let q = db
    .selectFrom('disabilityEntitlements as e')
    .innerJoin('people as p', 'p.id', 'e.personId')
    .leftJoin('disabilityPaymentAccounts as a', (j) =>
      j.onRef('a.personId', '=', 'e.personId').on('a.validTo', 'is', null),
    )
    .where('e.status', '<>', 'stopped')
    .where('e.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([
        eb('p.name', 'like', like),
        eb('p.residentId', '=', f.q!),
        eb('a.accountNumber', 'like', `%${f.q}`),
      ]),
    );
  }
  if (f.missing) q = q.where('a.id', 'is', null);
  const total = await q
    .select((eb) => eb.fn.count<number>(sql`distinct e.person_id`).as('n'))
    .executeTakeFirstOrThrow();
  const order = { name: 'p.name', divisionCode: 'e.divisionCode', validFrom: 'a.validFrom' } as const;
  const rows = await q
    .select((eb) => [
      'e.personId as personId',
      'p.name as name',
      'p.residentId as residentId',
      eb.fn.min('e.divisionCode').as('divisionCode'),
      'a.id as accountId',
      'a.kind as kind',
      'a.bankName as bankName',
      'a.accountNumber as accountNumber',
      'a.holderName as holderName',
      'a.agentName as agentName',
      'a.validFrom as validFrom',
      eb
        .selectFrom('disabilityPaymentAccounts as h')
        .select((h) => h.fn.countAll<number>().as('c'))
        .whereRef('h.personId', '=', 'e.personId')
        .as('changes'),
    ])
    .groupBy([
      'e.personId',
      'p.name',
      'p.residentId',
      'a.id',
      'a.kind',
      'a.bankName',
      'a.accountNumber',
      'a.holderName',
      'a.agentName',
      'a.validFrom',
    ])
    .orderBy(sql.ref(order[sort.field]), sort.dir)
    .orderBy('e.personId')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({ ...r, divisionCode: String(r.divisionCode), changes: Number(r.changes ?? 0) })),
  };
}

// ----- rosters (the shared tables D4 fills) -----

export function findRoster(db: Executor, id: string): Promise<RosterMonthRow | undefined> {
  return db.selectFrom('disabilityRosterMonths').selectAll().where('id', '=', id).executeTakeFirst();
}

export function rostersInScope(
  db: Executor,
  scopePrefix: string,
  limit: number,
): Promise<(RosterMonthRow & { fileId: string | null; fileNo: string | null })[]> {
  return db
    .selectFrom('disabilityRosterMonths as r')
    .leftJoin('disabilityPaymentFiles as f', 'f.rosterId', 'r.id')
    .selectAll('r')
    .select(['f.id as fileId', 'f.fileNo as fileNo'])
    .where('r.countyCode', 'like', `${scopePrefix.slice(0, 6)}%`)
    .orderBy('r.month', 'desc')
    .orderBy('r.countyCode')
    .limit(limit)
    .execute();
}

/** Moves a roster from one status to the next (version bumped); 0 when it was not in `from`. */
export async function moveRoster(
  db: Executor,
  id: string,
  from: RosterMonthRow['status'],
  to: RosterMonthRow['status'],
  at: string,
): Promise<number> {
  const r = await db
    .updateTable('disabilityRosterMonths')
    .set((eb) => ({ status: to, updatedAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const hasAccountAt = (at: string) =>
  sql<boolean>`exists (select 1 from disability_payment_accounts a where a.person_id = l.person_id and a.valid_from <= ${at} and (a.valid_to is null or a.valid_to > ${at}))`;

/** Lines of a roster with an amount and no account in force at `at`: held back. */
export function heldBackLines(db: Executor, rosterId: string, at: string): Promise<RosterLineRow[]> {
  return db
    .selectFrom('disabilityRosterLines as l')
    .selectAll('l')
    .where('l.rosterId', '=', rosterId)
    .where('l.amountFen', '>', 0)
    .where(sql<boolean>`not ${hasAccountAt(at)}`)
    .execute();
}

/**
 * Marks the roster's lines with an amount and an account `sent`, the zero lines `none`, in one pass over
 * the roster's lines (one UPDATE: each updated row is a new row version with its index entries, so a
 * second pass for the zero lines would read the roster again); returns the totals.
 */
export async function markRosterLinesSent(
  db: Executor,
  rosterId: string,
  at: string,
): Promise<{ lines: number; fen: number }> {
  await db
    .updateTable('disabilityRosterLines as l')
    .set({ paymentStatus: sql`case when l.amount_fen > 0 then 'sent' else 'none' end` })
    .where('l.rosterId', '=', rosterId)
    .where((eb) =>
      eb.or([
        eb('l.amountFen', '<=', 0),
        eb.and([eb('l.amountFen', '>', 0), eb('l.paymentStatus', '=', 'pending'), hasAccountAt(at)]),
      ]),
    )
    .execute();
  const t = await db
    .selectFrom('disabilityRosterLines')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amountFen').as('fen')])
    .where('rosterId', '=', rosterId)
    .where('paymentStatus', '=', 'sent')
    .executeTakeFirstOrThrow();
  return { lines: Number(t.n), fen: Number(t.fen ?? 0) };
}

export async function setLineStatus(
  db: Executor,
  ids: readonly string[],
  status: RosterLineRow['paymentStatus'],
): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db
      .updateTable('disabilityRosterLines')
      .set({ paymentStatus: status })
      .where('id', 'in', ids.slice(i, i + BATCH))
      .execute();
  }
}

export function findRosterLines(db: Executor, ids: readonly string[]): Promise<RosterLineRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('disabilityRosterLines').selectAll().where('id', 'in', ids).execute();
}

// ----- payment files -----

export function findPaymentFile(db: Executor, id: string): Promise<PaymentFileRow | undefined> {
  return db.selectFrom('disabilityPaymentFiles').selectAll().where('id', '=', id).executeTakeFirst();
}

export function fileOfRoster(db: Executor, rosterId: string): Promise<PaymentFileRow | undefined> {
  return db
    .selectFrom('disabilityPaymentFiles')
    .selectAll()
    .where('rosterId', '=', rosterId)
    .executeTakeFirst();
}

export async function insertPaymentFile(db: Executor, row: PaymentFileRow): Promise<void> {
  await db.insertInto('disabilityPaymentFiles').values(row).execute();
}

export async function updatePaymentFile(
  db: Executor,
  id: string,
  patch: Partial<Omit<PaymentFileRow, 'id'>>,
): Promise<void> {
  await db
    .updateTable('disabilityPaymentFiles')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function setFileHashOnce(db: Executor, id: string, hash: string): Promise<void> {
  await db
    .updateTable('disabilityPaymentFiles')
    .set({ contentSha256: hash })
    .where('id', '=', id)
    .where('contentSha256', 'is', null)
    .execute();
}

export interface FileLineRow {
  id: string;
  personId: string;
  subsidy: string;
  divisionCode: string;
  amountFen: number;
  month: string;
  kind: PaymentAccountRow['kind'];
  bankName: string;
  accountNumber: string;
  holderName: string;
}

/** The townships (divisions) of a roster's lines, in order: a file is read one township at a time. */
export async function rosterDivisions(db: Executor, rosterId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('disabilityRosterLines')
    .select('divisionCode')
    .distinct()
    .where('rosterId', '=', rosterId)
    .orderBy('divisionCode')
    .execute();
  return rows.map((r) => r.divisionCode);
}

/**
 * A file's own lines of one township: the roster's lines with an amount and an account in force at the
 * generation instant, with that account, in id order. Read through the roster's (roster, division) index,
 * one township at a time, so that no query sorts a whole county (ADR 0033).
 */
export function ownFileLines(
  db: Executor,
  file: Pick<PaymentFileRow, 'rosterId' | 'generatedAt' | 'month'>,
  divisionCode: string,
): Promise<FileLineRow[]> {
  const at = file.generatedAt;
  return db
    .selectFrom('disabilityRosterLines as l')
    .innerJoin('disabilityPaymentAccounts as a', (j) =>
      j
        .onRef('a.personId', '=', 'l.personId')
        .on('a.validFrom', '<=', at)
        .on((eb) => eb.or([eb('a.validTo', 'is', null), eb('a.validTo', '>', at)])),
    )
    .select([
      'l.id',
      'l.personId',
      'l.subsidy',
      'l.divisionCode',
      'l.amountFen',
      sql.lit(file.month).as('month'),
      'a.kind',
      'a.bankName',
      'a.accountNumber',
      'a.holderName',
    ])
    .where('l.rosterId', '=', file.rosterId)
    .where('l.divisionCode', '=', divisionCode)
    .where('l.amountFen', '>', 0)
    .orderBy('l.id')
    .execute();
}

/** A file's re-queued lines (earlier months' credits owed), with the account in force at generation. */
export function requeuedFileLines(
  db: Executor,
  file: Pick<PaymentFileRow, 'id' | 'generatedAt'>,
): Promise<FileLineRow[]> {
  const at = file.generatedAt;
  return db
    .selectFrom('disabilityPaymentRequeues as q')
    .innerJoin('disabilityRosterLines as l', 'l.id', 'q.rosterLineId')
    .innerJoin('disabilityPaymentAccounts as a', (j) =>
      j
        .onRef('a.personId', '=', 'q.personId')
        .on('a.validFrom', '<=', at)
        .on((eb) => eb.or([eb('a.validTo', 'is', null), eb('a.validTo', '>', at)])),
    )
    .select([
      'l.id',
      'l.personId',
      'l.subsidy',
      'l.divisionCode',
      'q.amountFen',
      'q.month',
      'a.kind',
      'a.bankName',
      'a.accountNumber',
      'a.holderName',
    ])
    .where('q.includedFileId', '=', file.id)
    .orderBy('l.id')
    .execute();
}

export function filesOfCounty(db: Executor, scopePrefix: string, limit: number): Promise<PaymentFileRow[]> {
  return db
    .selectFrom('disabilityPaymentFiles')
    .selectAll()
    .where('countyCode', 'like', `${scopePrefix.slice(0, 6)}%`)
    .orderBy('month', 'desc')
    .orderBy('countyCode')
    .limit(limit)
    .execute();
}

// ----- re-queue -----

export async function insertRequeues(db: Executor, rows: PaymentRequeueRow[]): Promise<void> {
  await insertBatched(db, 'disabilityPaymentRequeues', rows);
}

/** Open queue rows of a county not yet included in a file, with whether the person has an account now. */
export function openRequeuesOfCounty(
  db: Executor,
  countyCode: string,
  at: string,
): Promise<(PaymentRequeueRow & { hasAccount: number; toMonth: string | null; entStatus: string })[]> {
  return db
    .selectFrom('disabilityPaymentRequeues as q')
    .innerJoin('disabilityRosterLines as l', 'l.id', 'q.rosterLineId')
    .innerJoin('disabilityEntitlements as e', 'e.id', 'l.entitlementId')
    .selectAll('q')
    .select([
      sql<number>`case when exists (select 1 from disability_payment_accounts a where a.person_id = q.person_id and a.valid_from <= ${at} and a.valid_to is null) then 1 else 0 end`.as(
        'hasAccount',
      ),
      'e.toMonth as toMonth',
      'e.status as entStatus',
    ])
    .where('q.countyCode', '=', countyCode)
    .where('q.outcome', 'is', null)
    .where('q.includedFileId', 'is', null)
    .orderBy('q.queuedAt')
    .execute();
}

export async function includeRequeues(db: Executor, ids: readonly string[], fileId: string): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db
      .updateTable('disabilityPaymentRequeues')
      .set({ includedFileId: fileId })
      .where('id', 'in', ids.slice(i, i + BATCH))
      .execute();
  }
}

export async function closeRequeues(
  db: Executor,
  ids: readonly string[],
  outcome: RequeueOutcome,
  at: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db
      .updateTable('disabilityPaymentRequeues')
      .set({ outcome, closedAt: at })
      .where('id', 'in', ids.slice(i, i + BATCH))
      .execute();
  }
}

export function requeuesOfFile(db: Executor, fileId: string): Promise<PaymentRequeueRow[]> {
  return db
    .selectFrom('disabilityPaymentRequeues')
    .selectAll()
    .where('includedFileId', '=', fileId)
    .where('outcome', 'is', null)
    .execute();
}

export interface RequeueSearchRow extends PaymentRequeueRow {
  name: string;
  subsidy: string;
  hasAccount: number;
}

export async function searchRequeues(
  db: Executor,
  f: {
    scopePrefix: string;
    state: 'open' | 'closed' | 'all';
    cause?: 'failed' | 'held_back';
    q?: string;
    personId?: string;
  },
  page: { offset: number; limit: number },
  sort: { field: 'queuedAt' | 'month' | 'amountFen'; dir: 'asc' | 'desc' },
): Promise<{ total: number; totalFen: number; rows: RequeueSearchRow[] }> {
  let q = db
    .selectFrom('disabilityPaymentRequeues as q')
    .innerJoin('people as p', 'p.id', 'q.personId')
    .innerJoin('disabilityRosterLines as l', 'l.id', 'q.rosterLineId')
    .where('q.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.state === 'open') q = q.where('q.outcome', 'is', null);
  if (f.state === 'closed') q = q.where('q.outcome', 'is not', null);
  if (f.cause) q = q.where('q.cause', '=', f.cause);
  if (f.q) q = q.where('p.name', 'like', `%${f.q}%`);
  if (f.personId) q = q.where('q.personId', '=', f.personId);
  const t = await q
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('q.amountFen').as('fen')])
    .executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('q')
    .select([
      'p.name as name',
      'l.subsidy as subsidy',
      sql<number>`case when exists (select 1 from disability_payment_accounts a where a.person_id = q.person_id and a.valid_to is null) then 1 else 0 end`.as(
        'hasAccount',
      ),
    ])
    .orderBy(sql.ref(`q.${sort.field}`), sort.dir)
    .orderBy('q.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(t.n), totalFen: Number(t.fen ?? 0), rows };
}

// ----- overpayment -----

export interface OverpaidLineRow {
  lineId: string;
  entitlementId: string;
  personId: string;
  subsidy: 'living' | 'care';
  divisionCode: string;
  countyCode: string;
  month: string;
  amountFen: number;
  monthlyFen: number;
  monthsCovered: number;
  toMonth: string;
  stopReason: string | null;
  stopEventDate: string | null;
}

/**
 * Paid roster lines of stopped entitlements for months after the last payable month, not yet in a
 * recovery (optionally of one entitlement, or within a division prefix).
 */
export function overpaidLines(
  db: Executor,
  f: { entitlementId?: string; scopePrefix?: string },
): Promise<OverpaidLineRow[]> {
  let q = db
    .selectFrom('disabilityRosterLines as l')
    .innerJoin('disabilityRosterMonths as r', 'r.id', 'l.rosterId')
    .innerJoin('disabilityEntitlements as e', 'e.id', 'l.entitlementId')
    .leftJoin('disabilityOverpaymentLines as o', 'o.rosterLineId', 'l.id')
    .select([
      'l.id as lineId',
      'l.entitlementId',
      'l.personId',
      'l.subsidy',
      'e.divisionCode',
      'e.countyCode',
      'r.month',
      'l.amountFen',
      'l.monthlyFen',
      'l.monthsCovered',
      'e.toMonth',
      'e.stopReason',
      'e.stopEventDate',
    ])
    .where('e.status', '=', 'stopped')
    .where('e.toMonth', 'is not', null)
    .whereRef('r.month', '>', 'e.toMonth')
    .where('l.paymentStatus', '=', 'paid')
    .where('l.amountFen', '>', 0)
    .where('o.rosterLineId', 'is', null);
  if (f.entitlementId) q = q.where('l.entitlementId', '=', f.entitlementId);
  if (f.scopePrefix) q = q.where('e.divisionCode', 'like', `${f.scopePrefix}%`);
  return q.orderBy('l.entitlementId').orderBy('r.month').execute() as Promise<OverpaidLineRow[]>;
}

export async function insertRecovery(
  db: Executor,
  row: RecoveryRow,
  lines: RecoveryLineRow[],
): Promise<void> {
  await db.insertInto('disabilityOverpaymentRecoveries').values(row).execute();
  await insertBatched(db, 'disabilityOverpaymentLines', lines);
}

export function findRecovery(db: Executor, id: string): Promise<RecoveryRow | undefined> {
  return db.selectFrom('disabilityOverpaymentRecoveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function linesOfRecovery(db: Executor, id: string): Promise<RecoveryLineRow[]> {
  return db
    .selectFrom('disabilityOverpaymentLines')
    .selectAll()
    .where('recoveryId', '=', id)
    .orderBy('month')
    .execute();
}

export async function resolveRecoveryRow(
  db: Executor,
  id: string,
  patch: { status: RecoveryStatus; resolution: string; resolvedBy: string; resolvedAt: string },
): Promise<number> {
  const r = await db
    .updateTable('disabilityOverpaymentRecoveries')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function searchRecoveries(
  db: Executor,
  f: { scopePrefix: string; status?: RecoveryStatus; q?: string },
  page: { offset: number; limit: number },
  sort: { field: 'createdAt' | 'amountFen' | 'firstMonth'; dir: 'asc' | 'desc' },
): Promise<{ total: number; totalFen: number; rows: (RecoveryRow & { name: string })[] }> {
  let q = db
    .selectFrom('disabilityOverpaymentRecoveries as v')
    .innerJoin('people as p', 'p.id', 'v.personId')
    .where('v.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.status) q = q.where('v.status', '=', f.status);
  if (f.q) q = q.where('p.name', 'like', `%${f.q}%`);
  const t = await q
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('v.amountFen').as('fen')])
    .executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('v')
    .select('p.name as name')
    .orderBy(sql.ref(`v.${sort.field}`), sort.dir)
    .orderBy('v.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(t.n), totalFen: Number(t.fen ?? 0), rows };
}

// ----- reads for the return import, the application tab, to-dos and the demo -----

/** A roster's lines of one township marked `sent`. */
export function sentLinesOfDivision(
  db: Executor,
  rosterId: string,
  divisionCode: string,
): Promise<{ id: string; amountFen: number; personId: string; divisionCode: string }[]> {
  return db
    .selectFrom('disabilityRosterLines')
    .select(['id', 'amountFen', 'personId', 'divisionCode'])
    .where('rosterId', '=', rosterId)
    .where('divisionCode', '=', divisionCode)
    .where('paymentStatus', '=', 'sent')
    .execute();
}

export async function personName(db: Executor, personId: string): Promise<string> {
  const row = await db.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst();
  return row?.name ?? '';
}

/** A person's roster lines, newest month first (at most 120). */
export function rosterLinesOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('disabilityRosterLines as l')
    .innerJoin('disabilityRosterMonths as r', 'r.id', 'l.rosterId')
    .select(['l.id', 'r.month', 'l.subsidy', 'l.amountFen', 'l.monthsCovered', 'l.paymentStatus'])
    .where('l.personId', '=', personId)
    .orderBy('r.month', 'desc')
    .limit(120)
    .execute();
}

export function recoveriesOfPerson(
  db: Executor,
  personId: string,
): Promise<(RecoveryRow & { name: string })[]> {
  return db
    .selectFrom('disabilityOverpaymentRecoveries as v')
    .innerJoin('people as p', 'p.id', 'v.personId')
    .selectAll('v')
    .select('p.name as name')
    .where('v.personId', '=', personId)
    .execute();
}

/** People in scope with credits owed not yet in a file, and open recoveries: the to-do counts. */
export async function paymentTodoCounts(
  db: Executor,
  scopePrefix: string,
): Promise<{ owedPeople: number; openRecoveries: number }> {
  const owed = await db
    .selectFrom('disabilityPaymentRequeues as q')
    .select((eb) => eb.fn.count<number>('q.personId').distinct().as('n'))
    .where('q.divisionCode', 'like', `${scopePrefix}%`)
    .where('q.outcome', 'is', null)
    .where('q.includedFileId', 'is', null)
    .executeTakeFirstOrThrow();
  const recoveries = await db
    .selectFrom('disabilityOverpaymentRecoveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('divisionCode', 'like', `${scopePrefix}%`)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { owedPeople: Number(owed.n), openRecoveries: Number(recoveries.n) };
}

/**
 * Demo: people of a county without any account row who receive (entitlement not stopped), have applied
 * (an application not refused or withdrawn) or hold a valid certificate — entitlements may be granted by
 * seeds that run after this one — with their division (a certificate's is the county).
 */
export async function recipientsWithoutAccount(
  db: Executor,
  countyCode: string,
  limit: number,
): Promise<{ personId: string; divisionCode: string; name: string }[]> {
  const receiving = await db
    .selectFrom('disabilityEntitlements as e')
    .innerJoin('people as p', 'p.id', 'e.personId')
    .leftJoin('disabilityPaymentAccounts as a', 'a.personId', 'e.personId')
    .select(['e.personId', 'e.divisionCode', 'p.name'])
    .distinct()
    .where('e.countyCode', '=', countyCode)
    .where('e.status', '<>', 'stopped')
    .where('a.id', 'is', null)
    .orderBy('e.personId')
    .limit(limit)
    .execute();
  const applying = await db
    .selectFrom('disabilityApplications as d')
    .innerJoin('people as p', 'p.id', 'd.personId')
    .leftJoin('disabilityPaymentAccounts as a', 'a.personId', 'd.personId')
    .select(['d.personId', 'd.divisionCode', 'p.name'])
    .distinct()
    .where('d.countyCode', '=', countyCode)
    .where('d.status', 'not in', ['rejected', 'withdrawn'])
    .where('a.id', 'is', null)
    .orderBy('d.personId')
    .limit(limit)
    .execute();
  // Holders of a valid certificate: the entitlements of the demo may be granted by later seeds.
  const holders = await db
    .selectFrom('disabilityCertificates as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .leftJoin('disabilityPaymentAccounts as a', 'a.personId', 'c.personId')
    .select(['c.personId', 'c.divisionCode', 'p.name'])
    .where('c.divisionCode', '=', countyCode)
    .where('c.status', '=', 'valid')
    .where('a.id', 'is', null)
    .orderBy('c.personId')
    .limit(limit)
    .execute();
  const byPerson = new Map<string, { personId: string; divisionCode: string; name: string }>();
  for (const r of [...receiving, ...applying, ...holders])
    if (!byPerson.has(r.personId)) byPerson.set(r.personId, r);
  return [...byPerson.values()].slice(0, limit);
}

export async function insertAccounts(db: Executor, rows: PaymentAccountRow[]): Promise<void> {
  await insertBatched(db, 'disabilityPaymentAccounts', rows);
}
