import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescueStationsPage = lazy(() =>
  import('./stations-page').then((m) => ({ default: m.RescueStationsPage })),
);

/** Pages of the rescue line's stations concern (edited only by that concern); merged in feature.tsx. */
export const stationsPages: FeatureRoute[] = [
  { path: '/rescue/stations', component: RescueStationsPage, permission: 'rescue:read' },
];
