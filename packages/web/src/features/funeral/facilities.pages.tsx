import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the funeral line's facilities concern (edited only by that concern); merged in feature.tsx. */
export const facilitiesPages: FeatureRoute[] = [];
