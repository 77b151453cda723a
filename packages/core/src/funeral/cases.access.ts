/**
 * Scope checks every concern of the funeral line uses before it reads or writes a case or a facility: a
 * record outside the actor's division or institution answers 404 exactly like a missing one (ADR 0009,
 * ADR 0015: a write naming a record checks its scope like a read).
 */
import { DomainError } from '@social-affairs/kernel';
import { ensureVisible, type Actor } from '../access/index';
import type { Executor } from '../db/index';
import {
  findFuneralCase,
  findFuneralFacility,
  lockFuneralCase,
  type FuneralCaseRow,
  type FuneralFacilityRow,
} from './cases.repository';
import { OPEN_CUSTODY_STEPS } from './funeral.table';
import { facilityApproval } from './rules';

/** The scope of a case: its facility's division and the facility as institution. */
export function funeralCaseScope(row: { divisionCode: string; facilityId: string }): {
  divisionCode: string;
  institutionId: string;
} {
  return { divisionCode: row.divisionCode, institutionId: row.facilityId };
}

/** The case if it exists and the actor may see it; 404 `NOT_FOUND` otherwise. */
export async function visibleFuneralCase(db: Executor, actor: Actor, id: string): Promise<FuneralCaseRow> {
  const row = await findFuneralCase(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '遗体档案不存在或不在您的管辖范围内');
  ensureVisible(actor, funeralCaseScope(row), '遗体档案');
  return row;
}

/** Inside a write transaction: the case, scope-checked and locked (version bumped). */
export async function lockedVisibleFuneralCase(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<FuneralCaseRow> {
  const seen = await visibleFuneralCase(db, actor, id);
  const row = await lockFuneralCase(db, seen.id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '遗体档案不存在或不在您的管辖范围内');
  return row;
}

/** Refuses a change to a case whose body has left custody or whose order was cancelled: 409 `FUNERAL_CASE_CLOSED`. */
export function ensureFuneralCaseOpen(row: FuneralCaseRow): void {
  if (!(OPEN_CUSTODY_STEPS as readonly string[]).includes(row.step)) {
    throw new DomainError('conflict', 'FUNERAL_CASE_CLOSED', '该遗体档案已办结，不能再办理此事项', {
      step: row.step,
    });
  }
}

/** The facility if it exists and the actor may see it (a facility is its own institution). */
export async function visibleFacility(db: Executor, actor: Actor, id: string): Promise<FuneralFacilityRow> {
  const row = await findFuneralFacility(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '殡葬设施不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.id }, '殡葬设施');
  return row;
}

/**
 * R-FUN-05: a facility approved at the wrong level is invalid and can take no business; a suspended or
 * closed one neither. 409 `FUNERAL_FACILITY_INVALID` / `FUNERAL_FACILITY_NOT_ACTIVE`.
 */
export function ensureFacilityMayTakeBusiness(f: FuneralFacilityRow): void {
  const approval = facilityApproval(f);
  if (!approval.valid) {
    throw new DomainError('conflict', 'FUNERAL_FACILITY_INVALID', `${approval.reason}，不得开展业务`, {
      facilityId: f.id,
    });
  }
  if (f.status !== 'active') {
    throw new DomainError(
      'conflict',
      'FUNERAL_FACILITY_NOT_ACTIVE',
      f.status === 'suspended' ? '该殡葬设施已被暂停业务，不得开展业务' : '该殡葬设施已关闭',
      { facilityId: f.id, status: f.status },
    );
  }
}
