/**
 * The database engine a benchmark runs on: `--db sqlite|postgres` (default sqlite).
 *
 * - sqlite: a fresh file in a temporary folder, removed after the run.
 * - postgres: a fresh database (`bench_<random>`) on the server of `DATABASE_URL`, dropped after the run
 *   (the role needs CREATEDB). Each run gets an empty database, so runs never see each other's data.
 *
 * `describeEngine` prints the engine, its version and the settings that decide the figures
 * (PostgreSQL: shared_buffers, synchronous_commit, max_connections, the server pool size; SQLite:
 * journal mode, synchronous, page cache, memory map), so a result says what it was measured on.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Engine = 'sqlite' | 'postgres';

/** `--db sqlite|postgres` from the command line (default sqlite). */
export function engineArg(argv: readonly string[] = process.argv): Engine {
  const i = argv.indexOf('--db');
  const v = i > 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--db='))?.slice(5) ?? 'sqlite');
  if (v !== 'sqlite' && v !== 'postgres') throw new Error(`--db: expected sqlite or postgres, got ${v}`);
  return v;
}

export interface BenchDatabase {
  engine: Engine;
  /** The URL to open it with (createDb / openCore / the server's DATABASE_URL). */
  url: string;
  /** SQLite: the database file. */
  file?: string;
  /** Drops the database (PostgreSQL) or removes the folder (SQLite). */
  dispose(): Promise<void>;
}

/** A fresh, empty database on `engine`, named after `label`. */
export async function benchDatabase(engine: Engine, label: string): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `sap-bench-${label}-`));
    const file = join(dir, `${label}.db`);
    return {
      engine,
      url: `sqlite:${file}`,
      file,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = process.env.DATABASE_URL;
  if (!base || !/^postgres(ql)?:\/\//.test(base))
    throw new Error(
      '--db postgres: set DATABASE_URL=postgres://user:pass@host:port/db (a role with CREATEDB)',
    );
  const name = `bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await withClient(base, (c) => c.query(`create database ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    dispose: () =>
      withClient(base, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
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

/** The engine, its version and its relevant settings, as lines to print. */
export async function describeEngine(db: BenchDatabase, extra: Record<string, string | number> = {}) {
  const lines: string[] = [];
  if (db.engine === 'postgres') {
    await withClient(db.url, async (c) => {
      const v = await c.query<{ v: string }>('select version() as v');
      lines.push(`engine: PostgreSQL — ${v.rows[0]?.v ?? '?'}`);
      const names = [
        'shared_buffers',
        'synchronous_commit',
        'fsync',
        'wal_level',
        'max_connections',
        'effective_cache_size',
        'work_mem',
        'jit',
      ];
      const s = await c.query<{ name: string; setting: string; unit: string | null }>(
        'select name, setting, unit from pg_settings where name = any($1) order by name',
        [names],
      );
      const show = (r: { name: string; setting: string; unit: string | null }) =>
        r.unit === '8kB'
          ? `${(Number(r.setting) * 8) / 1024} MB`
          : r.unit
            ? `${r.setting} ${r.unit}`
            : r.setting;
      lines.push(`settings: ${s.rows.map((r) => `${r.name}=${show(r)}`).join(', ')}`);
      // How the server reaches the database: over TCP, or over the Unix-domain socket when both run on
      // one box (`?host=/var/run/postgresql` in DATABASE_URL; ADR 0038).
      const a = await c.query<{ addr: string | null; port: number | null }>(
        'select inet_server_addr()::text as addr, inet_server_port() as port',
      );
      const addr = a.rows[0]?.addr;
      const host = addr?.replace(/\/\d+$/, '');
      lines.push(
        host
          ? `connection: TCP ${host}:${a.rows[0]?.port ?? '?'}` +
              (host === '127.0.0.1' || host === '::1'
                ? ' (loopback: on one box the Unix-domain socket is faster — ?host=/var/run/postgresql, ADR 0038)'
                : '')
          : `connection: Unix-domain socket (${new URL(db.url).searchParams.get('host') ?? 'default directory'})`,
      );
    });
  } else {
    const SQLite = (await import('better-sqlite3')).default;
    const raw = new SQLite(db.file ?? ':memory:');
    const version = (raw.prepare('select sqlite_version() as v').get() as { v: string }).v;
    const journal = String(raw.pragma('journal_mode', { simple: true }));
    raw.close();
    lines.push(`engine: SQLite ${version} (better-sqlite3, one connection, in the server process)`);
    lines.push(
      `settings: journal_mode=${journal}, synchronous=NORMAL, cache_size=8 MB, mmap_size=2047 MB (create-db.ts defaults)`,
    );
  }
  const more = Object.entries(extra);
  if (more.length) lines.push(`client: ${more.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const l of lines) console.log(l);
  return lines;
}
