/**
 * Backups in directory format (ADR 0014, docs/operations.md):
 *
 *   <backup>/manifest.json          format, version, time, engine, and the SM3 hash and size of every file
 *   <backup>/database.sqlite        SQLite only: an online copy (better-sqlite3 `backup()`, the SQLite
 *                                   online-backup API: consistent while the server keeps writing)
 *   <backup>/attachments/<xx>/<sm3> the attachment store, file for file (it is content-addressed)
 *   <backup>/extra/<name>           further files named by the caller (e.g. an audit checkpoint file)
 *
 * A directory rather than an archive: nothing to unpack before checking it, rsync/tar-friendly, and no
 * archive library to trust. PostgreSQL's data is dumped with `pg_dump -Fc` (documented; the manifest
 * then says `database: null`) — this module still copies and restores its attachments.
 *
 * Restoring checks every file of the backup against the manifest first, refuses a non-empty target
 * unless forced, then copies; the caller then runs `verifyRestored` (audit chain + attachment hashes).
 * No SQL here.
 */
import { DomainError } from '@social-affairs/kernel';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { CONTENT_HASH_ALGORITHM, attachmentsRoot } from '../attachments/content-store';
import { verifyAttachments, type AttachmentVerification } from '../attachments/attachments.service';
import { verifyAuditChain, type AuditVerification } from '../audit/audit.service';
import type { CoreContext } from '../context';

export const BACKUP_FORMAT = 'social-affairs-backup';
export const BACKUP_VERSION = 1;
const DATABASE_FILE = 'database.sqlite';

export interface BackupFile {
  /** Path inside the backup, with forward slashes. */
  path: string;
  bytes: number;
  sm3: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** The SQLite copy; null on PostgreSQL (pg_dump -Fc, see docs/operations.md). */
  database: BackupFile | null;
  attachments: BackupFile[];
  extras: BackupFile[];
}

export interface BackupResult {
  directory: string;
  manifest: BackupManifest;
  message: string;
}

function notEmpty(what: string, path: string): DomainError {
  return new DomainError(
    'conflict',
    'BACKUP_TARGET_NOT_EMPTY',
    `${what} ${path} 不为空；为防止覆盖已有数据，请指定一个空的位置，或确认后使用 --force`,
    { path },
  );
}

async function sm3Of(path: string): Promise<{ bytes: number; sm3: string }> {
  const hasher = createHash(CONTENT_HASH_ALGORITHM);
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    bytes += (chunk as Buffer).length;
    hasher.update(chunk as Buffer);
  }
  return { bytes, sm3: hasher.digest('hex') };
}

/** Files under `dir` (recursively), relative, skipping the store's `.tmp` folder of partial uploads. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((p) => !p.split(sep).includes('.tmp'))
    .sort();
}

async function isNonEmptyDir(dir: string): Promise<boolean> {
  return (await filesUnder(dir)).length > 0;
}

const slash = (p: string) => p.split(sep).join('/');

/**
 * Writes a backup of the database (SQLite: online copy; PostgreSQL: none, see pg_dump), the attachment
 * store and `extraFiles` into `directory`, which must not exist or be empty.
 */
export async function createBackup(
  ctx: CoreContext,
  directory: string,
  opts: { extraFiles?: readonly { name: string; path: string }[] } = {},
): Promise<BackupResult> {
  if (await isNonEmptyDir(directory)) throw notEmpty('备份目录', directory);
  await mkdir(directory, { recursive: true });
  let database: BackupFile | null = null;
  if (ctx.db.dialect === 'sqlite') {
    if (!ctx.db.sqlite) throw new Error('SQLite handle missing');
    await ctx.db.sqlite.backup(join(directory, DATABASE_FILE));
    database = { path: DATABASE_FILE, ...(await sm3Of(join(directory, DATABASE_FILE))) };
  }
  const store = attachmentsRoot(ctx.config.attachmentsDir);
  const attachments: BackupFile[] = [];
  for (const rel of await filesUnder(store)) {
    const to = join(directory, 'attachments', rel);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(join(store, rel), to);
    attachments.push({ path: `attachments/${slash(rel)}`, ...(await sm3Of(to)) });
  }
  const extras: BackupFile[] = [];
  for (const extra of opts.extraFiles ?? []) {
    if (!existsSync(extra.path)) continue;
    if (!/^[\w.-]+$/.test(extra.name)) throw new Error(`bad extra file name ${extra.name}`);
    const to = join(directory, 'extra', extra.name);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(extra.path, to);
    extras.push({ path: `extra/${extra.name}`, ...(await sm3Of(to)) });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: ctx.clock.now().toISOString(),
    dialect: ctx.db.dialect,
    database,
    attachments,
    extras,
  };
  await writeFile(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o640,
  });
  const bytes = [database, ...attachments, ...extras].reduce((n, f) => n + (f?.bytes ?? 0), 0);
  return {
    directory,
    manifest,
    message:
      `备份完成：${database ? '数据库副本 1 个、' : '（PostgreSQL 数据库请用 pg_dump -Fc 另行备份）'}` +
      `附件文件 ${attachments.length} 个${extras.length ? `、其他文件 ${extras.length} 个` : ''}，共 ${bytes} 字节`,
  };
}

/** Reads and checks a backup's manifest and every file it lists (size and SM3). */
export async function checkBackup(directory: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw new DomainError(
      'invalid',
      'BACKUP_INVALID',
      `${directory} 不是有效的备份目录（缺少或无法读取 manifest.json）`,
      {
        path: directory,
      },
    );
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) {
    throw new DomainError(
      'invalid',
      'BACKUP_INVALID',
      `不支持的备份格式 ${manifest.format} 版本 ${manifest.version}`,
      {
        path: directory,
      },
    );
  }
  const files = [manifest.database, ...manifest.attachments, ...manifest.extras].filter(
    (f): f is BackupFile => f !== null,
  );
  const bad: string[] = [];
  for (const f of files) {
    if (f.path.split('/').includes('..')) {
      bad.push(f.path);
      continue;
    }
    const path = join(directory, ...f.path.split('/'));
    const actual = existsSync(path) ? await sm3Of(path) : null;
    if (!actual || actual.bytes !== f.bytes || actual.sm3 !== f.sm3) bad.push(f.path);
  }
  if (bad.length) {
    throw new DomainError(
      'invalid',
      'BACKUP_CORRUPTED',
      `备份已损坏：${bad.length} 个文件缺失或与清单中的校验值不符（如 ${bad[0]}），未做任何恢复`,
      { files: bad.slice(0, 20) },
    );
  }
  return manifest;
}

export interface RestoreTarget {
  /** The database URL being restored into: `sqlite:<file>` (a file) or `postgres://…`. */
  databaseUrl: string;
  /** The attachment store to restore into (`attachmentsDir` of the configuration). */
  attachmentsDir: string | undefined;
  /** Where each extra file goes, by name; extras not named here are left in the backup. */
  extraFiles?: readonly { name: string; path: string }[];
  /** Overwrite a non-empty database file / attachment folder. */
  force?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  databaseRestored: boolean;
  attachments: number;
  extras: number;
  /** Extra files left as they were because the target already had them (no --force). */
  keptExtras: string[];
  message: string;
}

function sqliteFileOf(url: string): string | null {
  if (/^postgres(ql)?:/.test(url)) return null;
  const file = url.replace(/^sqlite:/, '');
  if (file === '' || file === ':memory:') {
    throw new DomainError('invalid', 'RESTORE_TARGET_INVALID', '不能恢复到内存数据库，请指定数据库文件', {});
  }
  return file;
}

/**
 * Restores a backup made by `createBackup`: checks it whole first, refuses a non-empty target unless
 * `force`, then copies the SQLite file (not for PostgreSQL: pg_restore) and the attachments. Run it with
 * the server stopped; then open the database and call `verifyRestored`.
 */
export async function restoreBackup(directory: string, target: RestoreTarget): Promise<RestoreResult> {
  const manifest = await checkBackup(directory);
  const file = sqliteFileOf(target.databaseUrl);
  if (file && !manifest.database) {
    throw new DomainError(
      'invalid',
      'RESTORE_TARGET_INVALID',
      '这是 PostgreSQL 部署的备份（不含数据库副本），不能恢复到 SQLite；数据库请用 pg_restore 恢复',
      {},
    );
  }
  const store = attachmentsRoot(target.attachmentsDir);
  if (!target.force) {
    if (file && existsSync(file) && (await stat(file)).size > 0) throw notEmpty('数据库文件', file);
    if (await isNonEmptyDir(store)) throw notEmpty('附件目录', store);
  }
  let databaseRestored = false;
  if (file && manifest.database) {
    await mkdir(dirname(file), { recursive: true });
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${file}${suffix}`, { force: true });
    await copyFile(join(directory, DATABASE_FILE), file);
    databaseRestored = true;
  }
  for (const f of manifest.attachments) {
    const to = join(store, ...f.path.split('/').slice(1));
    await mkdir(dirname(to), { recursive: true });
    await copyFile(join(directory, ...f.path.split('/')), to);
  }
  let extras = 0;
  const keptExtras: string[] = [];
  for (const f of manifest.extras) {
    const dest = target.extraFiles?.find((e) => `extra/${e.name}` === f.path);
    if (!dest) continue;
    // An existing file (e.g. a newer audit checkpoint file) is kept unless forced: verifying the restored
    // chain against it then shows what the restore lost.
    if (!target.force && existsSync(dest.path)) {
      keptExtras.push(dest.path);
      continue;
    }
    await mkdir(dirname(dest.path), { recursive: true });
    await copyFile(join(directory, ...f.path.split('/')), dest.path);
    extras++;
  }
  return {
    manifest,
    databaseRestored,
    attachments: manifest.attachments.length,
    extras,
    keptExtras,
    message:
      `已从 ${manifest.createdAt} 的备份恢复：${databaseRestored ? '数据库文件、' : '（数据库请用 pg_restore 恢复）'}` +
      `附件文件 ${manifest.attachments.length} 个${extras ? `、其他文件 ${extras} 个` : ''}` +
      (keptExtras.length ? `；已存在未覆盖：${keptExtras.join('、')}` : ''),
  };
}

export interface RestoredCheck {
  ok: boolean;
  audit: AuditVerification;
  attachments: AttachmentVerification;
  message: string;
}

/** After a restore: verifies the audit hash chain and every attachment's file against its hash. */
export async function verifyRestored(ctx: CoreContext): Promise<RestoredCheck> {
  const audit = await verifyAuditChain(ctx);
  const attachments = await verifyAttachments(ctx);
  return {
    ok: audit.ok && attachments.ok,
    audit,
    attachments,
    message: `审计链：${audit.ok ? `${audit.checked} 条校验通过` : `校验失败：${audit.message}`}；${attachments.message}`,
  };
}
