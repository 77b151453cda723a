import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the disability line's outreach concern (edited only by that concern); merged in feature.tsx. */
export const outreachPages: FeatureRoute[] = [];
