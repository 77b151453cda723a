import type { CompiledQuery } from 'kysely';
import pg from 'pg';

/** Statement names by SQL text, the same in every connection (`s1`, `s2`, …). ADR 0016. */
const statementNames = new Map<string, string>();

/** The stable name of the named prepared statement for `text` (create-db.ts `NamingClient`, `PointReads`). */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `s${statementNames.size + 1}`));
  return name;
}

/** Most named statements the reader's connection keeps prepared; texts beyond run unnamed. */
const MAX_NAMED = 256;

/**
 * PostgreSQL: the hot point reads of every request — the grouped session re-check and the audited
 * read (access/session-checks.ts, audit/audit-writer.ts `readAudited`) — on one connection of their
 * own in pipeline mode, all the reads asked for in one turn of the event loop written to the socket
 * in one system call (the socket is corked from the first read of the turn until `setImmediate`).
 * Each read keeps its own Sync (its own implicit transaction and snapshot, its own error); the
 * connection answers them in order. Each read runs as a named prepared statement with rows as arrays,
 * keyed here with the camel-cased column names Kysely's plugin would give.
 *
 * Why (ADR 0036): profiled under load, the largest single cost of our process on an audited lookup was
 * not JavaScript but the `writev` of each query to the pool's sockets (a loopback send runs the
 * receiver's TCP path and wakes a backend on the sender's CPU), one per read on one of ten
 * connections; and each backend woke once per read. Here one write and one backend wake-up serve
 * every read of the turn.
 *
 * Only statements that are fast by construction (an indexed point read) may come here: a slow one
 * would hold up every read queued behind it on the connection. Reads inside a transaction never do
 * (they run on the transaction's connection). The connection opens on first use; a connection that
 * fails is dropped (the reads in flight on it fail) and the next read opens a new one.
 */
export class PointReads {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private corked: pg.Client | undefined;
  private named = 0;
  private closed = false;
  /** Result keys per SQL text and column list. */
  private readonly keys = new Map<string, string[]>();

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly property: (column: string) => string,
    private readonly onQuery?: (sql: string, ms: number) => void,
  ) {}

  /** Runs `query` on the reader connection; its rows, keyed as Kysely would key them. */
  run<O>(query: CompiledQuery<O>): Promise<O[]> {
    const client = this.client;
    if (client) return this.submit<O>(client, query);
    return this.connect().then((c) => this.submit<O>(c, query));
  }

  /** Connections the reader holds now (0 or 1), for `/readyz`. */
  get open(): number {
    return this.client ? 1 : 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.connecting = undefined;
    await c?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('database closed'));
    if (!this.connecting) {
      const c = new pg.Client({ ...this.config, pipeline: true });
      let opening: Promise<pg.Client> | undefined;
      const drop = () => {
        if (this.client === c) this.client = undefined;
        if (this.corked === c) this.corked = undefined;
        // Only this connection's own opening: a newer one may be opening already.
        if (this.connecting === opening) this.connecting = undefined;
      };
      // A connection the server ended (restart, failover) or that broke: the reads in flight on it fail
      // (pg rejects them), and the next read opens a new connection. Without a listener Node would end
      // the whole process on the 'error' event.
      c.on('error', drop);
      c.on('end', drop);
      this.named = 0;
      this.connecting = opening = c.connect().then(
        () => {
          if (this.closed) {
            void c.end();
            throw new Error('database closed');
          }
          this.client = c;
          return c;
        },
        (err: unknown) => {
          if (this.connecting === opening) this.connecting = undefined;
          throw err;
        },
      );
    }
    return this.connecting;
  }

  private submit<O>(client: pg.Client, query: CompiledQuery<O>): Promise<O[]> {
    if (this.corked !== client) {
      // The first read of this turn: hold the socket's writes until the turn ends, then send them all.
      const stream = (
        client as unknown as {
          connection: { stream: NodeJS.WritableStream & { cork(): void; uncork(): void } };
        }
      ).connection.stream;
      this.corked = client;
      stream.cork();
      setImmediate(() => {
        if (this.corked === client) this.corked = undefined;
        stream.uncork();
      });
    }
    const text = query.sql;
    const name = this.nameFor(client, text);
    const started = this.onQuery ? performance.now() : 0;
    return client
      .query<unknown[]>({
        ...(name ? { name } : {}),
        text,
        values: query.parameters as unknown[],
        rowMode: 'array',
      })
      .then((result) => {
        if (this.onQuery) this.onQuery(text, performance.now() - started);
        return this.rows<O>(text, result);
      });
  }

  private nameFor(client: pg.Client, text: string): string | undefined {
    const name = statementName(text);
    const parsed = (client as unknown as { connection: { parsedStatements: Record<string, string> } })
      .connection.parsedStatements;
    if (parsed[name] !== undefined) return name;
    return this.named++ < MAX_NAMED ? name : undefined;
  }

  private rows<O>(text: string, result: pg.QueryResult<unknown[]>): O[] {
    const fields = result.fields;
    let cacheKey = text;
    for (const f of fields) cacheKey += `\u0000${f.name}`;
    let keys = this.keys.get(cacheKey);
    if (!keys) {
      keys = fields.map((f) => this.property(f.name));
      if (this.keys.size >= 1_000) this.keys.clear();
      this.keys.set(cacheKey, keys);
    }
    const out = new Array<O>(result.rows.length);
    for (let r = 0; r < result.rows.length; r++) {
      const row = result.rows[r] as unknown[];
      const o: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const v = row[i];
        // As Kysely's camel-case plugin: keys of nested plain objects (json columns) are mapped too.
        o[keys[i] as string] = v !== null && typeof v === 'object' ? this.nested(v) : v;
      }
      out[r] = o as O;
    }
    return out;
  }

  /** Kysely's camel-case plugin on a value: plain objects (and those in arrays) get camel-cased keys. */
  private nested(value: unknown): unknown {
    if (Array.isArray(value))
      return (value as unknown[]).map((it) => (isPlainObject(it) ? this.nested(it) : it));
    if (!isPlainObject(value)) return value;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      o[this.property(k)] = v !== null && typeof v === 'object' ? this.nested(v) : v;
    return o;
  }
}

/** As Kysely's `isPlainObject`: an object literal (or one without a prototype), not a Date, Buffer or array. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Object.prototype.toString.call(v) !== '[object Object]')
    return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === null || proto === Object.prototype;
}
