/**
 * The funeral line's side of events from the people index and the family search (ADR 0028):
 *
 * - `person.death-revoked` (被死亡 corrected after review): each case of that person gets its death
 *   certificate revoked (it no longer opens the cremation gate), its death registration marked revoked
 *   and a review flag `death_revoked` — a body in custody under a wrong identity is a matter for a person.
 * - `person.merged`: the cases (and registrations) of the merged record follow the survivor, logged in
 *   person_merge_repoints; an unidentified case becomes identified (name, birth date from the survivor),
 *   leaves the family search, and keeps county finance as payer with a `payer_review` flag (no silent
 *   switch); a death certificate whose merge this was records the death on the survivor now.
 * - `person.unmerged`: exactly the logged records point back; an identification made by the merge is undone.
 * - `family.match-confirmed` naming a funeral entry: a `family_claim` flag (contact the family; identity is
 *   then established by the certificate or a person merge, never by the candidate alone).
 *
 * Each handler is idempotent (flags are unique per source) and never throws on odd data.
 */
import { newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import {
  findIndexedPerson,
  logRepoints,
  markRepointsReverted,
  pendingRepoints,
  recordDeathInTransaction,
  type PersonMergeRepointRow,
} from '../people/index';
import { findFuneralCase } from './cases.repository';
import {
  activeRegistrationsOfPerson,
  casesOfPerson,
  raiseFlag,
  registrationsOfMerge,
  revokeCaseDocuments,
  updateCase,
  updateRegistration,
} from './deaths.repository';
import type { FuneralCaseFlagKind } from './deaths.table';
import { DEATH_SOURCE } from './deaths.service';
import { syncFuneralCaseFamilySearch } from './unidentified.service';

export const FUNERAL_DEATH_REVOKED_SUBSCRIBER = 'funeral.case-death-revoked';
export const FUNERAL_PERSON_MERGED_SUBSCRIBER = 'funeral.case-person-merged';
export const FUNERAL_PERSON_UNMERGED_SUBSCRIBER = 'funeral.case-person-unmerged';
export const FUNERAL_FAMILY_MATCH_SUBSCRIBER = 'funeral.family-match-confirmed';
const LINE = 'funeral';

async function flag(
  trx: Transaction<Database>,
  c: { id: string; facilityId: string; divisionCode: string },
  kind: FuneralCaseFlagKind,
  sourceRef: string,
  note: string,
  at: string,
): Promise<boolean> {
  return raiseFlag(trx, {
    id: newId(),
    caseId: c.id,
    facilityId: c.facilityId,
    divisionCode: c.divisionCode,
    kind,
    sourceRef,
    note,
    status: 'open',
    createdAt: at,
    resolvedBy: null,
    resolvedAt: null,
    resolution: null,
  });
}

export async function onFuneralDeathRevoked(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.death-revoked'>,
): Promise<void> {
  const { personId, revokedDeathDate, revocationId } = event.payload;
  const at = ctx.clock.now().toISOString();
  const cases = await casesOfPerson(trx, personId);
  const regs = await activeRegistrationsOfPerson(trx, personId);
  for (const r of regs)
    await updateRegistration(trx, r.id, { status: 'revoked', revocationId, updatedAt: at });
  for (const c of cases) {
    const revoked = await revokeCaseDocuments(trx, c.id, 'death_certificate', '死亡登记已撤销（被死亡更正）');
    const raised = await flag(
      trx,
      c,
      'death_revoked',
      revocationId,
      `人员库已撤销该人员${revokedDeathDate}的死亡登记：本档案的居民死亡医学证明已作废，请核实遗体身份（本档案在火化前不得继续使用原证明）`,
      at,
    );
    if (!raised && revoked.length === 0) continue;
    await audit(ctx, trx, systemActor(FUNERAL_DEATH_REVOKED_SUBSCRIBER, c.divisionCode), {
      action: 'funeral.case.death-revoked',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: personId,
      details: { revocationId, revokedDeathDate, documentsRevoked: revoked, eventId: event.id },
    });
  }
}

export async function onFuneralPersonMerged(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.merged'>,
): Promise<void> {
  const { survivorId, mergedId, mergeId, divisionCode } = event.payload;
  const cases = await casesOfPerson(trx, mergedId);
  const pendingDeaths = await registrationsOfMerge(trx, mergeId);
  if (cases.length === 0 && pendingDeaths.length === 0) return;
  const survivor = await findIndexedPerson(trx, survivorId);
  if (!survivor) return;
  const at = ctx.clock.now().toISOString();
  const moved: PersonMergeRepointRow[] = [];
  const log = (recordType: string, recordId: string, field: string) =>
    moved.push({
      id: newId(),
      mergeId,
      line: LINE,
      recordType,
      recordId,
      field,
      fromPersonId: mergedId,
      toPersonId: survivorId,
      repointedAt: at,
      revertedAt: null,
    });
  for (const c of cases) {
    const identifying = c.identityStatus === 'unidentified';
    await updateCase(trx, c.id, {
      personId: survivorId,
      ...(identifying
        ? {
            identityStatus: 'identified' as const,
            nameGiven: survivor.name,
            birthDate: survivor.birthDate,
            sex: survivor.sex,
          }
        : {}),
      updatedAt: at,
    });
    log('funeral_case', c.id, 'person_id');
    if (identifying) log('funeral_case', c.id, 'identity_status');
    if (identifying && c.payer === 'county_finance') {
      await flag(
        trx,
        c,
        'payer_review',
        mergeId,
        `身份已确认为${survivor.name}：费用仍由县级财政承担，是否改由家属承担须经办人与家属确认后另行办理，不自动变更`,
        at,
      );
    }
    await syncFuneralCaseFamilySearch(ctx, trx, c.id);
  }
  // Registrations that named the merged record follow too; a certificate that proposed this merge now
  // records the death on the survivor (once: an identical death already there is fine).
  const recorded: string[] = [];
  for (const r of pendingDeaths) {
    const c = await findFuneralCase(trx, r.caseId);
    if (r.outcome !== 'merge_proposed') continue;
    const s = (await findIndexedPerson(trx, survivorId))!;
    if (s.status === 'deceased') {
      if (s.deathDate === r.deathDate) {
        await updateRegistration(trx, r.id, {
          outcome: 'already_recorded',
          personId: survivorId,
          updatedAt: at,
        });
      } else if (c) {
        await updateRegistration(trx, r.id, { personId: survivorId, updatedAt: at });
        await flag(
          trx,
          c,
          'death_date_conflict',
          mergeId,
          `人员库登记的死亡日期${s.deathDate}与本档案死亡医学证明的${r.deathDate}不一致，请核实`,
          at,
        );
      }
    } else {
      await recordDeathInTransaction(
        ctx,
        trx,
        systemActor(FUNERAL_PERSON_MERGED_SUBSCRIBER, s.divisionCode),
        {
          personId: survivorId,
          deathDate: r.deathDate,
          source: DEATH_SOURCE,
          reason: `遗体档案身份经人员合并确认（合并 ${mergeId}）`,
        },
      );
      await updateRegistration(trx, r.id, { outcome: 'recorded', personId: survivorId, updatedAt: at });
      recorded.push(r.id);
    }
  }
  await logRepoints(trx, moved);
  await audit(ctx, trx, systemActor(FUNERAL_PERSON_MERGED_SUBSCRIBER, '000000'), {
    action: 'funeral.person-merge.repoint',
    targetType: 'person_merge',
    targetId: mergeId,
    divisionCode,
    details: {
      survivorId,
      mergedId,
      eventId: event.id,
      repointed: cases.map((c) => c.id),
      deathsRecorded: recorded,
    },
  });
}

export async function onFuneralPersonUnmerged(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.unmerged'>,
): Promise<void> {
  const { survivorId, mergedId, mergeId, divisionCode } = event.payload;
  const logged = await pendingRepoints(trx, mergeId, LINE);
  if (logged.length === 0) return;
  const at = ctx.clock.now().toISOString();
  const back: string[] = [];
  for (const r of logged) {
    const c = await findFuneralCase(trx, r.recordId);
    if (!c) continue;
    if (r.field === 'person_id' && c.personId === r.toPersonId) {
      await updateCase(trx, c.id, { personId: r.fromPersonId, updatedAt: at });
      back.push(c.id);
    }
    if (r.field === 'identity_status') {
      await updateCase(trx, c.id, {
        identityStatus: 'unidentified',
        nameGiven: null,
        birthDate: null,
        updatedAt: at,
      });
    }
  }
  for (const id of new Set(logged.map((r) => r.recordId))) await syncFuneralCaseFamilySearch(ctx, trx, id);
  await markRepointsReverted(
    trx,
    logged.map((r) => r.id),
    at,
  );
  await audit(ctx, trx, systemActor(FUNERAL_PERSON_UNMERGED_SUBSCRIBER, '000000'), {
    action: 'funeral.person-unmerge.repoint-back',
    targetType: 'person_merge',
    targetId: mergeId,
    divisionCode,
    details: { survivorId, mergedId, eventId: event.id, repointedBack: back },
  });
}

export async function onFuneralFamilyMatchConfirmed(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'family.match-confirmed'>,
): Promise<void> {
  const { candidateId, left, right } = event.payload;
  const at = ctx.clock.now().toISOString();
  for (const [mine, other] of [
    [left, right],
    [right, left],
  ] as const) {
    if (mine.ownerLine !== LINE) continue;
    const c = await findFuneralCase(trx, mine.entryId);
    if (!c) continue;
    const what =
      other.kind === 'missing-report'
        ? '失踪人员报告'
        : other.kind === 'unidentified-living'
          ? '身份不明受助人员'
          : '无名遗体';
    const raised = await flag(
      trx,
      c,
      'family_claim',
      candidateId,
      `寻亲候选已确认（对方为${what}）：请联系报告家属前来辨认认领；身份以居民死亡医学证明或人员合并确认，费用承担方不自动变更`,
      at,
    );
    if (!raised) continue;
    await audit(ctx, trx, systemActor(FUNERAL_FAMILY_MATCH_SUBSCRIBER, c.divisionCode), {
      action: 'funeral.case.family-claim',
      targetType: 'funeral_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { candidateId, otherKind: other.kind, eventId: event.id },
    });
  }
}
