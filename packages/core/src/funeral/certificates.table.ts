/**
 * Row types of the certificates concern (migration 0034-funeral-certificates) as Kysely sees them through
 * CamelCasePlugin: cremation certificates (火化证明), their history and re-issue log, and transport requests
 * (遗体外运). Dates `YYYY-MM-DD` text, instants ISO-8601 UTC text, booleans 0/1.
 */
import type {
  CertificateAction,
  CertificateReissueReason,
  CremationCertificateStatus,
  TransportRequestStatus,
} from '@social-affairs/kernel/contracts/funeral';

export interface FuneralCremationCertificatesTable {
  id: string;
  caseId: string;
  facilityId: string;
  /** The facility's division (scope). */
  divisionCode: string;
  /** From the facility's document-numbering series (kind `cremation-certificate`). */
  number: string;
  status: CremationCertificateStatus;
  crematedOn: string;
  issuedOn: string;
  issuedBy: string;
  collectorName: string | null;
  collectorRelation: string | null;
  /** Masked for display; the keyed HMAC compares; never the full id. */
  collectorResidentIdMasked: string | null;
  collectorResidentIdHmac: string | null;
  collectedAt: string | null;
  registeredOffice: string | null;
  registeredOn: string | null;
  archivedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  replacesId: string | null;
  reissueReason: CertificateReissueReason | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FuneralCertificateEventsTable {
  id: string;
  certificateId: string;
  caseId: string;
  action: CertificateAction;
  fromStatus: CremationCertificateStatus | null;
  toStatus: CremationCertificateStatus;
  at: string;
  actor: string;
  note: string | null;
}

export interface FuneralCertificateReissuesTable {
  id: string;
  caseId: string;
  oldCertificateId: string;
  newCertificateId: string;
  reason: CertificateReissueReason;
  note: string | null;
  at: string;
  actor: string;
}

export interface FuneralTransportRequestsTable {
  id: string;
  caseId: string;
  facilityId: string;
  divisionCode: string;
  /** County of death (R-FUN-03: its civil-affairs department approves). */
  deathCountyCode: string;
  destinationDivisionCode: string;
  destinationAddress: string;
  reason: string;
  carrier: string | null;
  status: TransportRequestStatus;
  approvalId: string | null;
  /** The case document `home_county_certificate` the request cites. */
  homeCountyDocumentId: string;
  /** The case document `death_place_approval` recorded when the approval completed. */
  approvalDocumentId: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  hygieneDone: number;
  vehicle: string | null;
  departedAt: string | null;
  departedBy: string | null;
  note: string | null;
  requestedOn: string;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface FuneralCertificateTables {
  funeralCremationCertificates: FuneralCremationCertificatesTable;
  funeralCertificateEvents: FuneralCertificateEventsTable;
  funeralCertificateReissues: FuneralCertificateReissuesTable;
  funeralTransportRequests: FuneralTransportRequestsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralCertificateTables {}
}
