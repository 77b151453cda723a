export * from './context';
export * from './clock';
export * from './line';
export * from './jobs';
export * from './keys';
export * from './platform';
export { createDb, DATABASE_SETTINGS_DEFAULTS } from './db/create-db';
export type { Db, CreateDbOptions, DatabaseSettings, PoolState } from './db/create-db';
export { migrateToLatest, migrationsFor, platformMigrations } from './db/migrate';
export {
  refreshPlannerStatistics,
  isUniqueViolation,
  uniqueViolationKey,
  isTextEncodingViolation,
  type DialectName,
} from './db/dialect';
export * from './access/index';
export * from './audit/index';
export * from './events/index';
export * from './people/index';
export * from './reports/index';
export * from './approvals/index';
export * from './numbering/index';
export * from './imports/index';
export * from './attachments/index';
export * from './faces/index';
export * from './assistance/index';
export * from './backup/index';
export * from './calendar/index';
export type { UserRow, PersonRow, AuditRow, Database } from './db/schema';
export * from './seed/index';
export * from './config';
export * from './line-views';
