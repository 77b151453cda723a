import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from './create-db';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sap-db-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('SQLite file database', () => {
  it('checkpoints the WAL into the database file in the background, not on commit', async () => {
    const file = tempFile();
    const db = createDb(`sqlite:${file}`, { checkpointIntervalMs: 20 });
    const native = db.sqlite!;
    native.exec('create table t (id integer primary key, payload text not null)');
    // Let the checkpointer catch up with the schema, then note the file size.
    expect(await waitFor(() => statSync(file).size > 0)).toBe(true);
    const before = statSync(file).size;
    const insert = native.prepare('insert into t (payload) values (?)');
    for (let i = 0; i < 500; i++) insert.run('x'.repeat(2_000)); // ~1 MB, far below the 64 MB safety net
    expect(native.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    // Only a checkpoint writes pages into the main file; the committing connection did not run one.
    expect(await waitFor(() => statSync(file).size > before + 500_000)).toBe(true);
    await db.close();
  });

  it('reads a file through a memory map, with a small page cache for what writes touch', async () => {
    const db = createDb(`sqlite:${tempFile()}`);
    expect(db.sqlite!.pragma('mmap_size', { simple: true })).toBe(2047 * 1024 * 1024);
    expect(db.sqlite!.pragma('cache_size', { simple: true })).toBe(-8 * 1024);
    await db.close();
    const tuned = createDb(`sqlite:${tempFile()}`, { mmapSizeMb: 0, cacheSizeMb: 64 });
    expect(tuned.sqlite!.pragma('mmap_size', { simple: true })).toBe(0);
    expect(tuned.sqlite!.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
    await tuned.close();
  });

  it('keeps SQLite inline checkpoints when asked', async () => {
    const file = tempFile();
    const db = createDb(`sqlite:${file}`, { checkpoint: 'inline' });
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await db.close();
  });

  it('begins transactions IMMEDIATE, so another connection cannot write between our read and write', async () => {
    const file = tempFile();
    const db = createDb(`sqlite:${file}`, { checkpoint: 'inline' });
    db.sqlite!.exec('create table t (id integer primary key)');
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    let blocked: unknown;
    await db.kysely.transaction().execute(async () => {
      // Nothing written yet in this transaction, but the write lock is already held.
      try {
        other.exec('insert into t (id) values (1)');
      } catch (err) {
        blocked = err;
      }
    });
    expect((blocked as { code?: string } | undefined)?.code).toBe('SQLITE_BUSY');
    other.exec('insert into t (id) values (2)'); // after commit the lock is free again
    other.close();
    await db.close();
  });

  it('closes cleanly with its checkpoint thread', async () => {
    const db = createDb(`sqlite:${tempFile()}`);
    await db.kysely.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    await expect(db.close()).resolves.toBeUndefined();
  });
});
