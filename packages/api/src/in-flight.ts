/**
 * Requests whose handlers are still running. A client that goes away (a load balancer's timeout, a
 * benchmark that stops) does not stop its request's handler: Fastify's `close()` resolves once the last
 * socket is gone, while such handlers may still be writing or waiting for a database connection. Shutdown
 * waits for them (`drained`) before the database is closed, so they finish — or fail on their own —
 * instead of failing on a closed database. A request is counted from `preHandler` (its handler is about
 * to run) until its reply's `onSend`, which Fastify runs when the handler has produced its answer even if
 * the client is gone (`onResponse` is not run then). A request whose client left before that (e.g. during
 * the session re-check, which only reads) never reaches its handler and is never counted: counting it from
 * `onRequest` left it counted for good, and every shutdown after a benchmark waited its full timeout.
 */
import type { FastifyInstance } from 'fastify';

export interface InFlight {
  /** Handlers still running. */
  readonly count: number;
  /** Resolves when no handler is running, or after `timeoutMs` (then with the number still running). */
  drained(timeoutMs: number): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    inFlight: InFlight;
  }
  interface FastifyRequest {
    inFlightCounted?: boolean;
  }
}

export function installInFlight(app: FastifyInstance): void {
  let count = 0;
  let waiters: (() => void)[] = [];
  const done = (req: { inFlightCounted?: boolean }) => {
    if (!req.inFlightCounted) return;
    req.inFlightCounted = false;
    count--;
    if (count === 0 && waiters.length > 0) {
      const wake = waiters;
      waiters = [];
      for (const w of wake) w();
    }
  };
  app.decorate('inFlight', {
    get count() {
      return count;
    },
    drained(timeoutMs: number): Promise<number> {
      if (count === 0) return Promise.resolve(0);
      return new Promise<number>((resolve) => {
        const timer = setTimeout(() => resolve(count), timeoutMs);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve(0);
        });
      });
    },
  });
  app.addHook('preHandler', (req, _reply, next) => {
    req.inFlightCounted = true;
    count++;
    next();
  });
  app.addHook('onSend', (req, _reply, payload, next) => {
    done(req);
    next(null, payload);
  });
  // A reply that never reaches onSend (e.g. a hook that answered by throwing before a reply existed)
  // still ends in onResponse when the client is there.
  app.addHook('onResponse', (req, _reply, next) => {
    done(req);
    next();
  });
}
