/**
 * The audit checkpoint file (ADR 0012): one JSON line per keyed head checkpoint, appended only, owner-only
 * permissions. It should live where the database's writers cannot rewrite it (another volume, a WORM
 * mount, or shipped off the machine by the log collector); by default beside the key file.
 */
import { parseCheckpoints, formatCheckpoint, type AuditCheckpointSink } from '@social-affairs/core';
import { appendFile, readFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CHECKPOINT_FILE_NAME = 'audit-checkpoints.log';

/** The checkpoint file: the configuration file's `server.auditCheckpointFile`, else beside the key file. */
export function checkpointFilePath(configured: string | undefined, keyFile: string): string {
  return resolve(configured ?? join(dirname(resolve(keyFile)), CHECKPOINT_FILE_NAME));
}

/** Appends to / reads the checkpoint file at `path` (created 0600 on first append; missing: no checkpoints). */
export function fileCheckpointSink(path: string): AuditCheckpointSink {
  return {
    async append(c) {
      mkdirSync(dirname(path), { recursive: true });
      await appendFile(path, formatCheckpoint(c) + '\n', { mode: 0o600, flag: 'a' });
    },
    async readAll() {
      if (!existsSync(path)) return [];
      try {
        return parseCheckpoints(await readFile(path, 'utf8'));
      } catch (err) {
        throw new Error(`audit checkpoint file ${path}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
