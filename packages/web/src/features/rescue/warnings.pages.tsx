import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescueWarningsPage = lazy(() =>
  import('./warnings-page').then((m) => ({ default: m.RescueWarningsPage })),
);
const RescueStatisticsPage = lazy(() =>
  import('./statistics-page').then((m) => ({ default: m.RescueStatisticsPage })),
);
const RescueHotlinePage = lazy(() =>
  import('./hotline-page').then((m) => ({ default: m.RescueHotlinePage })),
);

/** Pages of the rescue line's warnings concern (edited only by that concern); merged in feature.tsx. */
export const warningsPages: FeatureRoute[] = [
  { path: '/rescue/warnings', component: RescueWarningsPage, permission: 'rescue:read' },
  { path: '/rescue/statistics', component: RescueStatisticsPage, permission: 'rescue:read' },
  { path: '/rescue/hotline', component: RescueHotlinePage, permission: 'rescue:read' },
];
