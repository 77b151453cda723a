import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the funeral line's deaths concern (edited only by that concern); merged in feature.tsx. */
export const deathsPages: FeatureRoute[] = [];
