import type { Actor } from '../access/actor';
import type { Clock } from '../context';
import type { Db } from '../db/create-db';
import { lockChain } from '../db/dialect';
import { chainAuditRows, type AuditDraft } from './audit-hash';
import { appendAuditRowsSqlite, lastAuditRow } from './audit.repository';
import { auditDraft, type AuditEntry } from './audit.service';

interface Pending {
  draft: AuditDraft;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for audit rows that accompany no other change (reads of sensitive records, reveals,
 * exports). Entries arriving while a batch is being written form the next batch; each is chained and
 * the batch written in one transaction, and each caller's promise resolves only after that
 * transaction commits, so a read is never answered before its audit row is durable. Changes keep
 * writing their audit row inside their own transaction (audit.service `audit`).
 *
 * PostgreSQL writes the batch in a Kysely transaction under the chain's advisory lock; SQLite in one
 * synchronous IMMEDIATE transaction on prepared statements, at once when no transaction is open on
 * the connection, else after it. (A writer thread with its own SQLite
 * connection was tried and dropped: every commit from another connection resets the serving
 * connection's page cache, so the lookups it was meant to speed up got slower.)
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  record(actor: Actor, entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const draft = auditDraft(this.clock.now().toISOString(), actor, entry);
      this.queue.push({ draft, resolve, reject });
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
          await this.write(batch.map((p) => p.draft));
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(drafts: AuditDraft[]): Promise<void> {
    const native = this.db.sqlite;
    if (native) {
      // One synchronous transaction: no await between reading the chain head and inserting, and four
      // awaited Kysely round-trips become one call (~4x cheaper). With no transaction open on the one
      // connection nothing can interleave with it; otherwise it waits for Kysely's connection lock.
      const append = () => appendAuditRowsSqlite(native, (last) => chainAuditRows(last, drafts));
      if (!native.inTransaction) return append();
      await this.db.kysely.connection().execute(async () => append());
      return;
    }
    await this.db.kysely.transaction().execute(async (trx) => {
      await lockChain(this.db.dialect, trx, 'audit');
      const rows = chainAuditRows(await lastAuditRow(trx), drafts);
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto('auditLog')
          .values(rows.slice(i, i + 200))
          .execute();
      }
    });
  }
}
