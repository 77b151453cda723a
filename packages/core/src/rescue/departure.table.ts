/**
 * Row types of the departure concern's tables (migration 0024-rescue-departure), as Kysely sees them
 * through CamelCasePlugin: the departure (离站) of a case — at most one, the end of the stay — and the
 * settlement file (落户安置, R-RES-12), one under way or approved per case. Dates are `YYYY-MM-DD` text,
 * instants ISO-8601 UTC text, booleans 0/1, money in integer fen. JSON columns are text.
 */
import type { RescueDepartureKind } from '@social-affairs/kernel/contracts/rescue';

/** 离站记录: how and when the stay ended (R-RES-02, R-RES-07). One per case. */
export interface RescueDeparturesTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  kind: RescueDepartureKind;
  departedOn: string;
  destination: string | null;
  /** R-RES-07: travel voucher direct, or via the named transfer station. */
  routeKind: 'direct' | 'transfer' | null;
  transferStation: string | null;
  voucherNo: string | null;
  route: string | null;
  collectorName: string | null;
  collectorRelation: string | null;
  /** The collector's id number masked (maskResidentId); the full number is never stored. */
  collectorResidentIdMasked: string | null;
  /** HMAC-SM3 of the id number under the server key (purpose `rescue.collector-id`), to find repeat collectors. */
  collectorResidentIdHmac: string | null;
  collectorPhone: string | null;
  collectorIdCopyAttachmentId: string | null;
  escort: string | null;
  /** R-RES-02: who consented for a minor, and the staff account that recorded it. */
  consentBy: string | null;
  consentNote: string | null;
  declarationAttachmentId: string | null;
  transferTo: 'station' | 'institution' | null;
  transferToName: string | null;
  leftFrom: 'station' | 'hospital' | null;
  deathDate: string | null;
  deathCause: string | null;
  /** Sum of the cash payments (R-RES-07 cap). */
  cashTotalFen: number;
  /** JSON array of `{ amountFen, purpose }`. */
  cashPayments: string;
  cashReceiptAttachmentId: string | null;
  /** JSON array of `{ itemId, description, returned, reason }`: the register as returned. */
  belongings: string;
  belongingsReceiptAttachmentId: string | null;
  belongingsSigned: number;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export type RescueSettlementStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** 落户安置档案 (R-RES-12): one application per person (per case), reviewed through the approval engine. */
export interface RescueSettlementsTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  status: RescueSettlementStatus;
  approvalId: string | null;
  /** The public welfare institution with a collective hukou (集体户). */
  collectiveHukouInstitution: string;
  /** 流入地: the place found and its county. */
  foundPlace: string | null;
  foundDivisionCode: string;
  /** JSON array of the materials prepared (SETTLEMENT_MATERIALS). */
  materials: string;
  /** JSON array of the attachment ids cited. */
  attachmentIds: string;
  appliedOn: string;
  daysInCare: number;
  /** JSON of the evidence checked at application (DNA and face records, seven actions). */
  evidence: string;
  note: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface RescueDepartureTables {
  rescueDepartures: RescueDeparturesTable;
  rescueSettlements: RescueSettlementsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueDepartureTables {}
}
