import { newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import { aUser } from '../testing/factories';
import { createPerson, decideMerge, proposeMerge, unmerge } from '../people/index';
import { insertMerge, markMerged } from '../people/merge.repository';
import { marriageLine } from './line';
import { aCouple, aMarriageDesk } from './marriage.fixtures';
import { contextOn } from './marriage.test-support';
import {
  PERSON_MERGED_SUBSCRIBER,
  PERSON_UNMERGED_SUBSCRIBER,
  onPersonMerged,
  onPersonUnmerged,
} from './person-merge.subscriber';
import { registerMarriage } from './registration.service';

describeEachDatabase(
  'marriage line on person merge',
  (t) => {
    async function setup() {
      // The marriage line's manifest subscribes its merge handlers (contextOn runs the marriage line).
      const ctx = contextOn(t.db, '2025-06-02');
      const desk = await aMarriageDesk(ctx, { county: '430181' });
      const marriage = await registerMarriage(
        ctx,
        desk.registrar,
        aCouple(desk.registry.id, { county: '430181' }),
      );
      const clerk = await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' });
      return { ctx, desk, marriage, clerk };
    }
    const husbandOf = async (id: string) =>
      (
        await t.db.kysely
          .selectFrom('marriages')
          .select('husbandId')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).husbandId;

    /** A merge row approved straight in the database: the handler's own contract, whatever the service's rules. */
    async function approvedMerge(ctx: ReturnType<typeof contextOn>, survivorId: string, mergedId: string) {
      const id = newId();
      const at = ctx.clock.now().toISOString();
      await t.db.kysely.transaction().execute(async (trx) => {
        await insertMerge(trx, {
          id,
          survivorId,
          mergedId,
          divisionCode: '430181',
          reason: '测试',
          status: 'approved',
          proposedBy: null,
          proposedByUsername: 'a',
          proposedAt: at,
          decidedBy: null,
          decidedByUsername: 'b',
          decidedAt: at,
          decisionReason: '测试',
          unmergedByUsername: null,
          unmergedAt: null,
          unmergeReason: null,
          version: 1,
        });
        await markMerged(trx, mergedId, survivorId, at);
      });
      return id;
    }
    const event = <T extends 'person.merged' | 'person.unmerged'>(
      type: T,
      mergeId: string,
      survivorId: string,
      mergedId: string,
    ) => ({
      id: newId(),
      position: 1,
      type,
      payload: { survivorId, mergedId, mergeId, divisionCode: '430181' },
      occurredAt: new Date().toISOString(),
    });

    it('re-points the marriage to the survivor, logs it, and points exactly it back on unmerge', async () => {
      const { ctx, marriage, clerk } = await setup();
      const husband = await husbandOf(marriage.id);
      const survivor = await createPerson(ctx, clerk.actor, {
        name: '王建国',
        sex: 'male',
        hukouDivisionCode: '430181',
        source: '救助站',
      });
      const mergeId = await approvedMerge(ctx, survivor.id, husband);
      await t.db.kysely
        .transaction()
        .execute((trx) => onPersonMerged(ctx, trx, event('person.merged', mergeId, survivor.id, husband)));
      expect(await husbandOf(marriage.id)).toBe(survivor.id);
      const log = await t.db.kysely
        .selectFrom('personMergeRepoints')
        .selectAll()
        .where('mergeId', '=', mergeId)
        .execute();
      expect(log).toMatchObject([
        {
          line: 'marriage',
          recordType: 'marriage',
          recordId: marriage.id,
          field: 'husband_id',
          fromPersonId: husband,
          toPersonId: survivor.id,
          revertedAt: null,
        },
      ]);
      // Replayed: nothing left to move, nothing logged twice.
      await t.db.kysely
        .transaction()
        .execute((trx) => onPersonMerged(ctx, trx, event('person.merged', mergeId, survivor.id, husband)));
      expect((await t.db.kysely.selectFrom('personMergeRepoints').select('id').execute()).length).toBe(1);
      // A marriage registered for the survivor after the merge is not touched by the unmerge.
      await t.db.kysely
        .transaction()
        .execute((trx) =>
          onPersonUnmerged(ctx, trx, event('person.unmerged', mergeId, survivor.id, husband)),
        );
      expect(await husbandOf(marriage.id)).toBe(husband);
      const after = await t.db.kysely.selectFrom('personMergeRepoints').select('revertedAt').execute();
      expect(after[0]?.revertedAt).not.toBeNull();
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('targetId', '=', mergeId)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'marriage.person-merge.repoint',
        'marriage.person-unmerge.repoint-back',
      ]);
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('leaves a subsisting marriage in place when the survivor already has one, and says so', async () => {
      const { ctx, desk, marriage } = await setup();
      const husband = await husbandOf(marriage.id);
      const other = await registerMarriage(
        ctx,
        desk.registrar,
        aCouple(desk.registry.id, { county: '430181', husbandBirth: '1990-01-01' }),
      );
      const otherHusband = await husbandOf(other.id);
      const mergeId = await approvedMerge(ctx, otherHusband, husband);
      await t.db.kysely
        .transaction()
        .execute((trx) => onPersonMerged(ctx, trx, event('person.merged', mergeId, otherHusband, husband)));
      expect(await husbandOf(marriage.id)).toBe(husband);
      const audit = await t.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('action', '=', 'marriage.person-merge.repoint')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toMatchObject({
        repointed: [],
        conflicts: [
          { recordType: 'marriage', recordId: marriage.id, why: 'survivor-has-subsisting-marriage' },
        ],
      });
    });

    it('follows a reviewed merge end to end through the dispatcher', async () => {
      const { ctx, marriage, clerk } = await setup();
      const husband = await husbandOf(marriage.id);
      // The husband's record stands; an unidentified record of him (rescued, no id) is merged into it and
      // then a mistaken merge the other way round is impossible (the survivor must hold the id).
      const rescued = await createPerson(ctx, clerk.actor, {
        name: '无名氏',
        sex: 'male',
        hukouDivisionCode: '430181',
        source: '救助站',
      });
      const reviewer = await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      const p = await proposeMerge(ctx, clerk.actor, {
        survivorId: husband,
        mergedId: rescued.id,
        reason: '辨认',
      });
      await decideMerge(ctx, reviewer.actor, p.id, { decision: 'approve', reason: '同意' });
      await ctx.events.dispatchPending();
      // The rescued record named in no marriage: nothing re-pointed, the marriage is unchanged.
      expect(await husbandOf(marriage.id)).toBe(husband);
      await unmerge(ctx, reviewer.actor, p.id, { reason: '误合并' });
      await ctx.events.dispatchPending();
      const delivered = await t.db.kysely.selectFrom('eventDeliveries').select('subscriber').execute();
      expect(delivered.map((d) => d.subscriber).sort()).toEqual(
        expect.arrayContaining([PERSON_MERGED_SUBSCRIBER, PERSON_UNMERGED_SUBSCRIBER]),
      );
    });
  },
  { lines: [marriageLine] },
);
