/**
 * Row types of the rescue line's shared tables (migration 0018-rescue) as Kysely sees them through
 * CamelCasePlugin. Dates are `YYYY-MM-DD` text, instants ISO-8601 UTC text, booleans 0/1 integers.
 * Each concern of the line (intake, stay, prescribed actions, departure, warnings) declares its own
 * tables in its own `<concern>.table.ts` the same way.
 */

/** 救助管理站: the profile of an institution of kind `rescue_station` (same id). */
export interface RescueStationsTable {
  id: string;
  name: string;
  /** County or township code of the station (scope, ADR 0009). */
  divisionCode: string;
  address: string;
  /** 求助热线, published and registered with local 114 (R-RES-14). */
  hotline: string;
  /** 24 小时接待 (R-RES-14). */
  receptionAllDay: number;
  hotlineAllDay: number;
  /** Registered with the local 114 directory (R-RES-14). */
  hotlineInDirectory: number;
  /** Beds by sex (rooms are separated by sex, R-RES-04). */
  capacityMale: number;
  capacityFemale: number;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type RescueSex = 'male' | 'female';

/** A dormitory (宿舍) of one sex (R-RES-04: a female recipient never goes to a male dormitory). */
export interface RescueDormitoriesTable {
  id: string;
  stationId: string;
  name: string;
  sex: RescueSex;
  beds: number;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
}

export type RescuePartnerKind = 'foster' | 'hospital';
/** R-RES-13: an `unqualified` institution takes no new placement; `under_rectification` is flagged. */
export type RescuePartnerQualification = 'qualified' | 'under_rectification' | 'unqualified';

/** 托养机构 (foster institution, MZ/T 060-2015) or 合作医院 (partner hospital). */
export interface RescuePartnersTable {
  id: string;
  kind: RescuePartnerKind;
  name: string;
  divisionCode: string;
  /** Public institutions are preferred (R-RES-13). */
  ownership: 'public' | 'private';
  qualification: RescuePartnerQualification;
  qualificationNote: string | null;
  capacity: number;
  address: string;
  contactName: string | null;
  contactPhone: string | null;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** 托养协议 between a station and a partner. */
export interface RescueAgreementsTable {
  id: string;
  agreementNo: string;
  stationId: string;
  partnerId: string;
  /** The station's division (the agreement is the station's record). */
  divisionCode: string;
  validFrom: string;
  validUntil: string;
  places: number;
  status: 'active' | 'terminated';
  terminatedOn: string | null;
  terminatedReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type RescueIdentityStatus = 'identified' | 'unidentified' | 'to_verify';
export type RescueReferralSource = 'police' | 'urban_management' | 'self' | 'public' | 'other';
export type RescueCivilCapacity = 'full' | 'limited' | 'none';
/** Where the person is while the case is open (in_station, placed, in_hospital) or how it ended. */
export type RescueCaseStatus = 'in_station' | 'placed' | 'in_hospital' | 'departed' | 'settled' | 'deceased';
export const OPEN_RESCUE_CASE_STATUSES = ['in_station', 'placed', 'in_hospital'] as const;

/** 救助案件: one stay of one person, from intake (求助登记) to departure, settlement or death. */
export interface RescueCasesTable {
  id: string;
  /** Numbered from the station's sequence (document numbering). */
  caseNo: string;
  /** The station (= its institution id): the first responsible party wherever the person is (R-RES-13). */
  stationId: string;
  divisionCode: string;
  /** People-index record; an unidentified person has one too, marked unidentified, merged later. */
  personId: string;
  identityStatus: RescueIdentityStatus;
  /** The name the person gave or is known by, if any. */
  nameGiven: string | null;
  sex: RescueSex;
  birthDate: string | null;
  /** Estimated age in years when the birth date is unknown. */
  estimatedAge: number | null;
  enteredAt: string;
  /** Beijing date of `enteredAt`: day 0 of every period (R-RES-05, R-RES-09, R-RES-11). */
  entryDate: string;
  referralSource: RescueReferralSource;
  civilCapacity: RescueCivilCapacity;
  /** Signs of mental or intellectual disability (R-RES-05: the 10-day limit does not apply). */
  mentalSigns: number;
  foundPlace: string | null;
  foundOn: string | null;
  heightCm: number | null;
  health: string | null;
  intellect: string | null;
  mentalState: string | null;
  features: string | null;
  clothing: string | null;
  dormitoryId: string | null;
  status: RescueCaseStatus;
  closedAt: string | null;
  closeKind: string | null;
  closeNote: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RescueTables {
  rescueStations: RescueStationsTable;
  rescueDormitories: RescueDormitoriesTable;
  rescuePartners: RescuePartnersTable;
  rescueAgreements: RescueAgreementsTable;
  rescueCases: RescueCasesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueTables {}
}
