import type { FeatureRoute } from '../../app/feature-registry';

/** Pages of the rescue line's departure concern (edited only by that concern); merged in feature.tsx. */
export const departurePages: FeatureRoute[] = [];
