import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityRecipientsPage = lazy(() =>
  import('./recipients-page').then((m) => ({ default: m.DisabilityRecipientsPage })),
);
const DisabilityReviewQueuePage = lazy(() =>
  import('./review-queue-page').then((m) => ({ default: m.DisabilityReviewQueuePage })),
);

/** Pages of the disability line's review concern (edited only by that concern); merged in feature.tsx. */
export const reviewPages: FeatureRoute[] = [
  { path: '/disability/recipients', component: DisabilityRecipientsPage, permission: 'disability:read' },
  { path: '/disability/review', component: DisabilityReviewQueuePage, permission: 'disability:read' },
];
