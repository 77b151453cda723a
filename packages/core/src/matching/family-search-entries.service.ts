/**
 * The family-search feed: how a line makes its records searchable in 寻亲 (issue 12 item 0). A line
 * (matching's missing-person reports, rescue's unidentified living people, funeral's unidentified
 * deceased) calls `publishFamilySearchRecord` inside the transaction that creates or changes its record,
 * after appending its audit row, and `withdrawFamilySearchRecord` when the record must leave the search
 * (found, withdrawn, identified, closed). Each call gives the row a new feed `seq`, taken just before
 * COMMIT under the audit chain lock (a pre-commit step after the audit flush, ADR 0016), so `seq` order
 * is commit order and every process's in-memory index (family-search-index.ts) applies the change on its
 * next query. Until then the row carries a negative placeholder, invisible to the feed's readers.
 */
import { DomainError, isPlainDate } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { isScopeDivisionCode } from '../access/index';
import type { CoreContext } from '../context';
import {
  lockChainOnce,
  preCommitState,
  type Database,
  type DialectName,
  type PreCommitStep,
} from '../db/index';
import {
  findEntry,
  insertEntry,
  lastEntrySeq,
  lastReportSeq,
  markEntryRemoved,
  replaceEntry,
  setEntrySeq,
  setReportSeq,
} from './family-search-entries.repository';
import type { FamilyRecordKind, FamilySearchEntryRow } from './matching.table';

export type { FamilyRecordKind } from './matching.table';

const KINDS: readonly FamilyRecordKind[] = ['missing-report', 'unidentified-living', 'unidentified-deceased'];

/** What a line publishes about one of its records. Only what helps a family recognise the person. */
export interface FamilySearchRecordInput {
  /** The owning record's id (UUID v7 from `newId()`); hits and candidates name it. */
  ownerId: string;
  /** The owning line's manifest name (`matching`, `rescue`, `funeral`). */
  ownerLine: string;
  kind: FamilyRecordKind;
  /** The owner's own number (case number …), shown beside a hit. */
  reference?: string | null;
  /** Name or small name as known (hanzi or pinyin). */
  name?: string | null;
  sex?: 'male' | 'female' | null;
  /** Birth year ± uncertainty (reports), or … */
  birthYear?: number | null;
  birthYearUncertainty?: number | null;
  /** … the age estimated on the day the person was seen or found (rescue, funeral). */
  estimatedAge?: { estimate: number; range?: number; asOf: string } | null;
  /** Lost on / found on, `YYYY-MM-DD`. */
  eventDate?: string | null;
  /** Where the person was lost or found (2–9 digit division code). */
  placeCode?: string | null;
  features?: string | null;
  /** Opaque photo reference (attachment id), returned with a hit. */
  photoRef?: string | null;
  /** Scope of the record: handling county or township, and institution if the record is an institution's. */
  divisionCode: string;
  institutionId?: string | null;
}

function invalid(code: string, message: string, field: string): DomainError {
  return new DomainError('invalid', code, message, { field });
}

function check(r: FamilySearchRecordInput): void {
  if (!r.ownerId.trim() || !r.ownerLine.trim())
    throw invalid('FAMILY_RECORD_INVALID', '缺少记录编号或所属业务', 'ownerId');
  if (!KINDS.includes(r.kind)) throw invalid('FAMILY_RECORD_KIND_UNKNOWN', '寻亲记录类别不正确', 'kind');
  if (!isScopeDivisionCode(r.divisionCode))
    throw invalid('DIVISION_UNKNOWN', '寻亲记录的行政区划代码不存在', 'divisionCode');
  if (r.placeCode && !/^[0-9]{2,9}$/.test(r.placeCode))
    throw invalid('DIVISION_UNKNOWN', '走失或发现地点的区划代码应为 2–9 位数字', 'placeCode');
  if (r.eventDate && !isPlainDate(r.eventDate)) throw invalid('DATE_INVALID', '日期格式不正确', 'eventDate');
  const age = r.estimatedAge;
  if (age) {
    if (!isPlainDate(age.asOf))
      throw invalid('DATE_INVALID', '估计年龄的日期格式不正确', 'estimatedAge.asOf');
    if (!Number.isInteger(age.estimate) || age.estimate < 0 || age.estimate > 120)
      throw invalid('AGE_INVALID', '估计年龄应在 0–120 岁之间', 'estimatedAge.estimate');
  }
}

/**
 * Makes a record searchable, or replaces what the search holds about it. Call inside the owning line's
 * transaction, after its audit row (the feed position is taken under the audit chain lock, which this
 * also takes). A record id owned by another line is a conflict.
 */
export async function publishFamilySearchRecord(
  ctx: CoreContext,
  trx: Transaction<Database>,
  record: FamilySearchRecordInput,
): Promise<void> {
  check(record);
  const existing = await findEntry(trx, record.ownerId);
  if (existing && existing.ownerLine !== record.ownerLine) {
    throw new DomainError('conflict', 'FAMILY_RECORD_OWNED_ELSEWHERE', '该寻亲记录属于其他业务，不能修改', {
      id: record.ownerId,
    });
  }
  const now = ctx.clock.now().toISOString();
  const age = record.estimatedAge ?? null;
  const row: Omit<FamilySearchEntryRow, 'id' | 'createdAt'> = {
    ownerLine: record.ownerLine,
    kind: record.kind,
    reference: record.reference?.trim() || null,
    name: record.name?.trim() || null,
    sex: record.sex ?? null,
    birthYear: record.birthYear ?? null,
    birthYearUncertainty: record.birthYear ? (record.birthYearUncertainty ?? 2) : null,
    estimatedAge: age ? age.estimate : null,
    estimatedAgeRange: age ? (age.range ?? 5) : null,
    estimatedAgeAsOf: age ? age.asOf : null,
    eventDate: record.eventDate ?? null,
    placeCode: record.placeCode ?? null,
    features: record.features?.trim() || null,
    photoRef: record.photoRef ?? null,
    divisionCode: record.divisionCode,
    institutionId: record.institutionId ?? null,
    status: 'active',
    seq: placeholderSeq(),
    updatedAt: now,
  };
  if (existing) await replaceEntry(trx, record.ownerId, row);
  else await insertEntry(trx, { id: record.ownerId, createdAt: now, ...row });
  await positionBeforeCommit(ctx.db.dialect, trx, 'entry', record.ownerId);
}

/**
 * Takes a record out of the search (found, withdrawn, identified …). Call inside the owning line's
 * transaction, after its audit row. Unknown ids and records already withdrawn are left as they are.
 */
export async function withdrawFamilySearchRecord(
  ctx: CoreContext,
  trx: Transaction<Database>,
  ownerLine: string,
  ownerId: string,
): Promise<void> {
  const existing = await findEntry(trx, ownerId);
  if (!existing || existing.status === 'removed') return;
  if (existing.ownerLine !== ownerLine) {
    throw new DomainError('conflict', 'FAMILY_RECORD_OWNED_ELSEWHERE', '该寻亲记录属于其他业务，不能撤下', {
      id: ownerId,
    });
  }
  await markEntryRemoved(trx, ownerId, placeholderSeq(), ctx.clock.now().toISOString());
  await positionBeforeCommit(ctx.db.dialect, trx, 'entry', ownerId);
}

/**
 * A negative placeholder for `seq` until the pre-commit step sets the real one: unique (the column is)
 * with overwhelming likelihood among the transactions open at once, and if two ever met, the second
 * would only wait for the first to commit (its placeholder is gone by then). Never read as a position:
 * readers ask for `seq > n ≥ 0`.
 */
export function placeholderSeq(): number {
  return -1 - Math.floor(Math.random() * 2_000_000_000);
}

/**
 * Gives a missing-person report (inserted in this transaction with `placeholderSeq()`) its filing
 * position just before COMMIT, in commit order (family-search.service.ts).
 */
export function positionReportBeforeCommit(
  ctx: Pick<CoreContext, 'db'>,
  trx: Transaction<Database>,
  reportId: string,
): Promise<void> {
  return positionBeforeCommit(ctx.db.dialect, trx, 'report', reportId);
}

interface PendingPositions {
  dialect: DialectName;
  entries: Set<string>;
  reports: Set<string>;
}

async function positionBeforeCommit(
  dialect: DialectName,
  trx: Transaction<Database>,
  kind: 'entry' | 'report',
  id: string,
): Promise<void> {
  const pending = await preCommitState(trx, POSITIONS);
  pending.dialect = dialect;
  (kind === 'entry' ? pending.entries : pending.reports).add(id);
}

/**
 * After the audit flush (which already holds the audit chain lock, else it is taken here): the last
 * committed position, then each row changed in this transaction one position further.
 */
const POSITIONS: PreCommitStep<PendingPositions> = {
  name: 'family-search positions',
  order: 20,
  create: () => ({ dialect: 'sqlite', entries: new Set(), reports: new Set() }),
  async flush(trx, { dialect, entries, reports }) {
    if (entries.size === 0 && reports.size === 0) return;
    await lockChainOnce(trx, dialect, 'audit');
    if (reports.size) {
      let seq = await lastReportSeq(trx);
      for (const id of reports) await setReportSeq(trx, id, ++seq);
    }
    if (entries.size) {
      let seq = await lastEntrySeq(trx);
      for (const id of entries) await setEntrySeq(trx, id, ++seq);
    }
  },
};
