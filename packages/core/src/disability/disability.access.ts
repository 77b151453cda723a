/**
 * Scope checks every concern of the disability line uses before it reads or writes a record: a record
 * outside the actor's division answers 404 exactly like a missing one (ADR 0009, ADR 0015). An application
 * is visible both to the window that received it (any township of the province, R-DIS-06) and to its
 * hukou township and county, which review and pay.
 */
import { DomainError } from '@social-affairs/kernel';
import { ensureSharedVisible, ensureVisible, inScope, type Actor } from '../access/index';
import type { Executor } from '../db/index';
import {
  findApplication,
  findCertificate,
  findEntitlement,
  lockApplication,
  lockEntitlement,
  type DisabilityApplicationRow,
  type DisabilityCertificateRow,
  type DisabilityEntitlementRow,
} from './disability.repository';

const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

/** Whether the actor may see the application: its hukou division or the receiving window's township. */
export function applicationInScope(actor: Actor, row: DisabilityApplicationRow): boolean {
  return (
    inScope(actor, row.divisionCode) ||
    (row.receivedDivisionCode !== null && inScope(actor, row.receivedDivisionCode))
  );
}

export async function visibleApplication(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<DisabilityApplicationRow> {
  const row = await findApplication(db, id);
  if (!row || !applicationInScope(actor, row)) throw notFound('补贴申请');
  return row;
}

/** Inside a write transaction: the application, scope-checked and locked (version bumped). */
export async function lockedVisibleApplication(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<DisabilityApplicationRow> {
  const seen = await visibleApplication(db, actor, id);
  const row = await lockApplication(db, seen.id);
  if (!row) throw notFound('补贴申请');
  return row;
}

/** Only the hukou side (township or county) acts on the review and payment of an application. */
export function ensureHukouSide(actor: Actor, row: DisabilityApplicationRow): void {
  if (!inScope(actor, row.divisionCode)) {
    throw new DomainError(
      'forbidden',
      'DISABILITY_NOT_HUKOU_SIDE',
      '只有申请人户籍地的乡镇（街道）或县级部门可以办理此事项',
      {
        applicationId: row.id,
      },
    );
  }
}

export async function visibleEntitlement(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<DisabilityEntitlementRow> {
  const row = await findEntitlement(db, id);
  if (!row) throw notFound('补贴对象');
  ensureVisible(actor, row.divisionCode, '补贴对象');
  return row;
}

export async function lockedVisibleEntitlement(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<DisabilityEntitlementRow> {
  const seen = await visibleEntitlement(db, actor, id);
  const row = await lockEntitlement(db, seen.id);
  if (!row) throw notFound('补贴对象');
  return row;
}

/** A certificate is a county register shared by the county's townships (ADR 0009 shared scope). */
export async function visibleCertificate(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<DisabilityCertificateRow> {
  const row = await findCertificate(db, id);
  if (!row) throw notFound('残疾人证');
  ensureSharedVisible(actor, row.divisionCode, '残疾人证');
  return row;
}
