import { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, aUser, testContext } from '../testing/factories';
import { decideMerge, getMerge, listMerges, proposeMerge, unmerge } from './merge.service';
import { createPerson, getPerson, recordDeath, searchPeople } from './people.service';

async function rejects(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

describeEachDatabase('person merge', (t) => {
  async function setup() {
    const ctx = testContext(t.db);
    const clerk = await aUser(ctx, { role: 'rescue_staff', divisionCode: '430102' });
    const reviewer = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
    const identified = await aPerson(ctx, clerk.actor, { county: '430102', name: '刘德明', sex: 'male' });
    // An unidentified rescued person (no resident id), later recognised as 刘德明.
    const rescued = await createPerson(ctx, clerk.actor, {
      name: '无名氏',
      sex: 'male',
      hukouDivisionCode: '430102',
      source: '救助站',
    });
    const events: { type: string; payload: unknown }[] = [];
    ctx.events.subscribe('test.merged', 'person.merged', async (_trx, e) => {
      events.push({ type: e.type, payload: e.payload });
    });
    ctx.events.subscribe('test.unmerged', 'person.unmerged', async (_trx, e) => {
      events.push({ type: e.type, payload: e.payload });
    });
    return { ctx, clerk, reviewer, identified, rescued, events };
  }

  it('merges only after a different user approves, carrying facts over and emitting person.merged', async () => {
    const { ctx, clerk, reviewer, identified, rescued, events } = await setup();
    const proposal = await proposeMerge(ctx, clerk.actor, {
      survivorId: identified.id,
      mergedId: rescued.id,
      reason: '家属辨认，指纹比对一致',
    });
    expect(proposal).toMatchObject({
      status: 'proposed',
      survivor: { id: identified.id },
      merged: { id: rescued.id },
    });
    // Nothing merges on a proposal.
    expect((await getPerson(ctx, clerk.actor, rescued.id)).id).toBe(rescued.id);
    await rejects(
      decideMerge(ctx, clerk.actor, proposal.id, { decision: 'approve', reason: '同意' }),
      'PERMISSION_DENIED',
    );
    const reviewer2 = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
    const approved = await decideMerge(ctx, reviewer.actor, proposal.id, {
      decision: 'approve',
      reason: '核实无误',
    });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: reviewer.username });
    await rejects(
      decideMerge(ctx, reviewer2.actor, proposal.id, { decision: 'reject', reason: '再审' }),
      'MERGE_NOT_PENDING',
    );
    await ctx.events.dispatchPending();
    expect(events).toEqual([
      {
        type: 'person.merged',
        payload: {
          survivorId: identified.id,
          mergedId: rescued.id,
          mergeId: proposal.id,
          divisionCode: '430102',
        },
      },
    ]);
    // Reads of the merged id resolve to the survivor; the ledger lists the survivor only.
    const read = await getPerson(ctx, clerk.actor, rescued.id);
    expect(read.id).toBe(identified.id);
    expect(read.facts.filter((f) => f.source === '合并').map((f) => f.field)).toEqual(
      expect.arrayContaining(['name', 'sex', 'hukouDivisionCode']),
    );
    const list = await searchPeople(ctx, clerk.actor, { page: 1, pageSize: 50 });
    expect(list.items.map((p) => p.id)).toEqual([identified.id]);
    const row = await t.db.kysely
      .selectFrom('people')
      .select('mergedInto')
      .where('id', '=', rescued.id)
      .executeTakeFirst();
    expect(row?.mergedInto).toBe(identified.id);
    // A merged record cannot be merged again, nor proposed twice.
    const other = await aPerson(ctx, clerk.actor, { county: '430102', sex: 'male' });
    await rejects(
      proposeMerge(ctx, clerk.actor, { survivorId: other.id, mergedId: rescued.id, reason: '重复' }),
      'PERSON_ALREADY_MERGED',
    );
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'targetId'])
      .where('targetType', '=', 'person_merge')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.merge.propose', 'person.merge.approve']),
    );
    expect((await verifyAuditChain(ctx)).ok).toBe(true);
  });

  it('unmerges, restoring the merged record, removing carried facts and emitting person.unmerged', async () => {
    const { ctx, clerk, reviewer, identified, rescued, events } = await setup();
    const p = await proposeMerge(ctx, clerk.actor, {
      survivorId: identified.id,
      mergedId: rescued.id,
      reason: '辨认',
    });
    await decideMerge(ctx, reviewer.actor, p.id, { decision: 'approve', reason: '同意' });
    await rejects(unmerge(ctx, reviewer.actor, p.id, { reason: ' ' }), 'REASON_REQUIRED');
    await rejects(unmerge(ctx, clerk.actor, p.id, { reason: '误合并' }), 'PERMISSION_DENIED');
    const undone = await unmerge(ctx, reviewer.actor, p.id, { reason: '家属更正：并非同一人' });
    expect(undone).toMatchObject({
      status: 'unmerged',
      unmergedBy: reviewer.username,
      unmergeReason: '家属更正：并非同一人',
    });
    await rejects(unmerge(ctx, reviewer.actor, p.id, { reason: '再次撤销' }), 'MERGE_NOT_EFFECTIVE');
    await ctx.events.dispatchPending();
    expect(events.map((e) => e.type)).toEqual(['person.merged', 'person.unmerged']);
    expect((await getPerson(ctx, clerk.actor, rescued.id)).id).toBe(rescued.id);
    expect((await getPerson(ctx, clerk.actor, identified.id)).facts.some((f) => f.source === '合并')).toBe(
      false,
    );
    const list = await searchPeople(ctx, clerk.actor, { page: 1, pageSize: 50 });
    expect(list.total).toBe(2);
    // After an unmerge the record may be proposed again (a new merge with its own id).
    const again = await proposeMerge(ctx, clerk.actor, {
      survivorId: identified.id,
      mergedId: rescued.id,
      reason: '重新核实',
    });
    expect(again.id).not.toBe(p.id);
    const actions = (
      await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', p.id)
        .orderBy('seq')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(['person.merge.propose', 'person.merge.approve', 'person.unmerge']);
  });

  it('refuses conflicting records with clear reasons', async () => {
    const { ctx, clerk, reviewer, identified, rescued } = await setup();
    const propose = (survivorId: string, mergedId: string) =>
      proposeMerge(ctx, clerk.actor, { survivorId, mergedId, reason: '疑似同一人' });
    await rejects(propose(identified.id, identified.id), 'MERGE_SAME_PERSON');
    const otherWithId = await aPerson(ctx, clerk.actor, {
      county: '430102',
      sex: 'male',
      birth: [1980, 1, 1],
    });
    const e = await rejects(propose(identified.id, otherWithId.id), 'MERGE_RESIDENT_ID_CONFLICT');
    expect(e.message).toContain('身份证号码不同');
    await rejects(propose(rescued.id, identified.id), 'MERGE_SURVIVOR_WITHOUT_RESIDENT_ID');
    const woman = await createPerson(ctx, clerk.actor, {
      name: '无名氏',
      sex: 'female',
      hukouDivisionCode: '430102',
      source: '救助站',
    });
    await rejects(propose(identified.id, woman.id), 'MERGE_SEX_CONFLICT');
    const funeral = await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' });
    const certificate = await createPerson(ctx, clerk.actor, {
      name: '刘德明',
      sex: 'male',
      hukouDivisionCode: '430102',
      source: '死亡证明',
    });
    await recordDeath(ctx, funeral.actor, certificate.id, { deathDate: '2026-11-01', source: '医院' });
    await rejects(propose(identified.id, certificate.id), 'MERGE_DEATH_NOT_ON_SURVIVOR');
    await recordDeath(ctx, funeral.actor, identified.id, { deathDate: '2026-11-02', source: '医院' });
    await rejects(propose(identified.id, certificate.id), 'MERGE_DEATH_DATE_CONFLICT');
    // Out of scope: a record of another county does not exist for this clerk.
    const province = await aUser(ctx, { role: 'rescue_staff', divisionCode: '430000' });
    const elsewhere = await createPerson(ctx, province.actor, {
      name: '无名氏',
      sex: 'male',
      hukouDivisionCode: '430181',
      source: '救助站',
    });
    await rejects(propose(identified.id, elsewhere.id), 'NOT_FOUND');
    // One open proposal per merged record; the proposer cannot decide their own.
    const first = await propose(identified.id, rescued.id);
    await rejects(propose(identified.id, rescued.id), 'MERGE_ALREADY_PROPOSED');
    const selfReviewer = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' });
    const own = await proposeMerge(ctx, selfReviewer.actor, {
      survivorId: identified.id,
      mergedId: woman.id,
      reason: 'x2',
    }).catch((err: DomainError) => err);
    expect((own as DomainError).code).toBe('PERMISSION_DENIED');
    const outsider = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
    await rejects(
      decideMerge(ctx, outsider.actor, first.id, { decision: 'approve', reason: '同意' }),
      'NOT_FOUND',
    );
    await rejects(getMerge(ctx, outsider.actor, first.id), 'NOT_FOUND');
    const rejected = await decideMerge(ctx, reviewer.actor, first.id, {
      decision: 'reject',
      reason: '证据不足',
    });
    expect(rejected.status).toBe('rejected');
    expect(
      (await listMerges(ctx, clerk.actor, { page: 1, pageSize: 10 })).items.map((m) => m.status),
    ).toEqual(['rejected']);
    expect((await listMerges(ctx, outsider.actor, { page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('lets only someone other than the proposer decide', async () => {
    const { ctx, identified, rescued } = await setup();
    // A reviewer who may also write people (a system actor here) proposes; the same name cannot decide.
    const { systemActor } = await import('../access/actor');
    const sys = systemActor('reviewer-a', '430000');
    const p = await proposeMerge(ctx, sys, {
      survivorId: identified.id,
      mergedId: rescued.id,
      reason: '辨认',
    });
    await rejects(
      decideMerge(ctx, sys, p.id, { decision: 'approve', reason: '同意' }),
      'MERGE_SAME_REVIEWER',
    );
  });
});
