import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralBillingPage = lazy(() =>
  import('./billing-page').then((m) => ({ default: m.FuneralBillingPage })),
);

/** Pages of the funeral line's billing concern (edited only by that concern); merged in feature.tsx. */
export const billingPages: FeatureRoute[] = [
  { path: '/funeral/billing', component: FuneralBillingPage, permission: 'funeral:read' },
];
