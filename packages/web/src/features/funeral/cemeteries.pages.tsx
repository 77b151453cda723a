import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralCemeteriesPage = lazy(() =>
  import('./cemeteries-page').then((m) => ({ default: m.FuneralCemeteriesPage })),
);
const FuneralRemediationPage = lazy(() =>
  import('./remediation-page').then((m) => ({ default: m.FuneralRemediationPage })),
);

/** Pages of the funeral line's cemeteries concern (edited only by that concern); merged in feature.tsx. */
export const cemeteriesPages: FeatureRoute[] = [
  { path: '/funeral/cemeteries', component: FuneralCemeteriesPage, permission: 'funeral:read' },
  { path: '/funeral/remediation', component: FuneralRemediationPage, permission: 'funeral:read' },
];
