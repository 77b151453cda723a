import type { Db } from './create-db';
import type { PointReads } from './point-reads';
import type { PreparedQuery } from './prepared';

/** Largest group read in one statement; groups are padded to a power of two up to it (few statement shapes). */
export const MAX_GROUP = 64;

/**
 * `keys` (distinct, at most MAX_GROUP) padded to the next power of two by repeating the first, so a grouped
 * `in (…)` statement has few shapes, each prepared once (here and access/session-checks.ts).
 */
export function paddedKeys(keys: readonly string[]): string[] {
  let size = 2;
  while (size < keys.length) size *= 2;
  return [...keys, ...Array<string>(size - keys.length).fill(keys[0] as string)];
}

interface Waiting<O> {
  key: string;
  resolve: (rows: O[]) => void;
  reject: (err: unknown) => void;
}

/**
 * One point read by key, grouped per turn of the event loop on PostgreSQL's point-read connection
 * (ADR 0038, "Grouped point reads"): the keys asked for during one turn are read by one statement
 * (`… where key in (…)`, padded to a power of two), and each caller gets the rows of its own key. Every
 * caller's read still starts after it asked (the statement is sent at the end of the turn it was queued
 * in), each read is its own statement and snapshot for its group, and a failing statement fails its group.
 * Without a point-read connection (SQLite) `read` runs the single-key statement directly.
 */
export class GroupedReads<P extends Record<string, unknown>, O> {
  private queue: Waiting<O>[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    /** The statement for one key, and its parameters for a key. */
    private readonly one: PreparedQuery<P, O>,
    private readonly paramsOf: (key: string) => P,
    /** The statement for many keys (`in` the list). */
    private readonly many: PreparedQuery<{ keys: string[] }, O>,
    /** The key a row answers. */
    private readonly keyOf: (row: O) => string,
  ) {}

  read(key: string): Promise<O[]> {
    const reads = this.db.pointReads;
    if (!reads) return this.one(this.db.kysely, this.paramsOf(key));
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (let i = 0; i < queue.length; i += MAX_GROUP) void this.readGroup(queue.slice(i, i + MAX_GROUP));
  }

  private async readGroup(group: Waiting<O>[]): Promise<void> {
    // Only queued when the database has a point reader (`read`).
    const reads = this.db.pointReads as PointReads;
    const kysely = this.db.kysely;
    try {
      const keys = [...new Set(group.map((w) => w.key))];
      if (keys.length === 1) {
        const rows = await reads.run(this.one.compiled(kysely, this.paramsOf(keys[0] as string)));
        for (const w of group) w.resolve(rows);
        return;
      }
      const rows = await reads.run(this.many.compiled(kysely, { keys: paddedKeys(keys) }));
      const byKey = new Map<string, O[]>();
      for (const r of rows) {
        const k = this.keyOf(r);
        const list = byKey.get(k);
        if (list) list.push(r);
        else byKey.set(k, [r]);
      }
      for (const w of group) w.resolve(byKey.get(w.key) ?? []);
    } catch (err) {
      for (const w of group) w.reject(err);
    }
  }
}
