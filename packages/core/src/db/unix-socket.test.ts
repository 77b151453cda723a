/**
 * ADR 0038: on one box the server reaches PostgreSQL over its Unix-domain socket (`?host=<socket dir>` in
 * DATABASE_URL). Every connection the server opens — the pool, the audit writer's, the point reader's —
 * goes over the socket, and the audited lookup works there as over TCP. Runs when `PG_SOCKET_DIR` names
 * the server's socket directory (CI sets it: .ci/run).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { verifyAuditChain } from '../audit/audit.service';
import { createPerson, findPersonByResidentIdFor } from '../people/people.service';
import { openPostgresSchema } from '../testing/each-database';
import { aPersonInput, testContext } from '../testing/factories';

const url = process.env.DATABASE_URL;
const dir = process.env.PG_SOCKET_DIR;

/** `url` with its host replaced by the socket directory (the port names the socket file). */
function overSocket(tcpUrl: string, socketDir: string): string {
  const u = new URL(tcpUrl);
  u.hostname = 'localhost';
  u.searchParams.set('host', socketDir);
  return u.toString();
}

describe.skipIf(!url?.startsWith('postgres') || !dir)('PostgreSQL over its Unix-domain socket', () => {
  it('opens every connection over the socket and answers an audited lookup there', async () => {
    const opened = await openPostgresSchema(overSocket(url as string, dir as string));
    const db = opened.db;
    try {
      const ctx = testContext(db);
      const input = aPersonInput();
      await createPerson(ctx, systemActor('test', '430000'), input);
      const clerk = systemActor('clerk', '430000');
      const found = await findPersonByResidentIdFor(ctx, clerk, input.residentId as string, '核对');
      expect(found.name).toBe(input.name);
      // The lookup's read ran on the point reader, its audit row on the writer's connection: all over
      // the socket, where the server has no inet address.
      const onPool = await sql<{ addr: string | null }>`select inet_server_addr()::text as addr`.execute(
        db.kysely,
      );
      expect(onPool.rows[0]?.addr).toBeNull();
      const reads = db.pointReads;
      if (!reads) throw new Error('expected the PostgreSQL point reader');
      const onReader = await reads.run(
        sql<{ addr: string | null }>`select inet_server_addr()::text as addr`.compile(db.kysely),
      );
      expect(onReader[0]?.addr).toBeNull();
      const writer = await db.auditConnection?.();
      if (!writer) throw new Error('expected the audit writer connection');
      try {
        const r = await writer.query<{ addr: string | null }>('select inet_server_addr()::text as addr');
        expect(r.rows[0]?.addr).toBeNull();
      } finally {
        writer.release();
      }
      const rows = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'targetType'])
        .where('action', '=', 'person.lookup')
        .execute();
      expect(rows).toEqual([{ action: 'person.lookup', targetType: 'person' }]);
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    } finally {
      await opened.dispose();
    }
  });
});
