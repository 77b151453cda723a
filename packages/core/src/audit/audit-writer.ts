import type { Actor } from '../access/actor';
import type { Clock } from '../context';
import type { Db } from '../db/create-db';
import { lockChain } from '../db/dialect';
import type { AuditRow } from '../db/schema';
import { GENESIS_HASH, auditRowHash } from './audit-hash';
import { lastAuditRow } from './audit.repository';
import type { AuditEntry } from './audit.service';

interface Pending {
  actor: Actor;
  entry: AuditEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for audit rows that accompany no other change (reads of sensitive records, reveals,
 * exports). Entries arriving in the same event-loop turn are chained and written in one transaction;
 * each caller's promise resolves only after that transaction commits, so a read is never answered
 * before its audit row is durable. Changes keep writing their audit row inside their own transaction.
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
      this.queue.push({ actor, entry, resolve, reject });
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
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await lockChain(this.db.dialect, trx, 'audit');
      const last = await lastAuditRow(trx);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const at = this.clock.now().toISOString();
      const rows: AuditRow[] = batch.map(({ actor, entry }) => {
        const fields = {
          seq: ++seq,
          at,
          actorId: actor.userId,
          actorUsername: actor.username,
          action: entry.action,
          targetType: entry.targetType,
          targetId: entry.targetId ?? null,
          divisionCode: entry.divisionCode ?? null,
          reason: entry.reason ?? null,
          details: JSON.stringify(entry.details ?? {}),
          prevHash,
        };
        prevHash = auditRowHash(fields);
        return { ...fields, hash: prevHash };
      });
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto('auditLog')
          .values(rows.slice(i, i + 200))
          .execute();
      }
    });
  }
}
