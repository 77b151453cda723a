import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the rescue line's family concern (issue 16; edited only by that concern); merged in feature.tsx. */
export const familyPages: FeatureRoute[] = [];
