/** ADR 0016: the PostgreSQL read path — named prepared statements and the audit writer's own connection. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { appendAudit, verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, testContext } from '../testing/factories';
import { prepared } from './prepared';

const personById = prepared<{ id: string }, { id: string; name: string }>((db, p) =>
  db.selectFrom('people').select(['id', 'name']).where('id', '=', p('id')),
);

describeEachDatabase('PostgreSQL read path', (t) => {
  it('runs prepared queries as named server-side statements, parsed once per connection', async () => {
    const ctx = testContext(t.db);
    const person = await aPerson(ctx, systemActor('test', '430000'));
    if (t.dialect === 'sqlite') {
      // SQLite keeps its own statement caches (ADR 0007); nothing to name.
      expect((await personById(t.db.kysely, { id: person.id }))[0]?.name).toBe(person.name);
      return;
    }
    let adHoc = '';
    // One connection, so the statement and the catalogue query meet on the same backend.
    const statements = await t.db.kysely.connection().execute(async (c) => {
      for (let i = 0; i < 3; i++) expect((await personById(c, { id: person.id }))[0]?.id).toBe(person.id);
      // A shape no `prepared` query has: the test files share a process, and the texts every file's
      // prepared queries compiled are in `preparedSqlTexts`.
      const built = c.selectFrom('people').select('id').where('id', '=', person.id).where('id', '<>', '');
      expect(await built.execute()).toHaveLength(1);
      adHoc = built.compile().sql;
      return (
        await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c)
      ).rows.map((r) => r.statement);
    });
    const compiled = personById.compiled(t.db.kysely, { id: person.id }).sql;
    expect(statements).toContain(compiled);
    // A statement built per call (not by `prepared`) stays unnamed.
    expect(statements).not.toContain(adHoc);
  });

  it('writes read-audit batches on a connection of its own: a full pool does not hold them up', async () => {
    const ctx = testContext(t.db);
    if (t.dialect === 'sqlite') {
      expect(t.db.auditConnection).toBeUndefined();
      return;
    }
    // Every connection of the main pool (5 in tests) busy for a second …
    const started = Date.now();
    const busy = Array.from({ length: 5 }, () => sql`select pg_sleep(1)`.execute(t.db.kysely));
    await new Promise((r) => setTimeout(r, 100));
    // … and an audited read's row still commits at once.
    await ctx.readAudit.record(systemActor(), {
      action: 'person.lookup',
      targetType: 'person',
      targetId: 'p1',
    });
    expect(Date.now() - started).toBeLessThan(800);
    await Promise.all(busy);
    expect(t.db.poolState?.()).toMatchObject({ max: 5, waiting: 0 });
  });

  it('a batch whose insert fails commits nothing, fails its callers, and the writer goes on', async () => {
    const ctx = testContext(t.db);
    if (t.dialect === 'sqlite') return; // SQLite's batch is one synchronous transaction (audit.test.ts)
    // The database refuses one row of the batch (a trigger standing in for any failure of the insert).
    await sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.action = 'boom' then raise exception 'refused'; end if; return new; end $$`.execute(
      t.db.kysely,
    );
    await sql`create trigger refuse_boom before insert on audit_log for each row execute function refuse_boom()`.execute(
      t.db.kysely,
    );
    const actor = systemActor();
    const batch = await Promise.allSettled([
      ctx.readAudit.record(actor, { action: 'before', targetType: 'person', targetId: 'a' }),
      ctx.readAudit.record(actor, { action: 'boom', targetType: 'person', targetId: 'b' }),
    ]);
    expect(batch.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await ctx.readAudit.record(actor, { action: 'after', targetType: 'person', targetId: 'c' });
    const actions = (await t.db.kysely.selectFrom('auditLog').select('action').orderBy('seq').execute()).map(
      (r) => r.action,
    );
    expect(actions).not.toContain('before');
    expect(actions.at(-1)).toBe('after');
    expect((await verifyAuditChain(ctx)).ok).toBe(true);
  });

  it('keeps one chain when read batches and changes append concurrently', async () => {
    const ctx = testContext(t.db);
    const actor = systemActor();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      writes.push(ctx.readAudit.record(actor, { action: 'read', targetType: 'person', targetId: `r${i}` }));
      if (i % 6 === 0)
        writes.push(
          t.db.kysely.transaction().execute(async (trx) => {
            await appendAudit(trx, ctx, actor, { action: 'change', targetType: 'person', targetId: `c${i}` });
            await appendAudit(trx, ctx, actor, { action: 'change', targetType: 'person', targetId: `d${i}` });
          }),
        );
    }
    await Promise.all(writes);
    const v = await verifyAuditChain(ctx);
    expect(v.ok).toBe(true);
    const n = await t.db.kysely
      .selectFrom('auditLog')
      .select(sql<number>`count(*)`.as('n'))
      .where('action', 'in', ['read', 'change'])
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(60 + 20);
  });
});
