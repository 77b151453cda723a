import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityCertificatesPage = lazy(() =>
  import('./certificates-page').then((m) => ({ default: m.DisabilityCertificatesPage })),
);
const DisabilityStandardsPage = lazy(() =>
  import('./standards-page').then((m) => ({ default: m.DisabilityStandardsPage })),
);

/** Pages of the disability line's certificates concern (edited only by that concern); merged in feature.tsx. */
export const certificatesPages: FeatureRoute[] = [
  { path: '/disability/certificates', component: DisabilityCertificatesPage, permission: 'disability:read' },
  { path: '/disability/standards', component: DisabilityStandardsPage, permission: 'disability:read' },
];
