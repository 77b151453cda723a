/**
 * The marriage line's side of person merge (docs/people-merge-and-scope.md): on `person.merged` every
 * marriage-line record naming the merged person is re-pointed to the survivor and logged in
 * person_merge_repoints under the merge; on `person.unmerged` exactly the logged records are pointed
 * back. Divorce applications, certificate issues and judgments name a marriage, not a person, so they
 * follow their marriage. Idempotent: a replayed event finds nothing left to move.
 *
 * A reference that cannot move without breaking a marriage rule — the survivor already has a subsisting
 * marriage in the same role (the bigamy index), or would be married to themself — is left in place and
 * reported in the audit row (`conflicts`) for a registrar to resolve; reads of the merged record resolve
 * to the survivor meanwhile. The handler never fails on such data, so the subscriber is never stuck.
 */
import { newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { appendAudit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import {
  logRepoints,
  markRepointsReverted,
  pendingRepoints,
  type PersonMergeRepointRow,
} from '../people/index';
import {
  hasSubsistingMarriageAs,
  marriagePartiesOf,
  movePartyReference,
  referencesTo,
  type PartyReference,
} from './person-merge.repository';

export const PERSON_MERGED_SUBSCRIBER = 'marriage.person-merged';
export const PERSON_UNMERGED_SUBSCRIBER = 'marriage.person-unmerged';
const LINE = 'marriage';

export async function onPersonMerged(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.merged'>,
): Promise<void> {
  const { survivorId, mergedId, mergeId, divisionCode } = event.payload;
  const at = ctx.clock.now().toISOString();
  const moved: PersonMergeRepointRow[] = [];
  const conflicts: { recordType: string; recordId: string; field: string; why: string }[] = [];
  for (const ref of await referencesTo(trx, mergedId)) {
    const why = await blocker(trx, ref, survivorId);
    if (why) {
      conflicts.push({ recordType: ref.recordType, recordId: ref.recordId, field: ref.field, why });
      continue;
    }
    if (!(await movePartyReference(trx, ref, mergedId, survivorId, at))) continue;
    moved.push({
      id: newId(),
      mergeId,
      line: LINE,
      recordType: ref.recordType,
      recordId: ref.recordId,
      field: ref.field,
      fromPersonId: mergedId,
      toPersonId: survivorId,
      repointedAt: at,
      revertedAt: null,
    });
  }
  await logRepoints(trx, moved);
  if (moved.length === 0 && conflicts.length === 0) return;
  await appendAudit(trx, ctx, systemActor(PERSON_MERGED_SUBSCRIBER, '000000'), {
    action: 'marriage.person-merge.repoint',
    targetType: 'person_merge',
    targetId: mergeId,
    divisionCode,
    details: {
      survivorId,
      mergedId,
      eventId: event.id,
      repointed: moved.map((m) => ({ recordType: m.recordType, field: m.field, recordId: safeId(m) })),
      conflicts: conflicts.map((c) => ({
        ...c,
        recordId: c.recordType === 'marriage_foreign_party' ? null : c.recordId,
      })),
    },
  });
}

export async function onPersonUnmerged(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.unmerged'>,
): Promise<void> {
  const { survivorId, mergedId, mergeId, divisionCode } = event.payload;
  const at = ctx.clock.now().toISOString();
  const logged = await pendingRepoints(trx, mergeId, LINE);
  if (logged.length === 0) return;
  const back: PersonMergeRepointRow[] = [];
  const left: { recordType: string; recordId: string | null; field: string; why: string }[] = [];
  for (const r of logged) {
    const ref = { recordType: r.recordType, recordId: r.recordId, field: r.field } as PartyReference;
    const why = await blockerBack(trx, ref, r.fromPersonId);
    if (why) {
      left.push({ recordType: r.recordType, recordId: safeId(r), field: r.field, why });
      continue;
    }
    if (await movePartyReference(trx, ref, r.toPersonId, r.fromPersonId, at)) back.push(r);
    else left.push({ recordType: r.recordType, recordId: safeId(r), field: r.field, why: 'changed-since' });
  }
  // Every logged row is settled: pointed back, or reported as left where it is.
  await markRepointsReverted(
    trx,
    logged.map((r) => r.id),
    at,
  );
  await appendAudit(trx, ctx, systemActor(PERSON_UNMERGED_SUBSCRIBER, '000000'), {
    action: 'marriage.person-unmerge.repoint-back',
    targetType: 'person_merge',
    targetId: mergeId,
    divisionCode,
    details: {
      survivorId,
      mergedId,
      eventId: event.id,
      repointedBack: back.map((m) => ({ recordType: m.recordType, field: m.field, recordId: safeId(m) })),
      left,
    },
  });
}

/** Foreign-party keys contain a document number: never in an audit row. */
function safeId(r: { recordType: string; recordId: string }): string | null {
  return r.recordType === 'marriage_foreign_party' ? null : r.recordId;
}

async function blocker(trx: Transaction<Database>, ref: PartyReference, to: string): Promise<string | null> {
  if (ref.recordType !== 'marriage') return null;
  if (ref.otherPartyId === to) return 'same-person-both-parties';
  if (ref.subsisting && (await hasSubsistingMarriageAs(trx, to, ref.field as 'husband_id' | 'wife_id'))) {
    return 'survivor-has-subsisting-marriage';
  }
  return null;
}

async function blockerBack(
  trx: Transaction<Database>,
  ref: PartyReference,
  to: string,
): Promise<string | null> {
  if (ref.recordType !== 'marriage') return null;
  const m = await marriagePartiesOf(trx, ref.recordId);
  if (!m) return 'record-missing';
  const other = ref.field === 'husband_id' ? m.wifeId : m.husbandId;
  if (other === to) return 'same-person-both-parties';
  if (
    m.status === 'subsisting' &&
    (await hasSubsistingMarriageAs(trx, to, ref.field as 'husband_id' | 'wife_id'))
  ) {
    return 'restored-person-has-subsisting-marriage';
  }
  return null;
}
