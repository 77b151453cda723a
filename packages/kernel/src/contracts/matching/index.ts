/**
 * Contracts of the matching line (数据比对与寻亲), shared by server and UI. One file per concern; this
 * index re-exports them all.
 */
export * from './jobs';
export * from './rolls';
export * from './pairs';
export * from './family-search';
export * from './roll-import';
export * from './family-candidates';
