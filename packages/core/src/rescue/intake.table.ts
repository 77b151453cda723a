/**
 * Row types of the intake concern's tables (migration 0021-rescue-intake) as Kysely sees them through
 * CamelCasePlugin. JSON columns are text.
 */
import type { RescueSex } from './rescue.table';

/** The intake record of a case (one per case, same id as the case). */
export interface RescueIntakesTable {
  caseId: string;
  /** JSON of the eligibility answers (R-RES-01). */
  eligibility: string;
  information: 'given' | 'refused' | 'cannot_give';
  hukouAddress: string | null;
  vagrancyReason: string | null;
  relativesContact: string | null;
  /** Police escort (R-RES-06, 交接表). */
  policeUnit: string | null;
  policeOfficer: string | null;
  handoverAt: string | null;
  referralNote: string | null;
  securityCheck: 'passed' | 'prohibited_found' | 'refused';
  securityNote: string | null;
  /** JSON of the R-RES-15 conditions seen at intake. */
  conditions: string;
  medicalReferralTo: string | null;
  policeReferralTo: string | null;
  /** Under 18 at entry (R-RES-16). */
  minorAtEntry: number;
  /** R-RES-04: the staff member in charge and their sex (users have no sex field). */
  caseworkerName: string;
  caseworkerSex: RescueSex;
  /** The proposed person merge identifying an unidentified case, if any. */
  identificationMergeId: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** 物品与证件登记: one item; an identity document only in voluntary safekeeping (R-RES-08). */
export interface RescueBelongingsTable {
  id: string;
  caseId: string;
  /** Order of registration within the case (1, 2, …). */
  position: number;
  item: string;
  quantity: number;
  description: string | null;
  identityDocument: number;
  safekeepingConsent: number;
  consentNote: string | null;
  recordedAt: string;
  recordedBy: string;
  /** Set by the departure concern when the item is returned against the register. */
  returnedAt: string | null;
  returnedNote: string | null;
}

export type RescueRefusalGroundCode =
  'can_pay' | 'has_relatives' | 'receives_subsistence' | 'not_vagrant' | 'refuses_information' | 'other';

/** 不予救助: a refused applicant (R-RES-01, R-RES-03), with the number of the notice given. */
export interface RescueRefusalsTable {
  id: string;
  stationId: string;
  divisionCode: string;
  decidedOn: string;
  nameGiven: string | null;
  sex: RescueSex | null;
  /** The first ground; `grounds` holds all of them (JSON array of codes). */
  groundCode: RescueRefusalGroundCode;
  grounds: string;
  eligibility: string;
  note: string | null;
  decidedBy: string;
  decidedByName: string;
  noticeNo: string;
  createdAt: string;
}

export interface RescueIntakeTables {
  rescueIntakes: RescueIntakesTable;
  rescueBelongings: RescueBelongingsTable;
  rescueRefusals: RescueRefusalsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueIntakeTables {}
}
