import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityRostersPage = lazy(() =>
  import('./roster-page').then((m) => ({ default: m.DisabilityRostersPage })),
);
const DisabilityRosterPage = lazy(() =>
  import('./roster-page').then((m) => ({ default: m.DisabilityRosterPage })),
);

/** Pages of the disability line's roster concern (edited only by that concern); merged in feature.tsx. */
export const rosterPages: FeatureRoute[] = [
  { path: '/disability/rosters', component: DisabilityRostersPage, permission: 'disability:read' },
  { path: '/disability/rosters/:id', component: DisabilityRosterPage, permission: 'disability:read' },
];
