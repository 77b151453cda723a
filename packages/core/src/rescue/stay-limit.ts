/**
 * R-RES-05: the 10-day stay limit of a case on a day, with approved extensions (延期救助). Periods come
 * from `periods.ts` only (`stayLimitApplies`, `stayLimitExceededFrom`); the stranded status (R-RES-11) is
 * computed by `stayStatusOn`, never stored.
 */
import { addDays, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import type { RescueCaseRow } from './cases.repository';
import { stayLimitApplies, stayLimitExceededFrom, stayStatusOn, type StayStatus } from './periods';
import { rescueConfig } from './rescue.config';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';
import { approvedExtensionUntil } from './stay.repository';

export interface StayLimitState {
  /** On `day` the person is over the stay limit with no approved extension covering the day (an alert). */
  over: boolean;
  /** Whether the limit applies at all (16+ and no sign of mental or intellectual disability). */
  applies: boolean;
  /** The last day within the limit (null when the limit does not apply). */
  limitEnd: PlainDate | null;
  /** The first day over the limit (null when the limit does not apply). */
  overFrom: PlainDate | null;
  /** The latest approved extension's new last day, if any. */
  extendedUntil: PlainDate | null;
  /** The last day of aid in effect: the approved extension's end when later than the limit. */
  effectiveEnd: PlainDate | null;
  /** R-RES-11: computed, never typed. */
  stayStatus: StayStatus;
}

type CaseForLimit = Pick<
  RescueCaseRow,
  'id' | 'birthDate' | 'estimatedAge' | 'entryDate' | 'mentalSigns' | 'identityStatus' | 'status'
>;

/** The stay-limit state of a case with a known approved extension end (no query). */
export function stayLimitState(
  ctx: CoreContext,
  c: CaseForLimit,
  extendedUntil: string | null,
  day: PlainDate,
): StayLimitState {
  const cfg = rescueConfig(ctx);
  const entryDate = c.entryDate as PlainDate;
  const stayStatus = stayStatusOn({ entryDate, identityStatus: c.identityStatus }, day, cfg);
  const applies = stayLimitApplies({ ...c, entryDate }, day, cfg);
  const ext = (extendedUntil as PlainDate | null) ?? null;
  if (!applies) {
    return {
      over: false,
      applies,
      limitEnd: null,
      overFrom: null,
      extendedUntil: ext,
      effectiveEnd: null,
      stayStatus,
    };
  }
  const overFrom = stayLimitExceededFrom(entryDate, cfg);
  const limitEnd = addDays(overFrom, -1);
  const effectiveEnd = ext && ext > limitEnd ? ext : limitEnd;
  const open = (OPEN_RESCUE_CASE_STATUSES as readonly string[]).includes(c.status);
  return {
    over: open && day > effectiveEnd,
    applies,
    limitEnd,
    overFrom,
    extendedUntil: ext,
    effectiveEnd,
    stayStatus,
  };
}

/**
 * R-RES-05, for the warnings concern and the case page: whether the case is over the stay limit on `day`.
 * Admitted 2025-03-01 (an adult, no extension) → over on 2025-03-12; with an approved extension to
 * 2025-03-20 → not over on 03-12; a recipient with signs of mental disorder → the limit does not apply.
 * A closed case is never over. No scope check: the caller has already read the case in scope.
 */
export async function stayOverLimitOn(
  ctx: CoreContext,
  caseRow: CaseForLimit,
  day: PlainDate,
  db: Executor = ctx.db.kysely,
): Promise<StayLimitState> {
  return stayLimitState(ctx, caseRow, await approvedExtensionUntil(db, caseRow.id), day);
}

/** Today's Beijing date on the context's clock. */
export function stayToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** Audits a read of a case's stay records (services, stay, placements, visits, minors, funds). */
export async function auditStayRead(
  ctx: CoreContext,
  actor: Actor,
  c: Pick<RescueCaseRow, 'id' | 'divisionCode' | 'personId'>,
  what: string,
): Promise<void> {
  await ctx.readAudit.record(actor, {
    action: 'rescue.stay.read',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: { what },
  });
}
