/**
 * SQL of the funeral data exchange (ADR 0031): the cases opened in a period under a scope, with their
 * people-index record, custody events and documents, and the facilities of the scope.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Executor } from '../db/index';

export interface ExchangeSlice {
  divisionPrefix: string;
  facilityId: string | null;
  fromInstant: string;
  toInstantExclusive: string;
}

function caseInSlice(eb: ExpressionBuilder<Database, 'funeralCases'>, s: ExchangeSlice): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [
    eb('funeralCases.divisionCode', 'like', `${s.divisionPrefix}%`),
    eb('funeralCases.createdAt', '>=', s.fromInstant),
    eb('funeralCases.createdAt', '<', s.toInstantExclusive),
  ];
  if (s.facilityId) parts.push(eb('funeralCases.facilityId', '=', s.facilityId));
  return eb.and(parts);
}

/** Cases opened in the period (the decedent and agent sheets), oldest first. */
export function exchangeCases(db: Executor, s: ExchangeSlice) {
  return db
    .selectFrom('funeralCases')
    .innerJoin('people', 'people.id', 'funeralCases.personId')
    .innerJoin('funeralFacilities', 'funeralFacilities.id', 'funeralCases.facilityId')
    .selectAll('funeralCases')
    .select([
      'people.residentId as residentId',
      'people.name as personName',
      'people.hukouDivisionCode as hukouDivisionCode',
      'funeralFacilities.name as facilityName',
    ])
    .where((eb) => caseInSlice(eb, s))
    .orderBy('funeralCases.createdAt')
    .orderBy('funeralCases.id')
    .execute();
}

/** Custody events of the cases opened in the period, by case and time. */
export function exchangeCustodyEvents(db: Executor, s: ExchangeSlice) {
  return db
    .selectFrom('funeralCustodyEvents')
    .innerJoin('funeralCases', 'funeralCases.id', 'funeralCustodyEvents.caseId')
    .select([
      'funeralCases.caseNo as caseNo',
      'funeralCustodyEvents.step as step',
      'funeralCustodyEvents.at as at',
      'funeralCustodyEvents.actor as actor',
      'funeralCustodyEvents.code as code',
      'funeralCustodyEvents.place as place',
    ])
    .where((eb) => caseInSlice(eb, s))
    .orderBy('funeralCases.createdAt')
    .orderBy('funeralCustodyEvents.at')
    .orderBy('funeralCustodyEvents.id')
    .execute();
}

/** Documents recorded on the cases opened in the period. */
export function exchangeDocuments(db: Executor, s: ExchangeSlice) {
  return db
    .selectFrom('funeralCaseDocuments')
    .innerJoin('funeralCases', 'funeralCases.id', 'funeralCaseDocuments.caseId')
    .select([
      'funeralCases.caseNo as caseNo',
      'funeralCaseDocuments.kind as kind',
      'funeralCaseDocuments.number as number',
      'funeralCaseDocuments.issuer as issuer',
      'funeralCaseDocuments.issuedOn as issuedOn',
      'funeralCaseDocuments.status as status',
      'funeralCaseDocuments.recordedAt as recordedAt',
    ])
    .where((eb) => caseInSlice(eb, s))
    .orderBy('funeralCases.createdAt')
    .orderBy('funeralCaseDocuments.recordedAt')
    .orderBy('funeralCaseDocuments.id')
    .execute();
}

/** Facilities of the scope (an institution-bound actor: its own). */
export function exchangeFacilities(db: Executor, s: Pick<ExchangeSlice, 'divisionPrefix' | 'facilityId'>) {
  let q = db
    .selectFrom('funeralFacilities')
    .selectAll()
    .where('divisionCode', 'like', `${s.divisionPrefix}%`);
  if (s.facilityId) q = q.where('id', '=', s.facilityId);
  return q.orderBy('divisionCode').orderBy('name').orderBy('id').execute();
}

/** Bill lines (F5) of the cases opened in the period, with their bill's date and status. */
export function exchangeBillLines(db: Executor, s: ExchangeSlice) {
  return db
    .selectFrom('funeralBillLines')
    .innerJoin('funeralBills', 'funeralBills.id', 'funeralBillLines.billId')
    .innerJoin('funeralCases', 'funeralCases.id', 'funeralBills.caseId')
    .select([
      'funeralCases.caseNo as caseNo',
      'funeralBills.id as billId',
      'funeralBills.serviceDate as serviceDate',
      'funeralBills.status as billStatus',
      'funeralBills.facilityId as facilityId',
      'funeralBillLines.code as itemCode',
      'funeralBillLines.name as itemName',
      'funeralBillLines.category as category',
      'funeralBillLines.unit as unit',
      'funeralBillLines.unitPriceFen as unitPriceFen',
      'funeralBillLines.quantity as quantity',
      'funeralBillLines.amountFen as amountFen',
      'funeralBillLines.familyFen as familyFen',
      'funeralBillLines.waivedFen as waivedFen',
      'funeralBillLines.waiverReason as waiverReason',
      'funeralBillLines.waiverBasis as waiverBasis',
    ])
    .where((eb) => caseInSlice(eb, s))
    .orderBy('funeralCases.createdAt')
    .orderBy('funeralBills.createdAt')
    .orderBy('funeralBillLines.seq')
    .execute();
}

/** Qingming bookings (F7) whose visit day is in the period, under the scope, with their time slot. */
export function exchangeBookings(
  db: Executor,
  s: Pick<ExchangeSlice, 'divisionPrefix' | 'facilityId'> & { from: string; to: string },
) {
  let q = db
    .selectFrom('funeralQingmingBookings')
    .innerJoin('funeralQingmingSlots', 'funeralQingmingSlots.id', 'funeralQingmingBookings.slotId')
    .select([
      'funeralQingmingBookings.code as code',
      'funeralQingmingBookings.facilityId as facilityId',
      'funeralQingmingBookings.divisionCode as divisionCode',
      'funeralQingmingBookings.date as date',
      'funeralQingmingSlots.startsAt as startsAt',
      'funeralQingmingSlots.endsAt as endsAt',
      'funeralQingmingBookings.channel as channel',
      'funeralQingmingBookings.visitorName as visitorName',
      'funeralQingmingBookings.phoneMasked as phoneMasked',
      'funeralQingmingBookings.partySize as partySize',
      'funeralQingmingBookings.deceasedName as deceasedName',
      'funeralQingmingBookings.plotLabel as plotLabel',
      'funeralQingmingBookings.status as status',
      'funeralQingmingBookings.createdAt as createdAt',
      'funeralQingmingBookings.checkedInAt as checkedInAt',
    ])
    .where('funeralQingmingBookings.divisionCode', 'like', `${s.divisionPrefix}%`)
    .where('funeralQingmingBookings.date', '>=', s.from)
    .where('funeralQingmingBookings.date', '<=', s.to);
  if (s.facilityId) q = q.where('funeralQingmingBookings.facilityId', '=', s.facilityId);
  return q
    .orderBy('funeralQingmingBookings.date')
    .orderBy('funeralQingmingSlots.startsAt')
    .orderBy('funeralQingmingBookings.createdAt')
    .orderBy('funeralQingmingBookings.id')
    .execute();
}
