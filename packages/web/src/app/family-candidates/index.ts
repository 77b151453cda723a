/** The family-search candidate list and its API, shared by the matching and rescue features. */
export * from './family-candidates.api';
export * from './family-candidates-list';
export * from './labels';
