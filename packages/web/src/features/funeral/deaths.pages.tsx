import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralDeathsPage = lazy(() => import('./deaths-page').then((m) => ({ default: m.FuneralDeathsPage })));
const FuneralUnidentifiedPage = lazy(() =>
  import('./unidentified-page').then((m) => ({ default: m.FuneralUnidentifiedPage })),
);

/** Pages of the funeral line's deaths concern (edited only by that concern); merged in feature.tsx. */
export const deathsPages: FeatureRoute[] = [
  { path: '/funeral/deaths', component: FuneralDeathsPage, permission: 'funeral:read' },
  { path: '/funeral/unidentified', component: FuneralUnidentifiedPage, permission: 'funeral:read' },
];
