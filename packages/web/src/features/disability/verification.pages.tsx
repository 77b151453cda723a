import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the disability line's verification concern (edited only by that concern); merged in feature.tsx. */
export const verificationPages: FeatureRoute[] = [];
