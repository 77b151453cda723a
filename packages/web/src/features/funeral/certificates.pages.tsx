import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralCertificatesPage = lazy(() =>
  import('./certificates-ledger-page').then((m) => ({ default: m.FuneralCertificatesPage })),
);
const FuneralTransportsPage = lazy(() =>
  import('./transports-ledger-page').then((m) => ({ default: m.FuneralTransportsPage })),
);

/** Pages of the funeral line's certificates concern (edited only by that concern); merged in feature.tsx. */
export const certificatesPages: FeatureRoute[] = [
  { path: '/funeral/certificates', component: FuneralCertificatesPage, permission: 'funeral:read' },
  { path: '/funeral/transports', component: FuneralTransportsPage, permission: 'funeral:read' },
];
