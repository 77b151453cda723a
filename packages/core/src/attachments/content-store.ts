/**
 * The files of the attachment store: content-addressed by the SM3 hash of their bytes under
 * `<dir>/<first two hex digits>/<hash>`, written to a temporary file, fsynced and renamed into place
 * (atomic on one file system), so a file under its hash name is always complete. Identical content is
 * stored once. No SQL here; the metadata rows are in attachments.repository.ts.
 */
import { DomainError, newId } from '@social-affairs/kernel';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { AttachmentMediaType } from './attachments.table';
import { ACCEPTED_MEDIA_TYPES, MEDIA_TYPE_HEAD_BYTES, MEDIA_TYPE_LABEL, detectMediaType } from './media-type';

/** SM3 (GB/T 32905), as the audit chain; Node's OpenSSL provides it. */
export const CONTENT_HASH_ALGORITHM = 'sm3';

/** Upload size limit unless an owner type sets its own: 10 MB. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** The bytes to store: a buffer, or a stream of chunks (an HTTP request body, a file read stream). */
export type AttachmentSource = Uint8Array | AsyncIterable<Uint8Array | string>;

export interface StoredContent {
  contentHash: string;
  sizeBytes: number;
  mediaType: AttachmentMediaType;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** The store's folder: `attachmentsDir` from the configuration, else `./data/attachments` (cwd). */
export function attachmentsRoot(configured: string | undefined): string {
  return resolve(configured ?? join('data', 'attachments'));
}

/** Where the file of `hash` lives. A value that is not a hash (a tampered row) never names a path. */
export function contentPath(root: string, hash: string): string {
  if (!HASH_PATTERN.test(hash)) throw new Error('not a content hash');
  return join(root, hash.slice(0, 2), hash);
}

function typeNotAllowed(): DomainError {
  return new DomainError(
    'invalid',
    'ATTACHMENT_TYPE_NOT_ALLOWED',
    `文件类型不允许：只接受 ${ACCEPTED_MEDIA_TYPES.map((t) => MEDIA_TYPE_LABEL[t]).join('、')}（按文件内容判断，与文件名和声明的类型无关）`,
    { field: 'file', accepted: ACCEPTED_MEDIA_TYPES },
  );
}

function tooLarge(maxBytes: number): DomainError {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new DomainError('invalid', 'ATTACHMENT_TOO_LARGE', `文件过大：单个附件不能超过 ${mb} MB`, {
    field: 'file',
    maxBytes,
  });
}

function chunksOf(source: AttachmentSource): AsyncIterable<Uint8Array | string> {
  if (source instanceof Uint8Array) {
    return (async function* () {
      yield source;
    })();
  }
  // Leave a stream open when we stop early (too large, wrong type): destroying an HTTP request would
  // drop the connection before the refusal is sent.
  if (source instanceof Readable) return source.iterator({ destroyOnReturn: false });
  return source;
}

async function fsyncFolder(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Streams `source` into the store: checks the type on the first bytes and the size as it goes (nothing
 * is kept of a refused file), hashes while writing, and places the file under its hash. When the same
 * content is already there and intact, the new copy is dropped; when the file there is damaged, the new
 * one replaces it (an upload repairs a corrupted file).
 */
export async function writeContent(
  root: string,
  source: AttachmentSource,
  maxBytes: number,
): Promise<StoredContent> {
  const tmpDir = join(root, '.tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmpPath = join(tmpDir, `${newId()}.part`);
  const fh = await open(tmpPath, 'wx', 0o640);
  const hasher = createHash(CONTENT_HASH_ALGORITHM);
  let size = 0;
  let head = Buffer.alloc(0);
  let mediaType: AttachmentMediaType | null = null;
  let closed = false;
  try {
    for await (const part of chunksOf(source)) {
      const chunk = typeof part === 'string' ? Buffer.from(part) : part;
      if (chunk.length === 0) continue;
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      if (!mediaType) {
        head = Buffer.concat([head, chunk.subarray(0, MEDIA_TYPE_HEAD_BYTES)]);
        if (head.length >= MEDIA_TYPE_HEAD_BYTES) {
          mediaType = detectMediaType(head);
          if (!mediaType) throw typeNotAllowed();
        }
      }
      hasher.update(chunk);
      await fh.write(chunk);
    }
    if (size === 0) {
      throw new DomainError('invalid', 'ATTACHMENT_EMPTY', '文件内容为空，请选择要上传的文件', {
        field: 'file',
      });
    }
    mediaType ??= detectMediaType(head);
    if (!mediaType) throw typeNotAllowed();
    await fh.sync();
    await fh.close();
    closed = true;
    const contentHash = hasher.digest('hex');
    const finalPath = contentPath(root, contentHash);
    const folder = join(root, contentHash.slice(0, 2));
    if ((await checkContent(root, contentHash, size)) === 'ok') {
      await rm(tmpPath, { force: true });
    } else {
      await mkdir(folder, { recursive: true });
      await rename(tmpPath, finalPath);
      await fsyncFolder(folder);
    }
    return { contentHash, sizeBytes: size, mediaType };
  } catch (err) {
    if (!closed) await fh.close().catch(() => undefined);
    await rm(tmpPath, { force: true });
    throw err;
  }
}

export type ContentProblem = 'missing' | 'corrupted';

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * The bytes of `hash`, read whole and checked against the hash and size before anyone sees them: a
 * missing file or different bytes come back as a problem, never as content.
 */
export async function readContent(
  root: string,
  hash: string,
  sizeBytes: number,
): Promise<{ bytes: Buffer } | { problem: ContentProblem }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(contentPath(root, hash));
  } catch (err) {
    if (isMissing(err)) return { problem: 'missing' };
    throw err;
  }
  if (bytes.length !== sizeBytes) return { problem: 'corrupted' };
  if (createHash(CONTENT_HASH_ALGORITHM).update(bytes).digest('hex') !== hash)
    return { problem: 'corrupted' };
  return { bytes };
}

/** Streams the file of `hash` through the hash (for the integrity walk): ok, missing or corrupted. */
export async function checkContent(
  root: string,
  hash: string,
  sizeBytes?: number,
): Promise<'ok' | ContentProblem> {
  const path = contentPath(root, hash);
  try {
    const s = await stat(path);
    if (!s.isFile()) return 'missing';
    if (sizeBytes !== undefined && s.size !== sizeBytes) return 'corrupted';
    const hasher = createHash(CONTENT_HASH_ALGORITHM);
    for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
    return hasher.digest('hex') === hash ? 'ok' : 'corrupted';
  } catch (err) {
    if (isMissing(err)) return 'missing';
    throw err;
  }
}
