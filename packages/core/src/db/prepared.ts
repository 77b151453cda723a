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
 */
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

function compileWithPlaceholders(query: Compilable<unknown>): Compiled {
  const compiled = query.compile();
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
}

export function prepared<P extends Record<string, unknown>, O>(
  build: (db: Executor, param: Placeholder<P>) => Compilable<O>,
): PreparedQuery<P, O> {
  const cached = compiledCache();
  const compiled = (db: Executor, params: P): CompiledQuery<O> => {
    let shape = '';
    for (const k in params) {
      const v = params[k];
      if (Array.isArray(v)) shape += `${k}:${v.length};`;
    }
    const c = cached(db, shape, () =>
      compileWithPlaceholders(
        build(db, (name) => {
          const v = params[name];
          return (Array.isArray(v) ? v.map((_, i) => `${MARK}${name}\u0000${i}`) : `${MARK}${name}`) as never;
        }),
      ),
    );
    return CompiledQuery.raw(c.sql, valuesOf(c, params));
  };
  const run = async (db: Executor, params: P): Promise<O[]> =>
    (await db.executeQuery(compiled(db, params))).rows;
  return Object.assign(run, { compiled });
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
  const first = rows[0];
  if (!first) return;
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
  // Placeholders are named by row index, keyed by column.
  await db.executeQuery(CompiledQuery.raw(c.sql, valuesOf(c, rows as unknown as Record<string, unknown>)));
}
