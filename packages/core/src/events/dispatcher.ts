import type { Transaction } from 'kysely';
import type { Db } from '../db/create-db';
import type { Database } from '../db/schema';
import type { Clock } from '../clock';
import type { DomainEvents, EventType, StoredEvent } from './outbox';
import { insertDelivery, undeliveredEvents } from './outbox.repository';

export type EventHandler<T extends EventType> = (
  trx: Transaction<Database>,
  event: StoredEvent<T>,
) => Promise<void>;

interface Subscription {
  name: string;
  type: EventType;
  handle: EventHandler<EventType>;
}

export interface DispatcherLogger {
  error(obj: unknown, msg?: string): void;
}

/**
 * Delivers outbox events to in-process subscribers, at least once. Each delivery runs the handler and
 * records the delivery in one transaction, so a handler that only writes to this database takes
 * effect exactly once; a handler that fails is retried on the next round. Handlers must still be
 * idempotent (a replayed event changes nothing).
 */
export class EventDispatcher {
  private readonly subscriptions: Subscription[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private kicked = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: DispatcherLogger = { error: () => undefined },
  ) {}

  /** `name` identifies the subscriber durably: deliveries are recorded under it. */
  subscribe<T extends EventType>(name: string, type: T, handle: EventHandler<T>): void {
    if (this.subscriptions.some((s) => s.name === name)) throw new Error(`duplicate subscriber ${name}`);
    this.subscriptions.push({ name, type, handle: handle as unknown as EventHandler<EventType> });
  }

  /** Delivers everything pending; resolves to the number of deliveries made. Never runs twice at once. */
  dispatchPending(): Promise<number> {
    if (this.running) {
      this.kicked = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Starts a delivery round in the background (after a local write, on the poll timer). A failure — the
   * database closing under it at shutdown, say — is logged and retried on the next round, never left as an
   * unhandled rejection.
   */
  kick(): void {
    this.dispatchPending().catch((err: unknown) => {
      this.logger.error({ err }, 'event delivery round failed; will retry');
    });
  }

  private async drain(): Promise<number> {
    let total = 0;
    do {
      this.kicked = false;
      for (const s of this.subscriptions) total += await this.deliver(s);
    } while (this.kicked);
    return total;
  }

  private async deliver(s: Subscription): Promise<number> {
    const k = this.db.kysely;
    let delivered = 0;
    for (;;) {
      const pending = await undeliveredEvents(k, s.type, s.name);
      if (pending.length === 0) return delivered;
      for (const row of pending) {
        const event = {
          id: row.id,
          position: row.position,
          type: row.type as EventType,
          payload: JSON.parse(row.payload) as DomainEvents[EventType],
          occurredAt: row.occurredAt,
        };
        try {
          await k.transaction().execute(async (trx) => {
            await s.handle(trx, event);
            await insertDelivery(trx, {
              eventId: row.id,
              subscriber: s.name,
              deliveredAt: this.clock.now().toISOString(),
            });
          });
          delivered++;
        } catch (err) {
          this.logger.error({ err, subscriber: s.name, eventId: row.id }, 'event handler failed; will retry');
          return delivered;
        }
      }
    }
  }

  /** Polls for events written by other processes; in-process writers also call dispatchPending(). */
  start(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.kick();
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
