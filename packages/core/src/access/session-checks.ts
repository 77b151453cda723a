import type { Db } from '../db/create-db';
import { MAX_GROUP, paddedKeys } from '../db/grouped-reads';
import { sessionState, sessionStates } from './users.repository';

type SessionStateRow = { status: string; passwordChangedAt: string } | undefined;
interface Waiting {
  id: string;
  resolve: (row: SessionStateRow) => void;
  reject: (err: unknown) => void;
}

/**
 * The per-request re-check of cached sessions on PostgreSQL, grouped: re-checks asked for while a
 * group's query is running wait for the next group, and each group is one query (`sessionStates`)
 * instead of one round trip per request. Every request is still checked by a query that starts after
 * it arrived, so a session ended elsewhere stops at its next request exactly as with one query each.
 * SQLite re-checks synchronously on its own connection (`sessionStateNow`) and never gets here. ADR 0016.
 */
class SessionChecks {
  private queue: Waiting[] = [];
  private running = false;

  constructor(private readonly db: Db) {}

  check(id: string): Promise<SessionStateRow> {
    return new Promise<SessionStateRow>((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.run());
      }
    });
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          const states = await this.query(group.map((w) => w.id));
          for (const w of group) w.resolve(states.get(w.id));
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async query(ids: string[]): Promise<Map<string, SessionStateRow>> {
    const unique = [...new Set(ids)];
    // On the point-read connection when there is one (db/point-reads.ts: pipelined, one write a turn).
    const reads = this.db.pointReads;
    const kysely = this.db.kysely;
    if (unique.length === 1) {
      const params = { id: unique[0] as string };
      const [row] = reads
        ? await reads.run(sessionState.compiled(kysely, params))
        : await sessionState(kysely, params);
      return new Map([[unique[0] as string, row]]);
    }
    const params = { ids: paddedKeys(unique) };
    const rows = reads
      ? await reads.run(sessionStates.compiled(kysely, params))
      : await sessionStates(kysely, params);
    return new Map(rows.map((r) => [r.id, { status: r.status, passwordChangedAt: r.passwordChangedAt }]));
  }
}

const checks = new WeakMap<Db, SessionChecks>();

/** The state of session `id` (its row exists, its user's status and password change time), grouped. */
export function groupedSessionState(db: Db, id: string): Promise<SessionStateRow> {
  let c = checks.get(db);
  if (!c) checks.set(db, (c = new SessionChecks(db)));
  return c.check(id);
}
