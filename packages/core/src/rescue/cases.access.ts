/**
 * Scope checks every concern of the rescue line uses before it reads or writes a case or a station:
 * a record outside the actor's division or institution answers 404 exactly like a missing one (ADR 0009,
 * ADR 0015: a write naming a record checks its scope like a read).
 */
import { DomainError } from '@social-affairs/kernel';
import { ensureVisible, type Actor } from '../access/index';
import type { Executor } from '../db/index';
import {
  findRescueCase,
  findRescueStation,
  lockRescueCase,
  type RescueCaseRow,
  type RescueStationRow,
} from './cases.repository';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';

/** The scope of a case: its station's division and the station as institution. */
export function caseScope(row: { divisionCode: string; stationId: string }): {
  divisionCode: string;
  institutionId: string;
} {
  return { divisionCode: row.divisionCode, institutionId: row.stationId };
}

/** The case if it exists and the actor may see it; 404 `NOT_FOUND` otherwise. */
export async function visibleCase(db: Executor, actor: Actor, id: string): Promise<RescueCaseRow> {
  const row = await findRescueCase(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '救助案件不存在或不在您的管辖范围内');
  ensureVisible(actor, caseScope(row), '救助案件');
  return row;
}

/** Inside a write transaction: the case, scope-checked and locked (version bumped). */
export async function lockedVisibleCase(db: Executor, actor: Actor, id: string): Promise<RescueCaseRow> {
  const seen = await visibleCase(db, actor, id);
  const row = await lockRescueCase(db, seen.id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '救助案件不存在或不在您的管辖范围内');
  return row;
}

/** Refuses a change to a case that has ended (departed, settled, deceased): 409 `RESCUE_CASE_CLOSED`. */
export function ensureCaseOpen(row: RescueCaseRow): void {
  if (!(OPEN_RESCUE_CASE_STATUSES as readonly string[]).includes(row.status)) {
    throw new DomainError('conflict', 'RESCUE_CASE_CLOSED', '该救助案件已结束，不能再办理此事项', {
      status: row.status,
    });
  }
}

/** The station if it exists and the actor may see it (a station is its own institution). */
export async function visibleStation(db: Executor, actor: Actor, id: string): Promise<RescueStationRow> {
  const row = await findRescueStation(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '救助管理站不存在或不在您的管辖范围内');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.id }, '救助管理站');
  return row;
}
