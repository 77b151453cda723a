import { createDb } from '@social-affairs/core';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../test-app';

describeEachDatabase(
  'readiness (/readyz)',
  (ctx) => {
    it('reports the engine, and on PostgreSQL the connection pool (open, idle, waiting, size)', async () => {
      const { app } = await testApp(ctx.db);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ status: string; engine: string; pool?: Record<string, number> }>();
      expect(body.status).toBe('ready');
      expect(body.engine).toBe(ctx.dialect);
      if (ctx.dialect === 'postgres') {
        // The test harness opens PostgreSQL with a pool of 5; the readiness query itself held one.
        expect(body.pool).toEqual({
          total: expect.any(Number) as number,
          idle: expect.any(Number) as number,
          waiting: 0,
          max: 5,
        });
        expect(body.pool?.total).toBeGreaterThanOrEqual(1);
        expect(body.pool?.idle).toBeLessThanOrEqual(body.pool?.total ?? 0);
      } else {
        expect(body.pool).toBeUndefined();
      }
      await app.close();
    });

    it('answers 503 with the engine when the database is unavailable', async () => {
      // A database of the same engine that cannot answer: a closed SQLite handle, a PostgreSQL port
      // nobody listens on (connection refused at once).
      const down =
        ctx.dialect === 'postgres'
          ? createDb('postgres://nobody:nothing@127.0.0.1:1/none', { connectionTimeoutMs: 1_000 })
          : createDb('sqlite::memory:');
      down.sqlite?.close();
      const { app } = await testApp(down);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'database unavailable', engine: ctx.dialect });
      await app.close();
      await down.close();
    });
  },
  { lines: serverManifests },
);
