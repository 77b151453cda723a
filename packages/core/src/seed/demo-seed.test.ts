import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { DEMO_HISTORY_MONTHS, generateDemoPeople, seedDemoData } from './demo-seed';
import { monthsBefore } from './demo-time';

describeEachDatabase('demo people', (t) => {
  it('enter the index over three years and some die in each of them; the same seed gives the same people', async () => {
    const ctx = testContext(t.db);
    const now = ctx.clock.now().toISOString();
    const today = now.slice(0, 10);
    const first = monthsBefore(today as never, DEMO_HISTORY_MONTHS - 1);
    await seedDemoData(ctx, { size: 'demo', seed: 1 });
    const people = await t.db.kysely
      .selectFrom('people')
      .select(['createdAt', 'deathDate', 'birthDate'])
      .execute();
    const added = new Set(people.map((p) => p.createdAt.slice(0, 7)));
    expect(added.size).toBeGreaterThanOrEqual(DEMO_HISTORY_MONTHS - 1);
    expect(people.every((p) => p.createdAt <= now && p.createdAt.slice(0, 10) >= addDaysBefore(first))).toBe(
      true,
    );
    const deaths = people.flatMap((p) =>
      p.deathDate && p.deathDate >= first ? [p.deathDate.slice(0, 4)] : [],
    );
    expect(new Set(deaths).size).toBeGreaterThanOrEqual(3);
    expect(
      people.every((p) => !p.deathDate || (p.deathDate <= today && p.deathDate > (p.birthDate ?? ''))),
    ).toBe(true);
    // Deterministic: the generator gives the same people for the same seed and day.
    const again = [...take(generateDemoPeople(20_000, 1, now), 3)].map((g) => g.person);
    const stored = await t.db.kysely
      .selectFrom('people')
      .select(['id', 'name', 'residentId', 'createdAt'])
      .where(
        'id',
        'in',
        again.map((p) => p.id),
      )
      .execute();
    expect(stored).toHaveLength(3);
    for (const p of again)
      expect(stored.find((s) => s.id === p.id)).toMatchObject({
        name: p.name,
        residentId: p.residentId,
        createdAt: p.createdAt,
      });
  }, 120_000);
});

/** The go-live instant is 09:00 Shanghai, the day before in UTC: allow one day. */
function addDaysBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of it) {
    yield x;
    if (++i >= n) return;
  }
}
