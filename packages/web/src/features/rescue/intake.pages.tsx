import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescueIntakePage = lazy(() =>
  import('./intake-wizard-page').then((m) => ({ default: m.RescueIntakePage })),
);
const RescueResidentsPage = lazy(() =>
  import('./residents-page').then((m) => ({ default: m.RescueResidentsPage })),
);

/** Pages of the rescue line's intake concern (edited only by that concern); merged in feature.tsx. */
export const intakePages: FeatureRoute[] = [
  { path: '/rescue/intake', component: RescueIntakePage, permission: 'rescue:write' },
  { path: '/rescue/residents', component: RescueResidentsPage, permission: 'rescue:read' },
];
