/** ADR 0038: the audited lookups of one turn read by one statement on PostgreSQL, each answered for its own key. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { personSummariesByResidentIds } from '../people/people.repository';
import { createPerson, findPersonByResidentIdFor } from '../people/people.service';
import { describeEachDatabase } from '../testing/each-database';
import { aPersonInput, testContext } from '../testing/factories';

describeEachDatabase('grouped point reads (ADR 0038)', (t) => {
  it('answers lookups asked for together each with its own person, and audits each found one', async () => {
    const ctx = testContext(t.db);
    const admin = systemActor('test', '430000');
    const inputs = [aPersonInput(), aPersonInput(), aPersonInput()];
    for (const input of inputs) await createPerson(ctx, admin, input);
    const ids = inputs.map((i) => i.residentId as string);
    const missing = aPersonInput().residentId as string;
    const clerk = systemActor('clerk', '430000');
    // Asked for in one turn: on PostgreSQL one statement reads them all.
    const asked = [ids[0], ids[1], ids[0], missing, ids[2]] as string[];
    const answers = await Promise.allSettled(asked.map((id) => findPersonByResidentIdFor(ctx, clerk, id)));
    const names = answers.map((a) => (a.status === 'fulfilled' ? a.value.name : 'not found'));
    expect(names).toEqual([inputs[0]?.name, inputs[1]?.name, inputs[0]?.name, 'not found', inputs[2]?.name]);
    const rejected = answers[3] as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'NOT_FOUND' });
    // One audit row per answered lookup (the missing one records nothing).
    const audited = await t.db.kysely
      .selectFrom('auditLog')
      .select('targetId')
      .where('action', '=', 'person.lookup')
      .execute();
    expect(audited).toHaveLength(4);
    const reads = t.db.pointReads;
    if (!reads) return expect(t.dialect).toBe('sqlite');
    // The group's statement (three distinct ids, padded to four) is prepared on the reader's connection.
    const grouped = personSummariesByResidentIds.compiled(t.db.kysely, { keys: ['a', 'b', 'c', 'd'] }).sql;
    const prepared = await reads.run(
      sql<{ statement: string }>`select statement from pg_prepared_statements`.compile(t.db.kysely),
    );
    expect(prepared.map((r) => r.statement)).toContain(grouped);
  });
});
