/**
 * Contracts of the marriage registration line (婚姻登记), shared by server and UI. Rule checks with
 * legal content (ages, competence, bigamy) are the service's; these only fix the shapes.
 * One file per concern; this index re-exports them all (the field helpers in text-field.ts stay private).
 */
export * from './registries';
export * from './registrations';
export * from './records';
export * from './couple';
export * from './divorces';
export * from './marital-status';
export * from './reissues';
export * from './judgments';
export * from './imports';
export * from './awaiting-matches';
export * from './statistics';
export * from './appointments';
