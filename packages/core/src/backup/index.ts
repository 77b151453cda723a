export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  checkBackup,
  createBackup,
  restoreBackup,
  verifyRestored,
} from './backup.service';
export type {
  BackupFile,
  BackupManifest,
  BackupResult,
  RestoreResult,
  RestoreTarget,
  RestoredCheck,
} from './backup.service';
