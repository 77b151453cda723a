import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityApplicationsPage = lazy(() =>
  import('./applications-page').then((m) => ({ default: m.DisabilityApplicationsPage })),
);

/** Pages of the disability line's applications concern (edited only by that concern); merged in feature.tsx. */
export const applicationsPages: FeatureRoute[] = [
  { path: '/disability/applications', component: DisabilityApplicationsPage, permission: 'disability:read' },
];
