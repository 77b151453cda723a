/** ADR 0036: the hot point reads on a pipelined connection of their own (PostgreSQL). */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { personSummaryByResidentId } from '../people/people.repository';
import { describeEachDatabase } from '../testing/each-database';
import { createPerson } from '../people/people.service';
import { aPersonInput, testContext } from '../testing/factories';

describeEachDatabase('point reads (ADR 0036)', (t) => {
  it('answers with the rows Kysely gives, as named statements on a connection of their own', async () => {
    const ctx = testContext(t.db);
    const input = aPersonInput();
    await createPerson(ctx, systemActor('test', '430000'), input);
    const reads = t.db.pointReads;
    if (t.dialect === 'sqlite') {
      // SQLite reads synchronously on its one connection (ADR 0008); nothing to pipeline.
      expect(reads).toBeUndefined();
      return;
    }
    if (!reads || !input.residentId) throw new Error('expected a PostgreSQL reader and a resident id');
    const params = { residentId: input.residentId };
    const viaKysely = await personSummaryByResidentId(t.db.kysely, params);
    const viaReader = await reads.run(personSummaryByResidentId.compiled(t.db.kysely, params));
    expect(viaKysely).toHaveLength(1);
    expect(viaReader).toEqual(viaKysely);
    // Nested json keys are camel-cased as Kysely's plugin does; dates and scalars untouched.
    const nested = sql<{
      someValue: unknown;
    }>`select json_build_object('a_key', 1, 'a_list', json_build_array(json_build_object('b_key', 2))) as some_value`;
    expect(await reads.run(nested.compile(t.db.kysely))).toEqual((await nested.execute(t.db.kysely)).rows);
    // The reader's own backend holds the statement prepared; the pool's connections are other backends.
    const own = await reads.run(
      sql<{
        statement: string;
        pid: number;
      }>`select statement, pg_backend_pid() as pid from pg_prepared_statements`.compile(t.db.kysely),
    );
    expect(own.map((r) => r.statement)).toContain(
      personSummaryByResidentId.compiled(t.db.kysely, params).sql,
    );
    const poolPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db.kysely)).rows[0]
      ?.pid;
    expect(own[0]?.pid).not.toBe(poolPid);
  });

  it('sends the reads of one turn together, each answered for itself: a failing one fails alone', async () => {
    const reads = t.db.pointReads;
    if (!reads) return expect(t.dialect).toBe('sqlite');
    const value = (n: number) => sql<{ n: number }>`select ${n}::int as n`.compile(t.db.kysely);
    const divide = sql<{ n: number }>`select ${1}::int / ${0}::int as n`.compile(t.db.kysely);
    // All asked for in the same turn of the event loop: one write, read in order on one connection.
    const answers = await Promise.allSettled([
      reads.run(value(1)),
      reads.run(divide),
      reads.run(value(2)),
      ...Array.from({ length: 50 }, (_, i) => reads.run(value(10 + i))),
    ]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(answers[1]?.status).toBe('rejected');
    expect(String((answers[1] as PromiseRejectedResult).reason)).toMatch(/division by zero/);
    expect(answers[2]).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    answers.slice(3).forEach((a, i) => expect(a).toEqual({ status: 'fulfilled', value: [{ n: 10 + i }] }));
  });

  it('replaces a connection the server ended: reads after it open a new one', async () => {
    const reads = t.db.pointReads;
    if (!reads) return expect(t.dialect).toBe('sqlite');
    const pidQuery = sql<{ pid: number }>`select pg_backend_pid() as pid`.compile(t.db.kysely);
    const [first] = await reads.run(pidQuery);
    await sql`select pg_terminate_backend(${first?.pid ?? 0}::int)`.execute(t.db.kysely);
    // The client learns of the end when the server closes the socket; until then a read may fail with it.
    let second: number | undefined;
    for (let i = 0; i < 50 && second === undefined; i++) {
      second = await reads.run(pidQuery).then(
        ([r]) => r?.pid,
        () => undefined,
      );
      if (second === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(second).toBeDefined();
    expect(second).not.toBe(first?.pid);
  });
});
