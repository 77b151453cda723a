/**
 * `social-affairs backup <dir>` and `restore <dir>` (ADR 0014, docs/operations.md). The backup is a
 * directory: an online copy of the SQLite database, the attachment store and the audit checkpoint file,
 * with a manifest of SM3 hashes. On PostgreSQL the database itself is dumped with `pg_dump -Fc` and
 * restored with `pg_restore`; these commands then cover the attachments and the checkpoint file.
 * The server key file is NOT in the backup (a backup holder could otherwise re-forge the keyed audit
 * chain): keep it separately, and put it back before `restore`.
 */
import {
  createBackup,
  restoreBackup,
  verifyRestored,
  type CoreConfigInput,
  type CoreContext,
} from '@social-affairs/core';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const CHECKPOINT_EXTRA_NAME = 'audit-checkpoints.log';

export interface BackupCommandDeps {
  databaseUrl: string;
  open(): Promise<CoreContext>;
  coreConfig(): CoreConfigInput;
  keyFile(): string;
  checkpointFile(): string;
}

const isPostgres = (url: string) => /^postgres(ql)?:/.test(url);

export function registerBackupCommands(program: Command, deps: BackupCommandDeps): void {
  program
    .command('backup <dir>')
    .description(
      'online backup into an empty directory: SQLite database copy + attachments + audit checkpoint file, with SM3 manifest (PostgreSQL: pg_dump -Fc the database, see docs/operations.md)',
    )
    .action(async (dir: string) => {
      const core = await deps.open();
      try {
        const r = await createBackup(core, resolve(dir), {
          extraFiles: [{ name: CHECKPOINT_EXTRA_NAME, path: deps.checkpointFile() }],
        });
        console.log(r.message);
        console.log(`备份目录: ${r.directory}`);
        if (isPostgres(deps.databaseUrl))
          console.log('PostgreSQL: pg_dump -Fc -f <file>.dump "$DATABASE_URL"（见 docs/operations.md）');
        console.log('注意：服务器密钥文件不在备份中，请另行妥善保管。');
      } finally {
        await core.db.close();
      }
    });

  program
    .command('restore <dir>')
    .description(
      'restore a backup into the configured database and attachment folder (refuses a non-empty target without --force), then verify the audit chain and every attachment',
    )
    .option('--force', 'overwrite a non-empty database file / attachment folder')
    .action(async (dir: string, o: { force?: boolean }) => {
      const keyFile = deps.keyFile();
      if (!existsSync(keyFile)) {
        console.error(
          `错误: 密钥文件 ${keyFile} 不存在。请先放回原服务器的密钥文件（或设置 SOCIAL_AFFAIRS_KEY_FILE），否则无法校验审计链。`,
        );
        process.exitCode = 1;
        return;
      }
      const r = await restoreBackup(resolve(dir), {
        databaseUrl: deps.databaseUrl,
        attachmentsDir: deps.coreConfig().attachmentsDir,
        extraFiles: [{ name: CHECKPOINT_EXTRA_NAME, path: deps.checkpointFile() }],
        force: o.force ?? false,
      });
      console.log(r.message);
      if (isPostgres(deps.databaseUrl))
        console.log(
          'PostgreSQL: 数据库须先用 pg_restore 恢复（见 docs/operations.md），以下校验针对当前数据库。',
        );
      const core = await deps.open();
      try {
        const check = await verifyRestored(core);
        console.log(check.ok ? `校验通过：${check.message}` : `校验失败：${check.message}`);
        for (const p of check.attachments.problems.slice(0, 20))
          console.log(
            `  附件 ${p.id} (${p.ownerType} ${p.ownerId}): ${p.problem === 'missing' ? '文件缺失' : '文件损坏'}`,
          );
        process.exitCode = check.ok ? 0 : 1;
      } finally {
        await core.db.close();
      }
    });
}
