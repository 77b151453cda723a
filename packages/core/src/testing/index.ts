export * from './each-database';
export * from './factories';
export * from './pdf-text';
export type { Db } from '../db/create-db';
export type { Role } from '../access/roles';
