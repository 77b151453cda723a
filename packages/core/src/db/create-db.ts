import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type LogEvent,
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DialectName } from './dialect';
import type { Database } from './schema';

/** A database handle passed explicitly to every repository and service (no singleton). */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** PostgreSQL schema every query runs in (search_path), when one was given. */
  readonly schema?: string;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL only: run every query with this search_path (used to isolate test suites). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** Called after every query with its SQL and duration in ms (slow-query logging, profiling). */
  onQuery?: (sql: string, ms: number) => void;
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
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
    plugins: [new CamelCasePlugin()],
    ...queryLog(options),
  });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
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
