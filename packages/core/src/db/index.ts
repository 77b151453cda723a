/** The database layer's public face for services and lines: types, dialect helpers, prepared statements. */
export { createDb, DATABASE_SETTINGS_DEFAULTS } from './create-db';
export type { Db, CreateDbOptions, DatabaseSettings, PoolState } from './create-db';
export type { Executor } from './executor';
export * from './dialect';
export * from './prepared';
export { lockChainAndRead, lockChainOnce, preCommitState, type PreCommitStep } from './pre-commit';
export { compileOnlyKysely } from './compile-only';
export type * from './schema';
