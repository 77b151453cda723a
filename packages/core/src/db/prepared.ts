/**
 * Statements built and compiled by Kysely once, then run with new values.
 *
 * Building a query with Kysely (immutable operation nodes, the camel-case plugin, the compiler) costs
 * 20–40 µs per statement — more than an indexed point query or a one-row insert on SQLite takes. On a
 * hot path (a registration runs a dozen statements, a person lookup one) that building dominates. The
 * helpers here build the query once per database (and per shape of its array parameters) with
 * placeholders in place of the values, keep the compiled SQL, and from then on hand the driver that SQL
 * with the new values in placeholder order. The SQL is the one Kysely compiles for the database in use,
 * so there is still one query per statement, never a copy per dialect; results still pass through the
 * plugins (camel-case column names).
 *
 * Limits, by construction: a placeholder stands for a value, so it must not be what changes the SQL
 * Kysely would build — in particular never `null` in a comparison (`= null` would have compiled to
 * `is null`); values that are not placeholders (literals, `sql.lit`, constants written in the builder)
 * stay as compiled.
 *
 * SQLite, outside a transaction: the compiled SQL runs on the connection's own prepared statement,
 * synchronously, instead of through Kysely's executor (connection lock, promise hops, per-row result
 * plugin). See `runNativelyOutsideTransactions`.
 */
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Compilable, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

type Executor = Kysely<Database> | Transaction<Database>;

const MARK = '\u0000prepared:';

/** A compiled parameter: a constant, or placeholder `name` (with `key`: an array index or a column). */
type Slot = { name: string; key: string | null } | { value: unknown };
interface Compiled {
  sql: string;
  slots: Slot[];
}

/**
 * The SQL texts compiled here: a finite set of hot statements (one per `prepared` query and parameter
 * shape, one per insert shape). On PostgreSQL the driver runs these as named server-side prepared
 * statements, parsed and planned once per connection (create-db.ts, ADR 0016).
 */
export const preparedSqlTexts = new Set<string>();

function compileWithPlaceholders(query: Compilable<unknown>): Compiled {
  const compiled = query.compile();
  preparedSqlTexts.add(compiled.sql);
  const slots = compiled.parameters.map((p): Slot => {
    if (typeof p !== 'string' || !p.startsWith(MARK)) return { value: p };
    const [name = '', key = null] = p.slice(MARK.length).split('\u0000');
    return { name, key };
  });
  return { sql: compiled.sql, slots };
}

function valuesOf(c: Compiled, params: Record<string, unknown>): unknown[] {
  return c.slots.map((s) => {
    if ('value' in s) return s.value;
    const p = params[s.name];
    const v = s.key === null ? p : (p as Record<string, unknown>)[s.key];
    return v === undefined ? null : v;
  });
}

/** One compiled statement per database instance (its adapter) and per shape of the parameters. */
function compiledCache() {
  const byAdapter = new WeakMap<object, Map<string, Compiled>>();
  return (db: Executor, shape: string, compile: () => Compiled): Compiled => {
    const adapter = db.getExecutor().adapter;
    let byShape = byAdapter.get(adapter);
    if (!byShape) byAdapter.set(adapter, (byShape = new Map<string, Compiled>()));
    let c = byShape.get(shape);
    if (!c) byShape.set(shape, (c = compile()));
    return c;
  };
}

interface NativeStatement {
  statement: SQLite.Statement<[readonly unknown[]]>;
  /** Result property names in column order (camel-cased as by the Kysely instance's plugin); null: not a reader. */
  keys: string[] | null;
}

interface NativeSqlite {
  database: SQLite.Database;
  property: (column: string) => string;
  statements: Map<string, NativeStatement>;
}

const natives = new WeakMap<object, NativeSqlite>();
const MAX_NATIVE_STATEMENTS = 500;

/**
 * Lets `prepared` queries on this (root, SQLite) Kysely instance run on `database` directly while no
 * transaction is open on it. Safe because SQLite has the one connection: with no transaction open,
 * a synchronous statement cannot interleave with anyone's work; inside a transaction (someone's
 * `kysely.transaction()` holds the connection across awaits) the query takes Kysely's path and waits
 * for the lock like any other query. Results are the same rows, with `property(column)` names — the
 * Kysely instance's own camel-case mapping. Measured on a person lookup: ~6 µs less per query.
 */
export function runNativelyOutsideTransactions(
  kysely: Kysely<Database>,
  database: SQLite.Database,
  property: (column: string) => string,
): void {
  natives.set(kysely, { database, property, statements: new Map() });
}

function nativeStatement(n: NativeSqlite, sqlText: string): NativeStatement {
  let s = n.statements.get(sqlText);
  if (!s) {
    const statement = n.database.prepare<[readonly unknown[]]>(sqlText);
    const keys = statement.reader ? statement.columns().map((c) => n.property(c.name)) : null;
    if (statement.reader) statement.raw(true);
    if (n.statements.size >= MAX_NATIVE_STATEMENTS) n.statements.clear();
    n.statements.set(sqlText, (s = { statement, keys }));
  }
  return s;
}

function runNative<O>(n: NativeSqlite, sqlText: string, values: readonly unknown[]): O[] {
  const { statement, keys } = nativeStatement(n, sqlText);
  if (!keys) {
    statement.run(values);
    return [];
  }
  const rows = statement.all(values) as unknown[][];
  const out: O[] = new Array<O>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as unknown[];
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i] as string] = row[i];
    out[r] = o as O;
  }
  return out;
}

/** The native handle to use for `db` now, if any (SQLite root instance, no transaction open). */
function nativeNow(db: Executor): NativeSqlite | undefined {
  const n = natives.get(db);
  return n && !n.database.inTransaction ? n : undefined;
}

export type Placeholder<P> = <K extends keyof P & string>(name: K) => P[K];

/**
 * A prepared query: `build` receives the executor and `param(name)`, a placeholder for `params[name]`
 * (an array parameter yields one placeholder per element; its length is part of the shape). Returns the
 * result rows.
 *
 *     const byId = prepared<{ id: string }, RegistryRow>((db, p) =>
 *       db.selectFrom('marriageRegistries').selectAll().where('id', '=', p('id')));
 *     const [row] = await byId(trx, { id });
 */
export interface PreparedQuery<P, O> {
  (db: Executor, params: P): Promise<O[]>;
  /** The SQL and parameter values this query runs with `params` (for EXPLAIN and diagnostics). */
  compiled(db: Executor, params: P): CompiledQuery<O>;
  /**
   * SQLite, synchronously on the connection's own statement, for code running inside its own
   * synchronous transaction on that connection (a better-sqlite3 transaction function), where waiting
   * for Kysely's lock is impossible. Only where `runsInline(db)`; throws otherwise.
   */
  inline(db: Executor, params: P): O[];
}

/** True when `prepared(...).inline` can run on `db` (a SQLite root instance with its native handle). */
export function runsInline(db: Executor): boolean {
  return natives.has(db);
}

export function prepared<P extends Record<string, unknown>, O>(
  build: (db: Executor, param: Placeholder<P>) => Compilable<O>,
): PreparedQuery<P, O> {
  const cached = compiledCache();
  const compiledFor = (db: Executor, params: P): Compiled => {
    let shape = '';
    for (const k in params) {
      const v = params[k];
      if (Array.isArray(v)) shape += `${k}:${v.length};`;
    }
    return cached(db, shape, () =>
      compileWithPlaceholders(
        build(db, (name) => {
          const v = params[name];
          return (Array.isArray(v) ? v.map((_, i) => `${MARK}${name}\u0000${i}`) : `${MARK}${name}`) as never;
        }),
      ),
    );
  };
  const compiled = (db: Executor, params: P): CompiledQuery<O> => {
    const c = compiledFor(db, params);
    return CompiledQuery.raw(c.sql, valuesOf(c, params));
  };
  const run = async (db: Executor, params: P): Promise<O[]> => {
    const c = compiledFor(db, params);
    const values = valuesOf(c, params);
    const native = nativeNow(db);
    if (native) return runNative<O>(native, c.sql, values);
    return (await db.executeQuery(CompiledQuery.raw(c.sql, values))).rows as O[];
  };
  const inline = (db: Executor, params: P): O[] => {
    const native = natives.get(db);
    if (!native) throw new Error('prepared(...).inline needs a SQLite root instance (runsInline)');
    const c = compiledFor(db, params);
    return runNative<O>(native, c.sql, valuesOf(c, params));
  };
  return Object.assign(run, { compiled, inline });
}

const insertCache = compiledCache();

/**
 * `insert into <table> (<columns of the rows>) values (…), (…)` with the statement compiled once per
 * table, column set and number of rows. Columns whose value is `undefined` are left out, as Kysely does.
 */
export async function insertRows<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  const c = compiledInsert(db, table, rows);
  if (!c) return;
  // Placeholders are named by row index, keyed by column.
  const values = valuesOf(c, rows as unknown as Record<string, unknown>);
  const native = nativeNow(db);
  if (native) runNative(native, c.sql, values);
  else await db.executeQuery(CompiledQuery.raw(c.sql, values));
}

/** The SQL and values `insertRows(db, table, rows)` runs (for snapshot tests and diagnostics). */
export function insertRowsCompiled<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): CompiledQuery | undefined {
  const c = compiledInsert(db, table, rows);
  return c && CompiledQuery.raw(c.sql, valuesOf(c, rows as unknown as Record<string, unknown>));
}

function compiledInsert<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Compiled | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const columns = Object.keys(first).filter((k) => (first as Record<string, unknown>)[k] !== undefined);
  const c = insertCache(db, `${table}(${columns.join(',')})x${rows.length}`, () =>
    compileWithPlaceholders(
      db
        .insertInto(table)
        .values(
          rows.map(
            (_, i) =>
              Object.fromEntries(columns.map((col) => [col, `${MARK}${i}\u0000${col}`])) as Insertable<
                Database[T]
              >,
          ),
        ),
    ),
  );
  return c;
}
