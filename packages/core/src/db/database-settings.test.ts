import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigFile } from '../config';
import { openCore } from '../platform';
import { describeEachDatabase } from '../testing';
import { createDb, DATABASE_SETTINGS_DEFAULTS } from './create-db';

describe('configuration platform.database (ADR 0016)', () => {
  it('takes pool size, statement, idle and connection timeouts', () => {
    const cfg = parseConfigFile(
      {
        platform: {
          database: {
            poolSize: 20,
            statementTimeoutMs: 5_000,
            idleTimeoutMs: 30_000,
            connectionTimeoutMs: 2_000,
          },
        },
      },
      [],
    );
    expect(cfg.core.database).toEqual({
      poolSize: 20,
      statementTimeoutMs: 5_000,
      idleTimeoutMs: 30_000,
      connectionTimeoutMs: 2_000,
    });
  });

  it('refuses a wrong value or an unknown key, naming it', () => {
    const wrong = (database: unknown) => () => parseConfigFile({ platform: { database } }, []);
    expect(wrong({ poolSize: 0 })).toThrow(ConfigError);
    expect(wrong({ poolSize: 0 })).toThrow(/platform\.database\.poolSize/);
    expect(wrong({ statementTimeoutMs: -1 })).toThrow(/platform\.database\.statementTimeoutMs/);
    expect(wrong({ idleTimeoutMs: 1.5 })).toThrow(/platform\.database\.idleTimeoutMs/);
    expect(wrong({ poolsize: 5 })).toThrow(/unknown key/);
  });

  it('documents its defaults', () => {
    expect(DATABASE_SETTINGS_DEFAULTS).toEqual({
      poolSize: 10,
      statementTimeoutMs: 60_000,
      idleTimeoutMs: 10_000,
      connectionTimeoutMs: 10_000,
    });
  });
});

describeEachDatabase('database settings applied', (ctx) => {
  it('a server opened with settings gets its pool size and statement timeout (PostgreSQL); SQLite has no pool', async () => {
    if (ctx.dialect === 'sqlite') {
      expect(ctx.db.poolState).toBeUndefined();
      return;
    }
    // The test database's schema, opened as a server opens it: the configured settings on top.
    const url = process.env.DATABASE_URL as string;
    const core = await openCore({
      databaseUrl: url,
      config: { database: { poolSize: 3, statementTimeoutMs: 1_500 } },
      dbOptions: { schema: ctx.db.schema },
    });
    try {
      expect(core.db.poolState?.()).toMatchObject({ max: 3, waiting: 0 });
      const t = await sql<{ t: string }>`select current_setting('statement_timeout') as t`.execute(
        core.db.kysely,
      );
      expect(t.rows[0]?.t).toBe('1500ms');
      // A statement over the limit is cancelled by the server.
      await expect(sql`select pg_sleep(3)`.execute(core.db.kysely)).rejects.toThrow(/statement timeout/);
      // Waiting requests are counted while every connection is busy.
      const busy = Array.from({ length: 5 }, () => sql`select pg_sleep(0.3)`.execute(core.db.kysely));
      await new Promise((r) => setTimeout(r, 100));
      expect(core.db.poolState?.()).toMatchObject({ total: 3, waiting: 2 });
      await Promise.all(busy);
    } finally {
      await core.db.close();
    }
  });

  it('an idle pooled connection is closed after idleTimeoutMs (PostgreSQL)', async () => {
    if (ctx.dialect === 'sqlite') return;
    const db = createDb(process.env.DATABASE_URL as string, { schema: ctx.db.schema, idleTimeoutMs: 200 });
    try {
      await sql`select 1`.execute(db.kysely);
      expect(db.poolState?.().total).toBe(1);
      await new Promise((r) => setTimeout(r, 600));
      expect(db.poolState?.().total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
