import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescueDeparturesPage = lazy(() =>
  import('./departures-page').then((m) => ({ default: m.RescueDeparturesPage })),
);

/** Pages of the rescue line's departure concern (edited only by that concern); merged in feature.tsx. */
export const departurePages: FeatureRoute[] = [
  { path: '/rescue/departures', component: RescueDeparturesPage, permission: 'rescue:read' },
];
