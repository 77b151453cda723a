import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Driver,
  Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresIntrospector,
  type SchemaMetadata,
  SqliteDialect,
  type LogEvent,
  type SqliteDatabase,
  type TableMetadata,
  sql,
} from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DialectName } from './dialect';
import { PointReads, statementName } from './point-reads';
import { MULTI_STATEMENT, withPreCommit } from './pre-commit';
import { preparedSqlTexts, runNativelyOutsideTransactions } from './prepared';
import type { Database } from './schema';

/** A database handle passed explicitly to every repository and service (no singleton). */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** PostgreSQL schema every query runs in (search_path), when one was given. */
  readonly schema?: string;
  /**
   * SQLite only: the underlying better-sqlite3 handle, for hot paths that run several statements as
   * one synchronous transaction. Use it only inside `kysely.connection().execute(...)`, which holds
   * Kysely's lock on the single connection so no Kysely transaction is open meanwhile.
   */
  readonly sqlite?: SQLite.Database;
  /** PostgreSQL only: the connection pool's state now (for `/readyz` and diagnostics). */
  readonly poolState?: () => PoolState;
  /**
   * PostgreSQL only: the audit group commit's own connection (a pool of one, beside the main pool), so a
   * batch of audit rows never queues for a connection behind the requests it is holding up. One batch
   * at a time (AuditWriter); see `appendAuditRowsPostgres`. ADR 0016.
   */
  readonly auditConnection?: () => Promise<pg.PoolClient>;
  /**
   * PostgreSQL only: the connection of the hot point reads (the session re-check, the audited read), in
   * pipeline mode beside the main pool; opened on first use. See `PointReads`, ADR 0036.
   */
  readonly pointReads?: PointReads;
  close(): Promise<void>;
}

/** A PostgreSQL connection pool's state: connections open, idle, and queries waiting for one. */
export interface PoolState {
  /** Connections open (busy + idle). */
  total: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  /** The pool's size (most connections it opens). */
  max: number;
}

/**
 * Connection pool and timeouts, PostgreSQL only (configuration `platform.database`, docs/configuration.md;
 * SQLite has its one connection and ignores them). ADR 0016.
 */
export interface DatabaseSettings {
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /** A statement running longer is cancelled by the server, in ms (0: no limit; default 60,000). */
  statementTimeoutMs?: number;
  /** An idle pooled connection is closed after this many ms (0: never; default 10,000). */
  idleTimeoutMs?: number;
  /** Waiting for a new connection (or a free one) fails after this many ms (0: wait forever; default 10,000). */
  connectionTimeoutMs?: number;
}

/** The defaults of `DatabaseSettings` as the server applies them (docs/configuration.md). */
export const DATABASE_SETTINGS_DEFAULTS: Required<DatabaseSettings> = {
  poolSize: 10,
  statementTimeoutMs: 60_000,
  idleTimeoutMs: 10_000,
  connectionTimeoutMs: 10_000,
};

export interface CreateDbOptions extends DatabaseSettings {
  /** PostgreSQL only: run every query with this search_path (used to isolate test suites). */
  schema?: string;
  /** Called after every query with its SQL and duration in ms (slow-query logging, profiling). */
  onQuery?: (sql: string, ms: number) => void;
  /**
   * SQLite file databases: who copies the WAL back into the database file. 'background' (default) — a
   * worker thread checkpoints every `checkpointIntervalMs`, and the serving connection's own
   * autocheckpoint only fires past 64 MB of WAL as a safety net; 'inline' — SQLite's default
   * (every 1,000 pages, on the committing thread, with its fsync).
   */
  checkpoint?: 'background' | 'inline';
  /**
   * SQLite page cache per connection in MB (default 8). With the file memory-mapped, the cache holds
   * only pages a write transaction touched and pages read from the WAL; see `mmapSizeMb`.
   */
  cacheSizeMb?: number;
  /**
   * SQLite file databases: how much of the file is read through a memory map, in MB (default 2047, the
   * most this SQLite allows; 0 turns it off). Reads of mapped pages skip the page cache and the read
   * system call.
   */
  mmapSizeMb?: number;
  checkpointIntervalMs?: number;
  /**
   * In-memory SQLite only: start from this database image (`Database.serialize()`) instead of an empty
   * database — the tests' copy of a migrated template (testing/each-database.ts, ADR 0037).
   */
  sqliteImage?: Buffer;
}

function queryLog(options: CreateDbOptions) {
  const onQuery = options.onQuery;
  return onQuery ? { log: (e: LogEvent) => onQuery(e.query.sql, e.queryDurationMillis) } : {};
}

/**
 * Opens a database from a URL:
 * `postgres://user:pass@host:port/db` → PostgreSQL;
 * `sqlite::memory:` → an in-memory SQLite database;
 * `sqlite:./data/platform.db` or a bare path → a SQLite file (created with its folder, WAL mode).
 */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Without options: pg's own defaults (no statement timeout), as tests and tools open it; the server
    // passes the configured settings (openCore, DATABASE_SETTINGS_DEFAULTS).
    const max = options.poolSize ?? DATABASE_SETTINGS_DEFAULTS.poolSize;
    const poolConfig: pg.PoolConfig = {
      connectionString: url,
      Client: NamingClient,
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMillis: options.idleTimeoutMs } : {}),
      ...(options.connectionTimeoutMs !== undefined
        ? { connectionTimeoutMillis: options.connectionTimeoutMs }
        : {}),
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    };
    const pool = new pg.Pool({ ...poolConfig, max });
    // Opened on first use (the first audited read), kept open: no idle timeout.
    let auditPool: pg.Pool | undefined;
    let closed = false;
    // An idle pooled connection the server ended (restart, failover, idle-session timeout) is reported
    // as an 'error' event on the pool; with no listener Node would end the whole process. The pool has
    // already dropped that connection and opens a new one on demand, so there is nothing more to do.
    pool.on('error', () => {});
    const columns = new ColumnNames();
    const kysely = new Kysely<Database>({
      dialect: new PreCommitPostgresDialect({ pool }, options.schema),
      plugins: [columns],
      ...queryLog(options),
    });
    const pointReads = new PointReads(poolConfig, (c) => columns.property(c), options.onQuery);
    return {
      kysely,
      dialect: 'postgres',
      schema: options.schema,
      pointReads,
      poolState: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max,
      }),
      auditConnection: () => {
        if (closed) return Promise.reject(new Error('database closed'));
        if (!auditPool) {
          // Pipelining: the batch's inserts and its COMMIT go out together (appendAuditRowsPostgres).
          auditPool = new pg.Pool({
            ...poolConfig,
            max: 1,
            idleTimeoutMillis: 0,
            pipeline: true,
          });
          auditPool.on('error', () => {});
        }
        return auditPool.connect();
      },
      close: async () => {
        closed = true;
        const audit = auditPool;
        auditPool = undefined;
        await kysely.destroy();
        await audit?.end();
        await pointReads.close();
      },
    };
  }
  const file = url.replace(/^sqlite:/, '');
  const memory = file === ':memory:' || file === '';
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(memory ? (options.sqliteImage ?? ':memory:') : file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Reads go through the memory map; the page cache keeps what writes touch. A small cache matters:
  // after a B-tree split SQLite's commit walks the whole cache (pcache1Truncate), and a 64 MB cache
  // made that the largest single cost of an audited read (ADR 0008).
  database.pragma(`cache_size = ${-1024 * (options.cacheSizeMb ?? 8)}`);
  if (!memory) database.pragma(`mmap_size = ${1024 * 1024 * (options.mmapSizeMb ?? 2047)}`);
  const checkpointer =
    !memory && (options.checkpoint ?? 'background') === 'background'
      ? startCheckpointer(database, file, options.checkpointIntervalMs ?? 250)
      : undefined;
  const columns = new ColumnNames();
  const kysely = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
    plugins: [columns],
    ...queryLog(options),
  });
  // Prepared hot-path queries skip Kysely's executor outside transactions — unless every query must be
  // seen by the query log.
  if (!options.onQuery) runNativelyOutsideTransactions(kysely, database, (c) => columns.property(c));
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: database,
    close: async () => {
      await checkpointer?.stop();
      await kysely.destroy();
      // Kysely's driver closes the connection only if it ever opened it (its first query); a database
      // used only through prepared statements, or not at all, is closed here.
      if (database.open) database.close();
    },
  };
}

/** Most named statements one connection keeps prepared; texts beyond run unnamed, as any other. */
const MAX_NAMED_PER_CONNECTION = 256;

/**
 * A pg client that runs the hot statements — those compiled by `prepared` and `insertRows`
 * (`preparedSqlTexts`) — as named server-side prepared statements: PostgreSQL parses and plans each
 * once per connection and afterwards only binds and executes it. Measured on a person lookup by
 * resident id: 75 → 33 µs of the backend's CPU and 60 → 40 µs of ours per query (ADR 0016). Other
 * statements (built per call, of unbounded variety) stay unnamed. Kysely passes `(text, values)`.
 */
class NamingClient extends pg.Client {
  private named = 0;
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && text.startsWith(MULTI_STATEMENT) && args.length === 2) {
      // Several statements in one simple query (pre-commit.ts, lockChainAndRead): the last one's result.
      return (super.query as (t: string) => Promise<pg.QueryResult | pg.QueryResult[]>)(text).then((r) =>
        Array.isArray(r) ? r[r.length - 1] : r,
      ) as never;
    }
    if (typeof text === 'string' && Array.isArray(values) && preparedSqlTexts.has(text)) {
      const name = statementName(text);
      const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } })
        .connection.parsedStatements;
      if (parsed[name] !== undefined || this.named++ < MAX_NAMED_PER_CONNECTION)
        return (super.query as (...a: unknown[]) => never)({ name, text, values });
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/** The camel-case plugin, with its column → property mapping open to the native statement path. */
class ColumnNames extends CamelCasePlugin {
  property(column: string): string {
    return this.camelCase(column);
  }
}

/**
 * PostgreSQL with the pre-commit steps (pre-commit.ts) run before every COMMIT; with a search_path
 * schema, introspection of that schema only (`SchemaIntrospector`).
 */
class PreCommitPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly schema?: string,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return withPreCommit(super.createDriver());
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.schema ? new SchemaIntrospector(db, this.schema) : super.createIntrospector(db);
  }
}

/**
 * Introspection of one schema (the search_path schema a database was opened with). Kysely's Migrator
 * looks for its bookkeeping tables with `getTables()`, and Kysely's PostgresIntrospector reads every
 * schema of the database, calling `has_schema_privilege(name)` on each: when test files run in parallel,
 * each on a throwaway schema (testing/each-database.ts), a schema another file drops between the query's
 * catalog snapshot and that call fails the migration with `schema "t_…" does not exist` — a test failing
 * in its setup at random. The work also grew with every schema present. This reads the one schema.
 */
class SchemaIntrospector implements DatabaseIntrospector {
  readonly #base: PostgresIntrospector;
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
    private readonly db: Kysely<any>,
    private readonly schema: string,
  ) {
    this.#base = new PostgresIntrospector(db);
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return this.#base.getSchemas();
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      table: string;
      kind: string;
      column: string;
      notNull: boolean;
      hasDefault: boolean;
      type: string;
      typeSchema: string;
      comment: string | null;
      serial: string | null;
    }>`select c.relname as "table", c.relkind as "kind", a.attname as "column",
        a.attnotnull as "notNull", a.atthasdef as "hasDefault", t.typname as "type",
        tn.nspname as "typeSchema", col_description(a.attrelid, a.attnum) as "comment",
        pg_get_serial_sequence(c.oid::regclass::text, a.attname) as "serial"
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
      where n.nspname = ${this.schema} and c.relkind in ('r', 'v', 'p')
        and a.attnum >= 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(this.db);
    const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    const tables = new Map<string, TableMetadata>();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && internal.has(r.table)) continue;
      let table = tables.get(r.table);
      if (!table) {
        table = { name: r.table, schema: this.schema, isView: r.kind === 'v', columns: [] };
        tables.set(r.table, table);
      }
      table.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.typeSchema,
        isNullable: !r.notNull,
        hasDefaultValue: r.hasDefault,
        isAutoIncrementing: r.serial !== null,
        comment: r.comment ?? undefined,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/**
 * Transactions begin IMMEDIATE: the write lock is taken at BEGIN, not at the first write. Other
 * connections to the same file (another server process, the CLI) may commit between a deferred transaction's
 * first read and its first write, which SQLite answers with SQLITE_BUSY_SNAPSHOT — never retried.
 * With IMMEDIATE the transaction waits (busy_timeout) for the lock and then reads current data, so a
 * hash-chain head read inside it is the real head.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return withPreCommit(driver);
  }
}

/**
 * Checkpoints. With SQLite's default, the commit that pushes the WAL past 1,000 pages copies them
 * into the database file and fsyncs it on the committing thread — on a busy server a 25–260 ms stall
 * of the event loop every few hundred commits (measured: 50-row audit batches cost 3.3 ms mean with
 * inline checkpoints, 1.0 ms without). A worker thread with its own connection runs PASSIVE
 * checkpoints instead; the serving connection keeps a 64 MB autocheckpoint only as a safety net.
 */
function startCheckpointer(database: SQLite.Database, file: string, intervalMs: number) {
  database.pragma('wal_autocheckpoint = 16384');
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, intervalMs },
  });
  let exited = false;
  worker.unref();
  worker.on('exit', () => (exited = true));
  worker.on('error', () => database.pragma('wal_autocheckpoint = 1000'));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        worker.once('exit', () => resolve());
        worker.ref(); // keep the process alive until the worker has closed its connection
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 1_000).unref();
      }),
  };
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a point
 * query (~100–300 µs for a join). Keep the most recent prepared statements by SQL text. Safe because
 * Kysely runs one query at a time on the single SQLite connection.
 */
function withStatementCache(database: SQLite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (stmt) {
        cache.delete(sqlText);
      } else {
        stmt = database.prepare(sqlText);
        if (cache.size >= size) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
  };
}
