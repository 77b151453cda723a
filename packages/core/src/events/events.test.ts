import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { emitEvent } from './outbox';

describeEachDatabase('event outbox and dispatcher', (t) => {
  async function emitDeath(personId: string, commit = true) {
    await t.db.kysely
      .transaction()
      .execute(async (trx) => {
        await emitEvent(
          trx,
          t.db.dialect,
          'person.deceased',
          { personId, deathDate: '2026-01-02', divisionCode: '430102', source: '测试' },
          new Date(),
        );
        if (!commit) throw new Error('roll back');
      })
      .catch(() => undefined);
  }

  async function insertPerson(id: string) {
    await t.db.kysely
      .insertInto('people')
      .values({
        id,
        residentId: null,
        name: '某',
        namePinyin: 'mou',
        nameSearchKey: 'mou',
        sex: 'male',
        birthDate: null,
        hukouDivisionCode: '430102',
        divisionCode: '430102',
        status: 'alive',
        deathDate: null,
        createdAt: 'x',
        updatedAt: 'x',
        version: 1,
      })
      .execute();
  }

  it('publishes nothing from a transaction that rolls back', async () => {
    const ctx = testContext(t.db);
    const seen: string[] = [];
    ctx.events.subscribe('probe', 'person.deceased', async (_trx, e) => void seen.push(e.payload.personId));
    await emitDeath('p-rolled-back', false);
    await emitDeath('p-committed');
    await ctx.events.dispatchPending();
    expect(seen).toEqual(['p-committed']);
  });

  it('delivers in order, once per subscriber, and not again on the next round', async () => {
    const ctx = testContext(t.db);
    const a: string[] = [];
    const b: string[] = [];
    ctx.events.subscribe('a', 'person.deceased', async (_trx, e) => void a.push(e.payload.personId));
    ctx.events.subscribe('b', 'person.deceased', async (_trx, e) => void b.push(e.payload.personId));
    for (const id of ['p1', 'p2', 'p3']) await emitDeath(id);
    expect(await ctx.events.dispatchPending()).toBe(6);
    expect(await ctx.events.dispatchPending()).toBe(0);
    expect(a).toEqual(['p1', 'p2', 'p3']);
    expect(b).toEqual(['p1', 'p2', 'p3']);
  });

  it('retries a failed handler on the next round and rolls back what it wrote', async () => {
    const ctx = testContext(t.db);
    await insertPerson('p1');
    let attempts = 0;
    ctx.events.subscribe('flaky', 'person.deceased', async (trx, e) => {
      attempts++;
      await trx
        .insertInto('personFacts')
        .values({
          id: `a${attempts}`,
          personId: e.payload.personId,
          field: 'x',
          value: null,
          source: 's',
          recordedAt: 'now',
          recordedBy: 'b',
        })
        .execute();
      if (attempts === 1) throw new Error('transient');
    });
    await emitDeath('p1');
    expect(await ctx.events.dispatchPending()).toBe(0);
    expect(await ctx.events.dispatchPending()).toBe(1);
    expect(attempts).toBe(2);
    const facts = await t.db.kysely.selectFrom('personFacts').select('id').execute();
    expect(facts.map((f) => f.id)).toEqual(['a2']);
  });

  it('changes nothing when an idempotent handler sees a replayed event', async () => {
    const ctx = testContext(t.db);
    // A handler that records "subsidy stopped" keyed by the person: the natural idempotent shape.
    ctx.events.subscribe('stopper', 'person.deceased', async (trx, e) => {
      await trx
        .insertInto('personFacts')
        .values({
          id: `stopped-${e.payload.personId}`,
          personId: e.payload.personId,
          field: 'subsidyStopped',
          value: e.payload.deathDate,
          source: 'event',
          recordedAt: e.occurredAt,
          recordedBy: 'system',
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    });
    await insertPerson('p1');
    await emitDeath('p1');
    await ctx.events.dispatchPending();
    // Replay: forget the delivery, as after a crash between handling and recording it.
    await t.db.kysely.deleteFrom('eventDeliveries').execute();
    await ctx.events.dispatchPending();
    const facts = await t.db.kysely
      .selectFrom('personFacts')
      .selectAll()
      .where('field', '=', 'subsidyStopped')
      .execute();
    expect(facts).toHaveLength(1);
  });
});
