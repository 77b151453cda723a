import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type LogEvent,
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DialectName } from './dialect';
import { runNativelyOutsideTransactions } from './prepared';
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
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL only: run every query with this search_path (used to isolate test suites). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
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
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
      ...queryLog(options),
    });
    return { kysely, dialect: 'postgres', schema: options.schema, close: () => kysely.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  const memory = file === ':memory:' || file === '';
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(memory ? ':memory:' : file);
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
    },
  };
}

/** The camel-case plugin, with its column → property mapping open to the native statement path. */
class ColumnNames extends CamelCasePlugin {
  property(column: string): string {
    return this.camelCase(column);
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
    return driver;
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
