/**
 * Row types of the source-governance concern's tables (migration 0030-rescue-governance) as Kysely sees
 * them through CamelCasePlugin: returnees and their follow-up visits (返乡回访), at-risk persons
 * (易走失人员), the repeat-wanderer scan marks and flags (多次流浪), the alerts to the hukou county
 * (源头治理预警) and the street patrol leads (街面巡查线索). Dates `YYYY-MM-DD` text, instants ISO-8601 UTC
 * text, booleans 0/1, JSON columns text.
 */

/** 返乡人员: one per case closed as returned home or collected by family (registered by the governance sync). */
export interface RescueReturneesTable {
  id: string;
  caseId: string;
  stationId: string;
  /** The station's division (scope, ADR 0009). */
  divisionCode: string;
  personId: string;
  departureKind: 'return_home' | 'collected_by_family';
  returnedOn: string;
  destination: string | null;
  /** County of the hukou (resident id) or destination; null until the station sets it. Also scope: the home county sees the row. */
  homeDivisionCode: string | null;
  status: 'following' | 'closed';
  closedReason: string | null;
  nextVisitDue: string | null;
  visits: number;
  lastVisitOn: string | null;
  lastAtHome: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** 回访记录: one follow-up visit of a returnee. */
export interface RescueReturneeVisitsTable {
  id: string;
  returneeId: string;
  visitedOn: string;
  party: 'hukou_civil_affairs' | 'station';
  visitorName: string;
  method: 'phone' | 'visit';
  situation: string;
  atHome: number;
  /** JSON array of RETURNEE_NEEDS. */
  needs: string;
  nextDueOn: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** 易走失人员: a person at risk of wandering, registered by the civil affairs of the home division. */
export interface RescueAtRiskPersonsTable {
  id: string;
  divisionCode: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  /** JSON array of AT_RISK_KINDS. */
  kinds: string;
  homeAddress: string;
  /** JSON array of `{ name, relation, phone }` (full phone; lists mask it). */
  contacts: string;
  notes: string | null;
  personId: string | null;
  status: 'active' | 'closed';
  closedReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A case the repeat-wanderer scan has looked at (the job's watermark: each case once). */
export interface RescueRepeatScansTable {
  caseId: string;
  scannedAt: string;
  candidates: number;
}

/** 多次流浪标记: a later case and an earlier case at another station that may be the same person. */
export interface RescueRepeatFlagsTable {
  id: string;
  caseId: string;
  earlierCaseId: string;
  /** The later case's station and division (scope). */
  stationId: string;
  divisionCode: string;
  basis: 'same_person' | 'engine';
  score: number;
  /** JSON array of Chinese explanation lines. */
  explanation: string;
  status: 'open' | 'confirmed' | 'rejected';
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** 源头治理预警: a confirmed repeat wanderer, sent to the hukou county's rescue staff until acknowledged. */
export interface RescueGovernanceAlertsTable {
  id: string;
  flagId: string;
  caseId: string;
  personId: string;
  hukouDivisionCode: string;
  hukouBasis: 'resident_id' | 'people_index' | 'returnee_home' | 'caseworker';
  summary: string;
  status: 'open' | 'acknowledged';
  actionTaken: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** 街面巡查线索: a lead about a person in need on the street, referred to a station. */
export interface RescuePatrolLeadsTable {
  id: string;
  stationId: string;
  divisionCode: string;
  receivedAt: string;
  /** Beijing date of receivedAt (filters, statistics). */
  receivedOn: string;
  source: 'police' | 'urban_management' | 'public' | 'station_patrol';
  reporter: string;
  reporterPhone: string | null;
  placeDivisionCode: string;
  placeDescription: string;
  personDescription: string;
  respondedAt: string | null;
  outcome: 'rescued' | 'refused' | 'not_found' | null;
  outcomeNote: string | null;
  caseId: string | null;
  responseMinutes: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RescueGovernanceTables {
  rescueReturnees: RescueReturneesTable;
  rescueReturneeVisits: RescueReturneeVisitsTable;
  rescueAtRiskPersons: RescueAtRiskPersonsTable;
  rescueRepeatScans: RescueRepeatScansTable;
  rescueRepeatFlags: RescueRepeatFlagsTable;
  rescueGovernanceAlerts: RescueGovernanceAlertsTable;
  rescuePatrolLeads: RescuePatrolLeadsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RescueGovernanceTables {}
}
