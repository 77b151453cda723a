import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralStatisticsPage = lazy(() =>
  import('./statistics-page').then((m) => ({ default: m.FuneralStatisticsPage })),
);

/** Pages of the funeral line's statistics concern (edited only by that concern); merged in feature.tsx. */
export const statisticsPages: FeatureRoute[] = [
  { path: '/funeral/statistics', component: FuneralStatisticsPage, permission: 'funeral:read' },
];
