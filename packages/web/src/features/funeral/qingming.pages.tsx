import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const QingmingStaffPage = lazy(() =>
  import('./qingming/qingming-staff-page').then((m) => ({ default: m.QingmingStaffPage })),
);

/** Pages of the funeral line's qingming concern (edited only by that concern); merged in feature.tsx. */
export const qingmingPages: FeatureRoute[] = [
  { path: '/funeral/qingming', component: QingmingStaffPage, permission: 'funeral:read' },
];
