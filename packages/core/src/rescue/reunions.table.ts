/**
 * Row type of the family concern's table (migration 0027-rescue-reunions), as Kysely sees it through
 * CamelCasePlugin: a reunion (团聚) of a rescue case with its family — contact, identity check, handover.
 * Instants ISO-8601 UTC text, dates `YYYY-MM-DD` text.
 */
import type { ReunionChannel, ReunionStatus } from '@social-affairs/kernel/contracts/rescue';

export interface RescueReunionsTable {
  id: string;
  caseId: string;
  stationId: string;
  divisionCode: string;
  channel: ReunionChannel;
  /** H1's family candidate (family_candidates.id) when started by `family.match-confirmed`. */
  candidateId: string | null;
  /** The record the family was found through (e.g. `matching` / missing report id / `missing-report`). */
  sourceLine: string | null;
  sourceId: string | null;
  sourceKind: string | null;
  sourceReference: string | null;
  startedHow: 'event' | 'hand';
  status: ReunionStatus;
  familyName: string | null;
  familyRelation: string | null;
  familyPhone: string | null;
  contactedAt: string | null;
  contactNote: string | null;
  kinName: string | null;
  kinRelation: string | null;
  /** The family member's resident id, masked (never stored in full). */
  kinResidentIdMasked: string | null;
  /**
   * Keyed HMAC of the family member's resident id (`collectorIdentity`, purpose `rescue.collector-id`):
   * the handover checks the collector's typed id against it. Never in answers or audit details.
   */
  kinResidentIdHmac: string | null;
  evidenceAttachmentId: string | null;
  confirmedName: string | null;
  confirmedResidentIdMasked: string | null;
  confirmedPersonId: string | null;
  mergeId: string | null;
  checkedBy: string | null;
  checkedAt: string | null;
  departureId: string | null;
  handedOverOn: string | null;
  handedOverBy: string | null;
  handedOverAt: string | null;
  cancelReason: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  note: string | null;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  version: number;
}

export interface RescueFamilyTables {
  rescueReunions: RescueReunionsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueFamilyTables {}
}
