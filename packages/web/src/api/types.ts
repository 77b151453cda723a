/**
 * Payloads of the HTTP API as the browser sees them. Kept local until the shared zod contracts in
 * `@social-affairs/kernel/contracts` exist; field names follow the API contract exactly.
 */

/** `YYYY-MM-DD` calendar date (no time zone). */
export type PlainDateText = string;
/** ISO-8601 instant in UTC, e.g. `2026-03-01T08:00:00.000Z`. */
export type InstantText = string;

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export type RoleCode =
  | 'admin'
  | 'registrar'
  | 'rescue_staff'
  | 'funeral_staff'
  | 'subsidy_clerk'
  | 'federation_reviewer'
  | 'county_reviewer'
  | 'supervisor'
  | 'auditor';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: RoleCode;
  /** 中文角色名, e.g. 补贴经办人员 */
  roleLabel: string;
  divisionCode: string;
  divisionName: string;
  permissions: string[];
}

export interface MeResponse {
  user: Me;
}

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';

export interface DivisionNode {
  code: string;
  name: string;
  level: DivisionLevel;
  children: DivisionNode[];
}

export interface DivisionTreeResponse {
  root: DivisionNode;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Sex = 'male' | 'female';
export type PersonStatus = 'alive' | 'deceased';

export interface PersonSummary {
  id: string;
  /** e.g. `430102********1234`; null when the person has no known resident id. */
  residentIdMasked: string | null;
  name: string;
  namePinyin: string;
  sex: Sex;
  birthDate: PlainDateText | null;
  age: number | null;
  hukouDivisionCode: string;
  hukouDivisionName: string;
  status: PersonStatus;
  deathDate: PlainDateText | null;
}

export interface PersonFact {
  field: string;
  source: string;
  recordedAt: InstantText;
  recordedBy: string;
  /** The recorder's display name (系统 for the system). */
  recordedByName: string;
}

export interface PersonDetail extends PersonSummary {
  facts: PersonFact[];
  createdAt: InstantText;
  updatedAt: InstantText;
}

export interface PeopleQuery {
  division?: string;
  q?: string;
  sex?: Sex;
  status?: PersonStatus;
  page?: number;
  pageSize?: number;
}

export interface RevealIdResponse {
  /** null when the person has no recorded resident id. */
  residentId: string | null;
}

export interface RecordDeathRequest {
  deathDate: PlainDateText;
  source: string;
  /** Optional note for the audit log (≤ 200 characters). */
  reason?: string;
}

export interface PeopleByDivisionRow {
  divisionCode: string;
  divisionName: string;
  /** Living people per entry of `bands`, same order (the deceased are not in any age group). */
  counts: number[];
  /** Living people. */
  alive: number;
  /** Everyone, living and deceased. */
  total: number;
  deceased: number;
}

export interface PeopleByDivisionReport {
  division: { code: string; name: string; level: DivisionLevel };
  /** Age bands, e.g. `['0-17岁', '18-59岁', '60岁及以上']`. */
  bands: string[];
  /** The children of `division`. */
  rows: PeopleByDivisionRow[];
}

export type UserStatus = 'active' | 'disabled';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: RoleCode;
  roleLabel: string;
  divisionCode: string;
  divisionName: string;
  status: UserStatus;
  lastLoginAt: InstantText | null;
}

export interface UsersQuery {
  q?: string;
  role?: string;
  page?: number;
  pageSize?: number;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: RoleCode;
  divisionCode: string;
  password: string;
}

export interface RoleInfo {
  role: RoleCode;
  label: string;
  permissions: string[];
}

export interface AuditEntry {
  seq: number;
  at: InstantText;
  actorUsername: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  divisionCode: string | null;
  /** The person whose record the row read or wrote. */
  subjectPersonId: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  /** Rows about this person: who read or changed their record. */
  personId?: string;
  from?: PlainDateText;
  to?: PlainDateText;
  page?: number;
  pageSize?: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  problem: string | null;
  /** A sentence naming the first problem (or the rows and checkpoints verified). */
  message: string;
  /** Rows before the switch-over to the keyed chain (plain SM3). */
  legacyRows: number;
  /** Keyed head checkpoints the chain was checked against. */
  checkpoints: number;
}

export interface PeopleTrendReport {
  division: { code: string; name: string };
  /** Oldest first; months of the platform's calendar (Asia/Shanghai). */
  months: { month: string; added: number; deaths: number }[];
}
