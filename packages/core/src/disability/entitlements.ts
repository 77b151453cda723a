/**
 * The only ways an entitlement (补贴对象) starts and stops, used by every concern inside its own write
 * transaction (the caller checks scope and permission and writes its audit row). A stop takes effect
 * from the month after the event (R-DIS-07): the event's month is the last month paid. Each change is an
 * event with its reason code and source, which the roster diff reads.
 */
import { DomainError, newId } from '@social-affairs/kernel';
import type { Actor } from '../access/index';
import type { Executor } from '../db/index';
import {
  findEntitlement,
  insertEntitlement,
  insertEntitlementEvent,
  openEntitlement,
  updateEntitlement,
  type DisabilityEntitlementRow,
} from './disability.repository';
import type { StopReason, Subsidy } from './disability.table';
import { addMonthsToMonth, isMonth, lastPaidMonthAfterEvent } from './rules';

export interface GrantInput {
  personId: string;
  subsidy: Subsidy;
  /** Hukou township (9) or county (6). */
  divisionCode: string;
  countyCode: string;
  applicationId: string | null;
  certificateId: string | null;
  fromMonth: string;
  source: string;
  sourceId: string | null;
  note?: string | null;
}

/** Starts an entitlement; 409 `DISABILITY_ALREADY_RECEIVING` when the person already receives the subsidy. */
export async function grantEntitlement(
  db: Executor,
  actor: Actor,
  input: GrantInput,
  at: string,
): Promise<DisabilityEntitlementRow> {
  if (!isMonth(input.fromMonth)) {
    throw new DomainError('invalid', 'MONTH_INVALID', '起始月份格式应为 YYYY-MM', { field: 'fromMonth' });
  }
  const open = await openEntitlement(db, input.personId, input.subsidy);
  if (open) {
    throw new DomainError(
      'conflict',
      'DISABILITY_ALREADY_RECEIVING',
      '该人员已在享受此项补贴，不能重复认定',
      {
        entitlementId: open.id,
        subsidy: input.subsidy,
      },
    );
  }
  const id = newId();
  await insertEntitlement(db, {
    id,
    personId: input.personId,
    subsidy: input.subsidy,
    divisionCode: input.divisionCode,
    countyCode: input.countyCode,
    applicationId: input.applicationId,
    certificateId: input.certificateId,
    fromMonth: input.fromMonth,
    toMonth: null,
    status: 'active',
    stopReason: null,
    stopEventDate: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  await insertEntitlementEvent(db, {
    entitlementId: id,
    kind: 'granted',
    effectiveMonth: input.fromMonth,
    reasonCode: null,
    note: input.note ?? null,
    source: input.source,
    sourceId: input.sourceId,
    actorId: actor.userId ?? actor.username,
    at,
  });
  return (await findEntitlement(db, id))!;
}

export interface StopInput {
  reason: StopReason;
  /** Day of the event (death date, judgment effective date, 低保 end, certificate status day…). */
  eventDate: string;
  source: string;
  sourceId: string | null;
  note?: string | null;
}

/**
 * Stops an open entitlement from the month after `eventDate` (R-DIS-07). Idempotent for the same reason:
 * an already stopped entitlement is returned unchanged (a death arriving twice stops once). The last
 * paid month never moves back before the first month (a stop before the start pays nothing).
 */
export async function stopEntitlement(
  db: Executor,
  actor: Actor,
  entitlement: DisabilityEntitlementRow,
  input: StopInput,
  at: string,
): Promise<{ row: DisabilityEntitlementRow; changed: boolean }> {
  if (entitlement.status === 'stopped') return { row: entitlement, changed: false };
  const last = lastPaidMonthAfterEvent(input.eventDate);
  await updateEntitlement(db, entitlement.id, {
    status: 'stopped',
    toMonth: last,
    stopReason: input.reason,
    stopEventDate: input.eventDate,
    updatedAt: at,
  });
  await insertEntitlementEvent(db, {
    entitlementId: entitlement.id,
    kind: 'stopped',
    // The first month not paid.
    effectiveMonth: addMonthsToMonth(last, 1),
    reasonCode: input.reason,
    note: input.note ?? null,
    source: input.source,
    sourceId: input.sourceId,
    actorId: actor.userId ?? actor.username,
    at,
  });
  return { row: (await findEntitlement(db, entitlement.id))!, changed: true };
}
