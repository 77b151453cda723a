import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralFacilitiesPage = lazy(() =>
  import('./facilities-page').then((m) => ({ default: m.FuneralFacilitiesPage })),
);

/** Pages of the funeral line's facilities concern (edited only by that concern); merged in feature.tsx. */
export const facilitiesPages: FeatureRoute[] = [
  { path: '/funeral/facilities', component: FuneralFacilitiesPage, permission: 'funeral:read' },
];
