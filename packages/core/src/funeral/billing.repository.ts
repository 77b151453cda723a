/** SQL of funeral bills, invoices, reimbursement claims and the expenditure ledger. */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/index';
import type {
  BillLineRow,
  BillRow,
  ClaimRow,
  ExpenditureRow,
  FuneralBillLinesTable,
  FuneralBillsTable,
  FuneralExpendituresTable,
  FuneralInvoicesTable,
  FuneralReimbursementClaimsTable,
  InvoiceRow,
} from './billing.table';

export async function insertBill(
  db: Executor,
  bill: Insertable<FuneralBillsTable>,
  lines: Insertable<FuneralBillLinesTable>[],
): Promise<void> {
  await db.insertInto('funeralBills').values(bill).execute();
  if (lines.length > 0) await db.insertInto('funeralBillLines').values(lines).execute();
}

export async function findBill(db: Executor, id: string): Promise<BillRow | undefined> {
  return db.selectFrom('funeralBills').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function billsOfCaseRows(db: Executor, caseId: string): Promise<BillRow[]> {
  return db
    .selectFrom('funeralBills')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .execute();
}

export async function linesOfBills(db: Executor, billIds: readonly string[]): Promise<BillLineRow[]> {
  if (billIds.length === 0) return [];
  return db
    .selectFrom('funeralBillLines')
    .selectAll()
    .where('billId', 'in', [...billIds])
    .orderBy('billId')
    .orderBy('seq')
    .execute();
}

export async function updateBill(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: Partial<Pick<BillRow, 'status' | 'claimId' | 'cancelReason' | 'updatedAt'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralBills')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertInvoice(db: Executor, row: Insertable<FuneralInvoicesTable>): Promise<void> {
  await db.insertInto('funeralInvoices').values(row).execute();
}

export async function findInvoice(db: Executor, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('funeralInvoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function invoicesOfBills(db: Executor, billIds: readonly string[]): Promise<InvoiceRow[]> {
  if (billIds.length === 0) return [];
  return db
    .selectFrom('funeralInvoices')
    .selectAll()
    .where('billId', 'in', [...billIds])
    .orderBy('issuedAt')
    .execute();
}

export async function voidInvoiceRow(
  db: Executor,
  id: string,
  values: { voidReason: string; voidedBy: string; voidedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('funeralInvoices')
    .set({ ...values, status: 'void' })
    .where('id', '=', id)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface InvoiceFilter {
  scopePrefix: string;
  institutionId?: string | null;
  facilityId?: string;
  from?: string;
  to?: string;
  status?: 'issued' | 'void';
  q?: string;
}

export type InvoiceSort = 'paidOn' | 'invoiceNo' | 'amountFen';

function invoiceQuery(db: Executor, f: InvoiceFilter) {
  let q = db
    .selectFrom('funeralInvoices as i')
    .innerJoin('funeralBills as b', 'b.id', 'i.billId')
    .innerJoin('funeralCases as c', 'c.id', 'b.caseId')
    .innerJoin('funeralFacilities as f', 'f.id', 'i.facilityId')
    .where('i.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.institutionId) q = q.where('i.facilityId', '=', f.institutionId);
  if (f.facilityId) q = q.where('i.facilityId', '=', f.facilityId);
  if (f.from) q = q.where('i.paidOn', '>=', f.from);
  if (f.to) q = q.where('i.paidOn', '<=', f.to);
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('i.invoiceNo', 'like', like), eb('c.caseNo', 'like', like)]));
  }
  return q;
}

export async function searchInvoices(
  db: Executor,
  f: InvoiceFilter,
  sort: { field: InvoiceSort; dir: 'asc' | 'desc' },
  page: { offset: number; limit: number },
) {
  const total = await invoiceQuery(db, f)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const col =
    sort.field === 'invoiceNo' ? 'i.invoiceNo' : sort.field === 'amountFen' ? 'i.amountFen' : 'i.paidOn';
  const rows = await invoiceQuery(db, f)
    .selectAll('i')
    .select([
      'c.id as caseId',
      'c.caseNo as caseNo',
      'c.nameGiven as nameGiven',
      'c.personId as personId',
      'f.name as facilityName',
    ])
    .orderBy(col, sort.dir)
    .orderBy('i.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows };
}

/** Bills of a facility with waived amounts not yet claimed, service date in [from, to]. */
export async function claimableBills(
  db: Executor,
  facilityId: string,
  from: string,
  to: string,
): Promise<BillRow[]> {
  return db
    .selectFrom('funeralBills')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('serviceDate', '>=', from)
    .where('serviceDate', '<=', to)
    .where('status', 'in', ['settled', 'paid', 'open'])
    .where('waivedFen', '>', 0)
    .where('claimId', 'is', null)
    .execute();
}

export async function setClaimOfBills(
  db: Executor,
  billIds: readonly string[],
  claimId: string | null,
): Promise<void> {
  if (billIds.length === 0) return;
  await db
    .updateTable('funeralBills')
    .set((eb) => ({ claimId, version: eb('version', '+', 1) }))
    .where('id', 'in', [...billIds])
    .execute();
}

export async function billIdsOfClaim(db: Executor, claimId: string): Promise<string[]> {
  return (await db.selectFrom('funeralBills').select('id').where('claimId', '=', claimId).execute()).map(
    (r) => r.id,
  );
}

export async function insertClaim(
  db: Executor,
  row: Insertable<FuneralReimbursementClaimsTable>,
): Promise<void> {
  await db.insertInto('funeralReimbursementClaims').values(row).execute();
}

export async function findClaim(db: Executor, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom('funeralReimbursementClaims').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findClaimByApproval(db: Executor, approvalId: string): Promise<ClaimRow | undefined> {
  return db
    .selectFrom('funeralReimbursementClaims')
    .selectAll()
    .where('approvalId', '=', approvalId)
    .executeTakeFirst();
}

export async function openClaimOfMonth(
  db: Executor,
  facilityId: string,
  month: string,
): Promise<ClaimRow | undefined> {
  return db
    .selectFrom('funeralReimbursementClaims')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('month', '=', month)
    .where('status', '!=', 'rejected')
    .executeTakeFirst();
}

export async function updateClaim(
  db: Executor,
  id: string,
  from: ClaimRow['status'],
  values: Partial<Omit<ClaimRow, 'id'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('funeralReimbursementClaims')
    .set(values)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function searchClaims(
  db: Executor,
  f: { scopePrefix: string; institutionId?: string | null; facilityId?: string; status?: ClaimRow['status'] },
) {
  let q = db
    .selectFrom('funeralReimbursementClaims as r')
    .innerJoin('funeralFacilities as f', 'f.id', 'r.facilityId')
    .selectAll('r')
    .select('f.name as facilityName')
    .where('r.divisionCode', 'like', `${f.scopePrefix}%`);
  if (f.institutionId) q = q.where('r.facilityId', '=', f.institutionId);
  if (f.facilityId) q = q.where('r.facilityId', '=', f.facilityId);
  if (f.status) q = q.where('r.status', '=', f.status);
  return q.orderBy('r.month', 'desc').orderBy('r.submittedAt', 'desc').limit(500).execute();
}

export async function insertExpenditure(
  db: Executor,
  row: Insertable<FuneralExpendituresTable>,
): Promise<void> {
  await db.insertInto('funeralExpenditures').values(row).execute();
}

export async function expendituresBetween(
  db: Executor,
  facilityId: string,
  from: string,
  to: string,
): Promise<ExpenditureRow[]> {
  return db
    .selectFrom('funeralExpenditures')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('spentOn', '>=', from)
    .where('spentOn', '<=', to)
    .orderBy('spentOn')
    .orderBy('voucherNo')
    .execute();
}

export async function invoicesBetween(
  db: Executor,
  facilityId: string,
  from: string,
  to: string,
): Promise<InvoiceRow[]> {
  return db
    .selectFrom('funeralInvoices')
    .selectAll()
    .where('facilityId', '=', facilityId)
    .where('paidOn', '>=', from)
    .where('paidOn', '<=', to)
    .where('status', '=', 'issued')
    .orderBy('paidOn')
    .orderBy('invoiceNo')
    .execute();
}

/** Demo seed: active funeral homes and crematoria (facilities seeded by F1). */
export async function demoBillingHomes(db: Executor) {
  return db
    .selectFrom('funeralFacilities')
    .selectAll()
    .where('kind', 'in', ['funeral_home', 'crematorium'])
    .where('status', '=', 'active')
    .orderBy('name')
    .limit(6)
    .execute();
}

/** Demo seed: identified cases whose decedent has a resident id (some go on the demo roll). */
export async function demoBillingCases(db: Executor, limit = 6) {
  return db
    .selectFrom('funeralCases as c')
    .innerJoin('people as p', 'p.id', 'c.personId')
    .select([
      'c.id',
      'c.deathDate',
      'c.divisionCode',
      'c.step',
      'p.residentId',
      'p.name',
      'p.hukouDivisionCode',
    ])
    .where('c.identityStatus', '=', 'identified')
    .where('p.residentId', 'is not', null)
    .orderBy('c.caseNo')
    .limit(limit)
    .execute();
}

/** Bills in scope with waived amounts not yet claimed whose service date is before `before` (to-do). */
export async function unclaimedWaivedBefore(
  db: Executor,
  f: { scopePrefix: string; institutionId?: string | null },
  before: string,
): Promise<{ n: number; earliest: string | null }> {
  let q = db
    .selectFrom('funeralBills')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('serviceDate').as('earliest')])
    .where('divisionCode', 'like', `${f.scopePrefix}%`)
    .where('status', 'in', ['settled', 'paid', 'open'])
    .where('waivedFen', '>', 0)
    .where('claimId', 'is', null)
    .where('serviceDate', '<', before);
  if (f.institutionId) q = q.where('facilityId', '=', f.institutionId);
  const r = await q.executeTakeFirstOrThrow();
  return { n: Number(r.n), earliest: r.earliest ?? null };
}
