import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescueFamilySearchPage = lazy(() =>
  import('./family-search-page').then((m) => ({ default: m.RescueFamilySearchPage })),
);
const RescueReunionsPage = lazy(() =>
  import('./reunions-page').then((m) => ({ default: m.RescueReunionsPage })),
);

/** Pages of the rescue line's family concern (issue 16; edited only by that concern); merged in feature.tsx. */
export const familyPages: FeatureRoute[] = [
  { path: '/rescue/family-search', component: RescueFamilySearchPage, permission: 'rescue:read' },
  { path: '/rescue/reunions', component: RescueReunionsPage, permission: 'rescue:read' },
];
