import { DomainError } from '@social-affairs/kernel';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { storeAttachment } from '../attachments/attachments.service';
import { contentPath } from '../attachments/content-store';
import type { CoreContext } from '../context';
import { createDb } from '../db/create-db';
import { coreContext } from '../platform';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, aUser, testContext } from '../testing/factories';
import { checkBackup, createBackup, restoreBackup, verifyRestored } from './backup.service';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), `sap-${prefix}-`));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function rejects(p: Promise<unknown>, code: string): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 7) % 256)),
]);

/** A database with audited personal data and one attachment in a temporary store. */
async function populated(t: { db: CoreContext['db'] }) {
  const base = testContext(t.db);
  const ctx: CoreContext = { ...base, config: { ...base.config, attachmentsDir: tempDir('store') } };
  const clerk = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
  const person = await aPerson(ctx, clerk, { county: '430102' });
  const stored = await storeAttachment(ctx, clerk, {
    ownerType: 'person',
    ownerId: person.id,
    kind: 'photo',
    content: PNG,
  });
  return { ctx, hash: stored.attachment.contentHash };
}

describeEachDatabase('backup and restore', (t) => {
  it('backs up the database (SQLite) and the attachments with a manifest of SM3 hashes', async () => {
    const { ctx, hash } = await populated(t);
    const dir = join(tempDir('backup'), 'b1');
    const r = await createBackup(ctx, dir);
    expect(r.manifest.dialect).toBe(t.dialect);
    expect(r.manifest.attachments).toEqual([
      { path: `attachments/${hash.slice(0, 2)}/${hash}`, bytes: PNG.length, sm3: hash },
    ]);
    if (t.dialect === 'sqlite') {
      expect(r.manifest.database).toMatchObject({ path: 'database.sqlite' });
      expect(existsSync(join(dir, 'database.sqlite'))).toBe(true);
    } else {
      expect(r.manifest.database).toBeNull();
      expect(r.message).toContain('pg_dump');
    }
    expect((await checkBackup(dir)).createdAt).toBe(r.manifest.createdAt);
    // Never into a folder that already holds files.
    await rejects(createBackup(ctx, dir), 'BACKUP_TARGET_NOT_EMPTY');
  });

  it('restores into an empty target, refuses a non-empty one without force, then verifies audit and attachments', async () => {
    const { ctx, hash } = await populated(t);
    const dir = join(tempDir('backup'), 'b');
    await createBackup(ctx, dir);
    const target = tempDir('restore');
    const store = join(target, 'attachments');
    const databaseUrl =
      t.dialect === 'sqlite'
        ? `sqlite:${join(target, 'restored.sqlite')}`
        : 'postgres://unused/for-attachments';
    const r = await restoreBackup(dir, { databaseUrl, attachmentsDir: store });
    expect(r.databaseRestored).toBe(t.dialect === 'sqlite');
    expect(r.attachments).toBe(1);
    expect(readFileSync(contentPath(store, hash))).toEqual(PNG);

    // The restored database (SQLite: the copied file; PostgreSQL: restored by pg_restore, here the same).
    const db = t.dialect === 'sqlite' ? createDb(databaseUrl, { checkpoint: 'inline' }) : t.db;
    try {
      const restored = coreContext(db, {
        keys: ctx.keys,
        config: { attachmentsDir: store },
      });
      const check = await verifyRestored(restored);
      expect(check.ok).toBe(true);
      expect(check.audit.checked).toBeGreaterThan(0);
      expect(check.attachments).toMatchObject({ ok: true, checked: 1, files: 1 });

      // A second restore onto the now non-empty target is refused without force …
      await rejects(restoreBackup(dir, { databaseUrl, attachmentsDir: store }), 'BACKUP_TARGET_NOT_EMPTY');
      // … and the attachment check names a file lost after the restore.
      unlinkSync(contentPath(store, hash));
      const lost = await verifyRestored(restored);
      expect(lost.ok).toBe(false);
      expect(lost.attachments.problems).toMatchObject([{ problem: 'missing', contentHash: hash }]);
    } finally {
      if (db !== t.db) await db.close();
    }
    // With force it restores again (the file comes back).
    if (t.dialect === 'postgres') {
      await restoreBackup(dir, { databaseUrl, attachmentsDir: store, force: true });
      expect(readFileSync(contentPath(store, hash))).toEqual(PNG);
    }
  });

  it('refuses a damaged backup before touching the target', async () => {
    const { ctx, hash } = await populated(t);
    const dir = join(tempDir('backup'), 'b');
    await createBackup(ctx, dir);
    writeFileSync(join(dir, 'attachments', hash.slice(0, 2), hash), Buffer.from('not the photo'));
    const target = tempDir('restore');
    const err = await rejects(
      restoreBackup(dir, {
        databaseUrl: `sqlite:${join(target, 'x.sqlite')}`,
        attachmentsDir: join(target, 'a'),
      }),
      'BACKUP_CORRUPTED',
    );
    expect(err.message).toContain('备份已损坏');
    expect(existsSync(join(target, 'x.sqlite'))).toBe(false);
    await rejects(checkBackup(tempDir('empty')), 'BACKUP_INVALID');
  });
});
