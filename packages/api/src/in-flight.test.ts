import Fastify from 'fastify';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { installInFlight } from './in-flight';

describe('in-flight requests (shutdown waits for handlers whose clients went away)', () => {
  it('counts a handler until it answers, even after its client disconnected', async () => {
    const app = Fastify({ logger: false });
    installInFlight(app);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let finished = false;
    app.get('/slow', async () => {
      entered();
      await gate;
      finished = true;
      return { ok: true };
    });
    app.get('/fast', async () => ({ ok: true }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await app.inject({ url: '/fast' })).statusCode).toBe(200);
      expect(app.inFlight.count).toBe(0);
      expect(await app.inFlight.drained(10)).toBe(0);

      const req = request(`${address}/slow`);
      req.on('error', () => undefined);
      req.end();
      await inHandler;
      req.destroy(); // the client goes away; the handler keeps running
      await app.close(); // resolves once the socket is gone
      expect(app.inFlight.count).toBe(1);
      expect(await app.inFlight.drained(20)).toBe(1); // timed out: still running
      const drained = app.inFlight.drained(5_000);
      release();
      expect(await drained).toBe(0);
      expect(finished).toBe(true);
      expect(app.inFlight.count).toBe(0);
    } finally {
      release();
      await app.close();
    }
  });

  it('never counts a request whose client went away before its handler started', async () => {
    // Fastify runs neither the handler nor onSend then; before this, shutdown waited its full 10 s for it.
    const app = Fastify({ logger: false });
    installInFlight(app);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHook = new Promise<void>((r) => (entered = r));
    let seenGone!: () => void;
    const gone = new Promise<void>((r) => (seenGone = r));
    let handled = false;
    app.post(
      '/checked',
      {
        // As the session re-check: an onRequest hook that waits for the database.
        onRequest: async () => {
          entered();
          await gate;
        },
        onRequestAbort: (_req, done) => {
          seenGone();
          done();
        },
      },
      async () => {
        handled = true;
        return { ok: true };
      },
    );
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const req = request(`${address}/checked`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      req.on('error', () => undefined);
      req.end('{"a":1}');
      await inHook;
      expect(app.inFlight.count).toBe(0); // not counted until its handler is about to run
      req.destroy();
      await gone; // the server saw the client go while the hook still waits
      release();
      expect(await app.inFlight.drained(5_000)).toBe(0);
      expect(handled).toBe(false);
      // A request that completes normally is still counted until its answer.
      expect((await app.inject({ method: 'POST', url: '/checked', payload: { a: 1 } })).statusCode).toBe(200);
      expect(app.inFlight.count).toBe(0);
    } finally {
      release();
      await app.close();
    }
  });
});
