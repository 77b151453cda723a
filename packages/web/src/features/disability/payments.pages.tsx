import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityPaymentsPage = lazy(() =>
  import('./payments-page').then((m) => ({ default: m.DisabilityPaymentsPage })),
);

/** Pages of the disability line's payments concern (edited only by that concern); merged in feature.tsx. */
export const paymentsPages: FeatureRoute[] = [
  { path: '/disability/payments', component: DisabilityPaymentsPage, permission: 'disability:read' },
];
