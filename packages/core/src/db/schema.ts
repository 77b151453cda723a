/**
 * Row types of every table, as Kysely sees them through CamelCasePlugin
 * (column `first_spouse_id` is `firstSpouseId` here). Dates are `YYYY-MM-DD` text, instants ISO-8601
 * UTC text, money integer fen, booleans are status words with CHECK constraints.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ImportTables } from '../imports/imports.table';
import type { ApprovalTables } from '../approvals/approvals.table';
import type { NumberingTables } from '../numbering/numbering.table';
import type { AttachmentsTable } from '../attachments/attachments.table';
import type { PersonMergeTables } from '../people/merge.table';
import type { PersonDeathRevocationTables } from '../people/death-revocation.table';
import type { InstitutionTables } from '../access/institutions.table';

export interface PeopleTable {
  id: string;
  residentId: string | null;
  name: string;
  namePinyin: string;
  nameSearchKey: string;
  /** Pinyin order key (`personNameSortKey`, 0017); the ledger sorts names by it on both databases. */
  nameSortKey?: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  hukouDivisionCode: string;
  /** County-level division responsible for the record (access scope, reports, sharding). */
  divisionCode: string;
  status: 'alive' | 'deceased';
  deathDate: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Set when this record was merged into another (the survivor); null otherwise (0008-person-merge). */
  mergedInto?: string | null;
}

export interface PersonFactsTable {
  id: string;
  personId: string;
  field: string;
  value: string | null;
  source: string;
  recordedAt: string;
  recordedBy: string;
  /** The merge that carried this fact over from a merged record (source 合并), else null (0008). */
  mergeId?: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: string;
  divisionCode: string;
  status: 'active' | 'disabled';
  createdAt: string;
  passwordChangedAt: string;
  lastLoginAt: string | null;
  /** Institution the account is scoped to (a rescue station, a funeral home), if any (0009). */
  institutionId?: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  address: string | null;
}

export interface LoginThrottleTable {
  /** `account:<username>` or `address:<ip>`. */
  key: string;
  failures: number;
  firstFailureAt: string;
  lockedUntil: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string;
  action: string;
  targetType: string;
  targetId: string | null;
  divisionCode: string | null;
  reason: string | null;
  details: string;
  /** The person whose record was read or written (migration 0011); null: none or several. */
  subjectPersonId: string | null;
  /** Server key the row's HMAC-SM3 is under (migration 0011); null: a legacy plain-SM3 row. */
  keyId: string | null;
  prevHash: string;
  hash: string;
}

export interface OutboxEventsTable {
  id: string;
  type: string;
  payload: string;
  occurredAt: string;
  /** Monotonic per database; the dispatcher delivers in this order. */
  position: number;
}

export interface EventDeliveriesTable {
  eventId: string;
  subscriber: string;
  deliveredAt: string;
}

/**
 * Every table. The platform's are listed here; each business line adds its own by augmenting this
 * interface from its `<line>.table.ts` (`declare module '../db/schema' { interface Database extends
 * MarriageTables {} }`), so the platform never imports a line.
 */
export interface Database
  extends
    ImportTables,
    ApprovalTables,
    NumberingTables,
    PersonMergeTables,
    PersonDeathRevocationTables,
    InstitutionTables {
  people: PeopleTable;
  personFacts: PersonFactsTable;
  users: UsersTable;
  sessions: SessionsTable;
  loginThrottle: LoginThrottleTable;
  auditLog: AuditLogTable;
  outboxEvents: OutboxEventsTable;
  eventDeliveries: EventDeliveriesTable;
  attachments: AttachmentsTable;
}

/** `mergedInto` optional so that code building a new row need not name it (it starts null). */
export type PersonRow = Omit<Selectable<PeopleTable>, 'mergedInto' | 'nameSortKey'> & {
  mergedInto?: string | null;
  nameSortKey?: string;
};
export type NewPersonRow = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type UserRow = Selectable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type OutboxEventRow = Selectable<OutboxEventsTable>;
export type { Generated };
