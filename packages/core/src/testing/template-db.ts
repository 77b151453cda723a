/**
 * Test databases from a migrated template (ADR 0037): the ~50 migrations run once per lines-set, not
 * once per test.
 *
 * - SQLite: one in-memory database per process and lines-set is migrated, and each test opens
 *   `createDb('sqlite::memory:', { sqliteImage })` on a copy of its image (`serialize()`): the same pages,
 *   so the same tables, indexes, triggers, seeded rows and migration bookkeeping; createDb applies its
 *   pragmas to the copy as to an empty database.
 * - PostgreSQL: a throwaway schema is migrated once; when a test ends its schema is *reset* (every table
 *   emptied, the template's rows — the migration bookkeeping and any seeded reference rows — put back,
 *   every sequence set back) and, if its catalog still equals the template's fingerprint, parked as
 *   `tp_<run>_<lines>_<n>` for the next test of any worker process of this vitest run to claim by renaming
 *   it. A schema whose catalog a test changed is dropped. Creating a schema is ~650 files (tables, TOAST
 *   tables, indexes) and 0.5–3 s on a loaded machine; a reset is a few DELETEs.
 *
 * The pool needs the run id the vitest global setup provides (global-setup.ts; its teardown drops the
 * run's parked schemas). Without it — a script, another runner — or with `TEST_FRESH_MIGRATIONS=1`, every
 * test migrates a new database as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import pg from 'pg';
import { createDb, type Db } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import type { AnyLine } from '../line';

/** `TEST_FRESH_MIGRATIONS=1`: every test database runs the real migrations (debugging a migration). */
export function freshMigrationsForced(env: Record<string, string | undefined> = process.env): boolean {
  return env.TEST_FRESH_MIGRATIONS === '1' || env.TEST_FRESH_MIGRATIONS === 'true';
}

/** Migrations run in name order whatever the order of the lines, so the set is keyed by sorted names. */
export function linesKey(lines: readonly AnyLine[]): string {
  return [...lines.map((l) => l.name)].sort().join(',');
}

/** `TEST_DB_STATS=<file>`: one JSON line per test database opened (dialect, lines, how, ms). */
export function recordOpen(entry: {
  dialect: string;
  lines: string;
  how: string;
  ms: number;
  why?: string;
}): void {
  const file = process.env.TEST_DB_STATS;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ ...entry, ms: Math.round(entry.ms), pid: process.pid })}\n`);
}

// --- SQLite ---------------------------------------------------------------------------------------

const sqliteImages = new Map<string, Promise<Buffer>>();

/** The image of an in-memory SQLite database migrated for the platform and `lines` (once per process). */
export function sqliteTemplateImage(lines: readonly AnyLine[]): Promise<Buffer> {
  const key = linesKey(lines);
  let image = sqliteImages.get(key);
  if (!image) {
    image = (async () => {
      const db = createDb('sqlite::memory:');
      try {
        await migrateToLatest(db, lines);
        return db.sqlite!.serialize();
      } finally {
        await db.close();
      }
    })();
    image.catch(() => sqliteImages.delete(key));
    sqliteImages.set(key, image);
  }
  return image;
}

// --- PostgreSQL -----------------------------------------------------------------------------------

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The catalog of the connection's search_path schema, as one text: tables and views with their
 * columns (type, not null, default, generated, identity), constraints, indexes, triggers, functions,
 * sequences, types, policies, rules. Definitions print unqualified for objects of the schema (it is on
 * the search_path; `pg_get_indexdef` qualifies anyway, so the schema's name is cut out), so a renamed
 * schema prints the same.
 */
export const CATALOG_SQL = `
with ns as (select oid from pg_namespace where nspname = current_schema())
select replace(coalesce(string_agg(line, E'\\n' order by line), ''), current_schema() || '.', '') as catalog
from (
  select 'rel ' || c.relname || ' ' || c.relkind::text || ' ' || c.relpersistence::text || ' ' || c.relrowsecurity::text as line
    from pg_class c where c.relnamespace = (select oid from ns) and c.relkind in ('r','v','m','p','S','f')
  union all
  select 'col ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || ' notnull=' || a.attnotnull || ' gen=' || a.attgenerated::text || ' ident=' || a.attidentity::text
      || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' collation=' || a.attcollation
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where c.relnamespace = (select oid from ns) and c.relkind in ('r','v','m','p','f')
      and a.attnum > 0 and not a.attisdropped
  union all
  select 'con ' || coalesce(c.relname, '-') || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
      || ' deferrable=' || k.condeferrable || ' deferred=' || k.condeferred
    from pg_constraint k left join pg_class c on c.oid = k.conrelid
    where k.connamespace = (select oid from ns)
  union all
  select 'idx ' || pg_get_indexdef(i.indexrelid)
    from pg_index i join pg_class c on c.oid = i.indexrelid where c.relnamespace = (select oid from ns)
  union all
  select 'trg ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where c.relnamespace = (select oid from ns) and not t.tgisinternal
  union all
  select 'fn ' || pg_get_functiondef(p.oid) from pg_proc p
    where p.pronamespace = (select oid from ns) and p.prokind in ('f', 'p')
  union all
  select 'seq ' || c.relname || ' ' || format_type(s.seqtypid, null) || ' ' || s.seqstart || ' '
      || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcycle
    from pg_sequence s join pg_class c on c.oid = s.seqrelid where c.relnamespace = (select oid from ns)
  union all
  select 'type ' || t.typname || ' ' || t.typtype::text || ' '
      || coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e
                   where e.enumtypid = t.oid), '')
    from pg_type t where t.typnamespace = (select oid from ns) and t.typtype in ('e', 'd', 'c')
      and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')
  union all
  select 'view ' || c.relname || ' ' || pg_get_viewdef(c.oid)
    from pg_class c where c.relnamespace = (select oid from ns) and c.relkind in ('v', 'm')
  union all
  select 'policy ' || c.relname || ' ' || p.polname || ' ' || p.polcmd::text || ' '
      || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' '
      || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
    from pg_policy p join pg_class c on c.oid = p.polrelid where c.relnamespace = (select oid from ns)
  union all
  select 'rule ' || r.rulename || ' ' || pg_get_ruledef(r.oid)
    from pg_rewrite r join pg_class c on c.oid = r.ev_class
    where c.relnamespace = (select oid from ns) and c.relkind <> 'v'
) lines`;

interface PgTemplate {
  /** One simple query: empty every table, put the template's rows back, set the sequences back. */
  resetSql: string;
}

/** Reads what resetting a schema needs from a freshly migrated (or reset) one; `c` is on its search_path. */
async function readTemplate(c: pg.Client): Promise<PgTemplate> {
  const tables = (
    await c.query<{ name: string; columns: string[] }>(
      `select c.relname as name,
         array_agg(a.attname::text order by a.attnum) filter (where a.attgenerated = '') as columns
       from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
         and c.relkind in ('r', 'p')
       group by c.relname order by c.relname`,
    )
  ).rows;
  const parts: string[] = [];
  // One statement: a data-modifying CTE per table, so foreign keys (cycles included) are checked
  // once, after every table is empty.
  if (tables.length > 0) {
    parts.push(`with ${tables.map((t, i) => `d${i} as (delete from ${ident(t.name)})`).join(', ')} select 1`);
  }
  for (const t of tables) {
    const cols = t.columns.map(ident).join(', ');
    const rows = (
      await c.query<{ rows: string | null }>(`select json_agg(t)::text as rows from ${ident(t.name)} t`)
    ).rows[0]!.rows;
    if (rows === null) continue;
    parts.push(
      `insert into ${ident(t.name)} (${cols}) overriding system value select ${cols} ` +
        `from json_populate_recordset(null::${ident(t.name)}, ${literal(rows)})`,
    );
  }
  const sequences = (
    await c.query<{ name: string }>(
      `select c.relname as name from pg_class c
       where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
         and c.relkind = 'S' order by c.relname`,
    )
  ).rows;
  for (const s of sequences) {
    const state = (
      await c.query<{ lastValue: string; isCalled: boolean }>(
        `select last_value::text as "lastValue", is_called as "isCalled" from ${ident(s.name)}`,
      )
    ).rows[0]!;
    parts.push(`select setval(${literal(ident(s.name))}, ${state.lastValue}, ${state.isCalled})`);
  }
  return { resetSql: parts.join(';\n') };
}

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/**
 * A fingerprint of one schema's catalog: the id and row version (`xmin`) of every catalog row of its
 * relations, columns, defaults, constraints, triggers, functions, types, sequences, policies and rules.
 * Any DDL in the schema writes one of those rows, so the fingerprint changes (conservatively: a DDL
 * undone again still counts); filling or emptying tables, ANALYZE and VACUUM (which update statistics in
 * place) and renaming the schema do not. ~50 ms, against ~200 ms for `CATALOG_SQL`'s definitions.
 */
const CATALOG_VERSION_SQL = `
with ns as (select oid from pg_namespace where nspname = $1),
rels as (select oid, xmin from pg_class where relnamespace = (select oid from ns))
select md5(concat_ws('|',
  (select string_agg(oid || ':' || xmin, ',' order by oid) from rels),
  (select string_agg(attrelid || '.' || attnum || ':' || xmin, ',' order by attrelid, attnum)
     from pg_attribute where attrelid in (select oid from rels)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_attrdef where adrelid in (select oid from rels)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_constraint where connamespace = (select oid from ns)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_trigger where tgrelid in (select oid from rels)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_proc where pronamespace = (select oid from ns)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_type where typnamespace = (select oid from ns)),
  (select string_agg(seqrelid || ':' || xmin, ',' order by seqrelid) from pg_sequence where seqrelid in (select oid from rels)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_policy where polrelid in (select oid from rels)),
  (select string_agg(oid || ':' || xmin, ',' order by oid) from pg_rewrite where ev_class in (select oid from rels))
)) as fp`;

async function catalogVersion(c: pg.Client, schema: string): Promise<string> {
  return (await c.query<{ fp: string }>(CATALOG_VERSION_SQL, [schema])).rows[0]!.fp;
}

const templates = new Map<string, Promise<PgTemplate>>();

/**
 * A PostgreSQL test schema from the run's pool of migrated schemas, or migrated now when the pool has
 * none for these lines; on dispose it goes back to the pool (reset) or is dropped (catalog changed).
 * A parked schema carries its catalog fingerprint as its comment.
 */
export async function openPooledPostgresSchema(
  url: string,
  lines: readonly AnyLine[],
  run: string,
): Promise<{ db: Db; dispose(): Promise<void>; how: 'pool' | 'migrated' }> {
  const key = linesKey(lines);
  const prefix = `tp_${run}_${createHash('sha256').update(key).digest('hex').slice(0, 10)}_`;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let how: 'pool' | 'migrated' = 'migrated';
  let version: string | null = null;
  await withClient(url, async (c) => {
    const parked = (
      await c.query<{ name: string; fp: string | null }>(
        `select nspname as name, obj_description(oid, 'pg_namespace') as fp from pg_namespace
         where starts_with(nspname, $1) order by random()`,
        [prefix],
      )
    ).rows;
    for (const p of parked) {
      try {
        // (its comment, the fingerprint, goes: a fresh schema has none)
        await c.query(
          `alter schema ${ident(p.name)} rename to ${ident(schema)}; comment on schema ${ident(schema)} is null`,
        );
        how = 'pool';
        version = p.fp;
        return;
      } catch {
        // another worker claimed it first
      }
    }
    await c.query(`create schema ${ident(schema)}`);
  });
  const db = createDb(url, { schema, poolSize: 5 });
  try {
    if (how === 'migrated') await migrateToLatest(db, lines);
    if (version === null) version = await withClient(url, (c) => catalogVersion(c, schema));
  } catch (e) {
    await db.close();
    await withClient(url, (c) => c.query(`drop schema ${ident(schema)} cascade`));
    throw e;
  }
  let template = templates.get(key);
  if (!template) {
    // From the schema as it is now: freshly migrated, or a parked one (reset and checked by whoever parked it).
    template = withClient(url, async (c) => {
      await c.query(`set search_path to ${ident(schema)}`);
      return readTemplate(c);
    });
    template.catch(() => templates.delete(key));
    templates.set(key, template);
  }
  await template;
  return {
    db,
    how,
    dispose: async () => {
      const t0 = performance.now();
      await db.close();
      const t = await template;
      await withClient(url, async (c) => {
        let why: string;
        try {
          if ((await catalogVersion(c, schema)) === version) {
            // One simple query, one transaction: emptied and refilled, labelled and parked, or nothing.
            const parkedAs = prefix + randomBytes(4).toString('hex');
            await c.query(
              `set search_path to ${ident(schema)};\n${t.resetSql};\n` +
                `comment on schema ${ident(schema)} is ${literal(String(version))};\n` +
                `alter schema ${ident(schema)} rename to ${ident(parkedAs)}`,
            );
            recordOpen({ dialect: 'postgres', lines: key, how: 'reset', ms: performance.now() - t0 });
            return;
          }
          why = 'catalog changed';
        } catch (e) {
          // a reset that fails (a test left the schema in a state it cannot undo): not reused
          why = `reset failed: ${(e as Error).message}`;
        }
        recordOpen({ dialect: 'postgres', lines: key, how: 'dropped', ms: performance.now() - t0, why });
        await c.query(`drop schema ${ident(schema)} cascade`);
      });
    },
  };
}

/** Drops the schemas a run parked (vitest global teardown). */
export async function dropParkedSchemas(url: string, run: string): Promise<number> {
  return withClient(url, async (c) => {
    const names = (
      await c.query<{ name: string }>(
        `select nspname as name from pg_namespace where starts_with(nspname, $1)`,
        [`tp_${run}_`],
      )
    ).rows;
    for (const n of names) await c.query(`drop schema if exists ${ident(n.name)} cascade`);
    return names.length;
  });
}
