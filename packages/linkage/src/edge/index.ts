// Node-only entry point (worker threads, file I/O): `@social-affairs/linkage/edge`.
export type { ParallelLinkOptions } from './parallel-link';
export { linkParallel, mergeResults } from './parallel-link';
export { readColumnarCache, writeColumnarCache } from './columnar-cache';
