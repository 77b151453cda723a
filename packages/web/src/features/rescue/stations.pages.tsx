import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the rescue line's stations concern (edited only by that concern); merged in feature.tsx. */
export const stationsPages: FeatureRoute[] = [];
