/**
 * The engine's family-search index (packages/linkage, search/family-index.ts) and the shapes the
 * matching line uses of it: records by id of three kinds, `remove`, an as-of date for ages, warnings.
 */
import { FamilySearchIndex } from '@social-affairs/linkage';

export { FamilySearchIndex };
export type FamilySearchRecord = Parameters<FamilySearchIndex['add']>[0][number];
export type FamilySearchResult = ReturnType<FamilySearchIndex['search']>;
export type FamilySearchHit = FamilySearchResult['hits'][number];
export type FamilySearchQuery = Parameters<FamilySearchIndex['search']>[0];
