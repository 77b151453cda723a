import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescuePlacementsPage = lazy(() =>
  import('./placements-page').then((m) => ({ default: m.RescuePlacementsPage })),
);

/** Pages of the rescue line's stay concern (edited only by that concern); merged in feature.tsx. */
export const stayPages: FeatureRoute[] = [
  { path: '/rescue/placements', component: RescuePlacementsPage, permission: 'rescue:read' },
];
