import pg from 'pg';
import type { Actor } from '../access/actor';
import type { Clock } from '../clock';
import type { Db } from '../db/create-db';
import { lockChain } from '../db/dialect';
import type { GroupedReads } from '../db/grouped-reads';
import { runsInline, type PreparedQuery } from '../db/prepared';
import type { ServerKeys } from '../keys';
import { chainAuditRows, type AuditDraft } from './audit-hash';
import {
  appendAuditRowsPostgres,
  appendAuditRowsSqlite,
  insertAuditRows,
  lastAuditRow,
} from './audit.repository';
import { auditDraft, type AuditEntry } from './audit.service';

/** A queued audit append: `prepare` runs inside the batch's transaction and gives the row, or none. */
interface Job {
  prepare: (job: Job) => AuditDraft | null;
  result?: unknown;
  failed?: { error: unknown };
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for audit rows that accompany no other change (reads of sensitive records, reveals,
 * exports). Entries arriving while a batch is being written form the next batch; each is chained and
 * the batch written in one transaction, and each caller's promise resolves only after that
 * transaction commits, so a read is never answered before its audit row is durable. Changes keep
 * writing their audit row inside their own transaction (audit.service `audit`).
 *
 * PostgreSQL writes the batch on a connection of its own (`Db.auditConnection`) in one transaction
 * under the chain's advisory lock, two round trips a batch (ADR 0016); SQLite in one
 * synchronous IMMEDIATE transaction on prepared statements, at once when no transaction is open on
 * the connection, else after it. On SQLite an audited read (`readAudited`) runs inside that
 * transaction too. (A writer thread with its own SQLite connection was tried twice and dropped: every
 * commit from another connection makes the serving connection drop its page cache and memory map, so
 * the lookups it was meant to speed up got slower — ADR 0006, ADR 0008.)
 */
export class AuditWriter {
  private queue: Job[] = [];
  private scheduled = false;
  private flushing = false;
  /** Audited reads and records in progress (a query may still be running before its entry is queued). */
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly keys: ServerKeys,
  ) {}

  async record(actor: Actor, entry: AuditEntry): Promise<void> {
    const draft = auditDraft(this.clock.now().toISOString(), actor, entry);
    this.pending++;
    try {
      await this.enqueue(() => draft);
    } finally {
      this.pending--;
      this.settle();
    }
  }

  /**
   * Resolves once no audited read or record is in progress and every queued row is written (or after
   * `timeoutMs`): a stopping server calls it after it stops taking requests and before it closes the
   * database, so a request still running (its client may have gone) keeps its audit row.
   */
  drain(timeoutMs = 10_000): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.settle();
    });
  }

  private settle(): void {
    if (this.pending > 0 || this.queue.length > 0 || this.flushing || this.scheduled) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * An audited read: runs `query` with `params` and records `entryOf(rows)` (null: nothing to record —
   * not found, or not the actor's to see). On SQLite the query runs inside the next batch's
   * transaction, so the read and its audit row commit together and the read needs no transaction of
   * its own (whose read-lock system calls cost a third of a person lookup here); elsewhere the query
   * runs first and the entry is then recorded as by `record`.
   */
  async readAudited<P extends Record<string, unknown>, O>(
    actor: Actor,
    query: PreparedQuery<P, O>,
    params: P,
    entryOf: (rows: O[]) => AuditEntry | null,
    /** PostgreSQL: the same read grouped with the turn's other reads by key (db/grouped-reads.ts). */
    grouped?: { reads: GroupedReads<P, O>; key: string },
  ): Promise<O[]> {
    const db = this.db.kysely;
    if (!runsInline(db)) {
      this.pending++;
      try {
        // PostgreSQL: on the point-read connection (db/point-reads.ts, ADR 0036), grouped when it can be.
        const reads = this.db.pointReads;
        const rows = grouped
          ? await grouped.reads.read(grouped.key)
          : reads
            ? await reads.run(query.compiled(db, params))
            : await query(db, params);
        const entry = entryOf(rows);
        if (entry) await this.record(actor, entry);
        return rows;
      } finally {
        this.pending--;
        this.settle();
      }
    }
    return (await this.enqueue((job) => {
      const rows = query.inline(db, params);
      job.result = rows;
      const entry = entryOf(rows);
      return entry ? auditDraft(this.clock.now().toISOString(), actor, entry) : null;
    })) as O[];
  }

  private enqueue(prepare: Job['prepare']): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      this.queue.push({ prepare, resolve, reject });
      if (!this.scheduled && !this.flushing) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** One writer at a time: entries arriving while a batch commits form the next batch. */
  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.write(batch);
          for (const job of batch) {
            if (job.failed) job.reject(job.failed.error);
            else job.resolve(job.result);
          }
        } catch (err) {
          for (const job of batch) job.reject(err);
        }
      }
    } finally {
      this.flushing = false;
      this.settle();
    }
  }

  /** The batch's rows in queue order; a job whose preparation throws fails alone. */
  private static drafts(batch: Job[]): AuditDraft[] {
    const drafts: AuditDraft[] = [];
    for (const job of batch) {
      try {
        const draft = job.prepare(job);
        if (draft) drafts.push(draft);
      } catch (error) {
        job.failed = { error };
      }
    }
    return drafts;
  }

  private async write(batch: Job[]): Promise<void> {
    const native = this.db.sqlite;
    if (native) {
      // One synchronous transaction: no await between reading the chain head and inserting, and four
      // awaited Kysely round-trips become one call (~4x cheaper). With no transaction open on the one
      // connection nothing can interleave with it; otherwise it waits for Kysely's connection lock.
      const append = () =>
        appendAuditRowsSqlite(native, (last) => chainAuditRows(this.keys, last, AuditWriter.drafts(batch)));
      if (!native.inTransaction) return append();
      await this.db.kysely.connection().execute(async () => append());
      return;
    }
    const connect = this.db.auditConnection;
    if (connect) {
      // PostgreSQL: on the writer's own connection, two round trips (audit.repository).
      const client = await connect();
      let broken: Error | undefined;
      try {
        await appendAuditRowsPostgres(client, this.db.kysely, (last) =>
          chainAuditRows(this.keys, last, AuditWriter.drafts(batch)),
        );
      } catch (err) {
        // A connection that failed (not a statement the server refused) is dropped, not reused.
        if (!(err instanceof pg.DatabaseError)) broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
      return;
    }
    const drafts = AuditWriter.drafts(batch);
    await this.db.kysely.transaction().execute(async (trx) => {
      await lockChain(this.db.dialect, trx, 'audit');
      await insertAuditRows(trx, chainAuditRows(this.keys, await lastAuditRow(trx), drafts));
    });
  }
}
