/**
 * Which marriage a write acts on (issue 11, item 1). A registrar names a marriage either by its record id
 * — and then it must be in the registrar's division scope, exactly like a read (out of scope answers
 * 404) — or, where the law lets any registry serve (补领 and 离婚登记 from 2025-05-10, R-MAR-09/11/14), by
 * the resident ids the two parties present at the desk (当事人持证申请): the marriage is then found by
 * the couple, in any division, and the access is audited with that reason. A record id the registrar
 * could not otherwise see is never a way in.
 */
import { DomainError, parseResidentId } from '@social-affairs/kernel';
import { authorize, ensureVisible, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { findIndexedPersonByResidentId } from '../people/index';
import { findMarriageById, findMarriageWithParties, marriagesOfPerson } from './marriage.repository';
import type { MarriageRow } from './marriage.table';
import { presentMarriage, type MarriageView } from './registration.service';
import { marriageToday } from './registry.service';

/** The audit reason of an act that started from the parties' presented ids. */
export const PRESENTED_BY_PARTIES = '当事人持证申请';

/** Both parties' resident ids as presented at the desk (order-free: either may be given as either). */
export interface PresentedParties {
  husbandResidentId: string;
  wifeResidentId: string;
}

/** How a write names its marriage: a record id in the caller's scope, or the presented parties. */
export type MarriageReference =
  { marriageId: string; parties?: undefined } | { marriageId?: undefined; parties: PresentedParties };

export interface ResolvedMarriage {
  marriage: MarriageRow;
  /** `parties` when found by the presented ids (the audit row then carries PRESENTED_BY_PARTIES). */
  via: 'record' | 'parties';
}

function notFound(): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', '婚姻登记记录不存在或不在您的管辖范围内');
}

function partiesNotFound(): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', '未找到双方之间的婚姻登记记录，请核对双方的公民身份号码', {
    field: 'parties',
  });
}

/** Every marriage between the two presented people, oldest first (none when either is unknown). */
async function marriagesOfCouple(ctx: CoreContext, parties: PresentedParties): Promise<MarriageRow[]> {
  const today = marriageToday(ctx);
  const ids: string[] = [];
  for (const [value, field] of [
    [parties.husbandResidentId, 'parties.husbandResidentId'],
    [parties.wifeResidentId, 'parties.wifeResidentId'],
  ] as const) {
    try {
      ids.push(parseResidentId(value, { today }).id);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.kind, err.code, err.message, { field });
      throw err;
    }
  }
  const [a, b] = ids as [string, string];
  if (a === b) {
    throw new DomainError('invalid', 'PARTIES_SAME_PERSON', '双方的公民身份号码相同，请核对', {
      field: 'parties.wifeResidentId',
    });
  }
  const first = await findIndexedPersonByResidentId(ctx.db.kysely, a);
  const second = await findIndexedPersonByResidentId(ctx.db.kysely, b);
  if (!first || !second) return [];
  const couple = new Set([first.id, second.id]);
  return (await marriagesOfPerson(ctx.db.kysely, first.id)).filter(
    (m) => couple.has(m.husbandId) && couple.has(m.wifeId),
  );
}

/**
 * The marriage a write names. By record id: it must exist and be in the actor's scope (404 otherwise,
 * as a GET answers). By the presented parties: the couple's marriage that `pick` chooses among theirs
 * (latest first), in any division; 404 when there is none.
 */
export async function marriageForWrite(
  ctx: CoreContext,
  actor: Actor,
  ref: MarriageReference,
  pick: (latestFirst: MarriageRow[]) => MarriageRow | undefined = (ms) => ms[0],
): Promise<ResolvedMarriage> {
  if (ref.marriageId !== undefined) {
    const m = await findMarriageById(ctx.db.kysely, ref.marriageId);
    if (!m) throw notFound();
    ensureVisible(actor, m.divisionCode, '婚姻登记记录');
    return { marriage: m, via: 'record' };
  }
  const found = pick((await marriagesOfCouple(ctx, ref.parties)).reverse());
  if (!found) throw partiesNotFound();
  return { marriage: found, via: 'parties' };
}

/**
 * 当事人持证查档 (for the registrar's divorce and re-issue forms): the marriages between the two people
 * whose ids they present, in any division, latest first — each read audited with the reason
 * PRESENTED_BY_PARTIES. Ids in the answer are masked.
 */
export async function findMarriagesByParties(
  ctx: CoreContext,
  actor: Actor,
  parties: PresentedParties,
): Promise<MarriageView[]> {
  authorize(actor, 'marriage:write');
  const rows = (await marriagesOfCouple(ctx, parties)).reverse();
  const views: MarriageView[] = [];
  for (const m of rows) {
    const row = await findMarriageWithParties(ctx.db.kysely, m.id);
    if (!row) continue;
    await ctx.readAudit.record(actor, {
      action: 'marriage.read',
      targetType: 'marriage',
      targetId: row.id,
      divisionCode: row.divisionCode,
      reason: PRESENTED_BY_PARTIES,
      details: { via: 'parties' },
    });
    views.push(presentMarriage(row));
  }
  if (views.length === 0) throw partiesNotFound();
  return views;
}
