/**
 * Row types of the deaths concern (migration 0035-funeral-deaths) as Kysely sees them through
 * CamelCasePlugin: death registrations (certificate → people index), case flags, unidentified profiles.
 */
import type { Selectable } from 'kysely';

export type DeathRegistrationOutcome = 'recorded' | 'already_recorded' | 'merge_proposed';
export type DeathIdentifierKind = 'legacy' | 'resident_id' | 'credit_code';

/** 死亡登记: how one death certificate of a case reached the people index. */
export interface FuneralDeathRegistrationsTable {
  id: string;
  caseId: string;
  documentId: string;
  facilityId: string;
  divisionCode: string;
  personId: string;
  deathDate: string;
  era: 'before_2026' | 'from_2026';
  identifierKind: DeathIdentifierKind;
  outcome: DeathRegistrationOutcome;
  mergeId: string | null;
  status: 'active' | 'revoked';
  revocationId: string | null;
  recordedBy: string;
  recordedAt: string;
  updatedAt: string;
}

export type FuneralCaseFlagKind = 'death_revoked' | 'family_claim' | 'payer_review' | 'death_date_conflict';

export const FUNERAL_CASE_FLAG_LABELS: Record<FuneralCaseFlagKind, string> = {
  death_revoked: '死亡登记已撤销，待复核',
  family_claim: '寻亲候选已确认，待联系家属认领',
  payer_review: '身份已确认，费用承担方待核定',
  death_date_conflict: '死亡日期与人员库登记不一致，待核实',
};

/** A review flag on a case (待复核事项). */
export interface FuneralCaseFlagsTable {
  id: string;
  caseId: string;
  facilityId: string;
  divisionCode: string;
  kind: FuneralCaseFlagKind;
  sourceRef: string;
  note: string;
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

/** What a family may recognise of an unidentified body (published to the family search). */
export interface FuneralUnidentifiedProfilesTable {
  caseId: string;
  heightCm: number | null;
  features: string | null;
  clothing: string | null;
  foundPlace: string | null;
  foundOn: string | null;
  updatedBy: string;
  updatedAt: string;
}

export interface FuneralDeathsTables {
  funeralDeathRegistrations: FuneralDeathRegistrationsTable;
  funeralCaseFlags: FuneralCaseFlagsTable;
  funeralUnidentifiedProfiles: FuneralUnidentifiedProfilesTable;
}

export type FuneralDeathRegistrationRow = Selectable<FuneralDeathRegistrationsTable>;
export type FuneralCaseFlagRow = Selectable<FuneralCaseFlagsTable>;
export type FuneralUnidentifiedProfileRow = Selectable<FuneralUnidentifiedProfilesTable>;

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralDeathsTables {}
}
