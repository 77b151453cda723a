import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const page = (
  name: 'VerificationQueuePage' | 'VerificationRunsPage' | 'VerificationCampaignsPage' | 'HukouMovesPage',
) => lazy(() => import('./verification-page').then((m) => ({ default: m[name] })));

/** Pages of the disability line's verification concern (edited only by that concern); merged in feature.tsx. */
export const verificationPages: FeatureRoute[] = [
  {
    path: '/disability/verification',
    component: page('VerificationQueuePage'),
    permission: 'disability:read',
  },
  {
    path: '/disability/verification/runs',
    component: page('VerificationRunsPage'),
    permission: 'disability:read',
  },
  {
    path: '/disability/verification/campaigns',
    component: page('VerificationCampaignsPage'),
    permission: 'disability:read',
  },
  {
    path: '/disability/verification/hukou-moves',
    component: page('HukouMovesPage'),
    permission: 'disability:read',
  },
];
