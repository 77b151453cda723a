import { MedicineBoxOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const RescueWorkbenchPage = lazy(() =>
  import('./actions-workbench-page').then((m) => ({ default: m.RescueWorkbenchPage })),
);

/** Pages of the rescue line's actions concern (edited only by that concern); merged in feature.tsx. */
export const actionsPages: FeatureRoute[] = [
  {
    path: '/rescue',
    component: RescueWorkbenchPage,
    permission: 'rescue:read',
    menu: { label: '救助管理', icon: <MedicineBoxOutlined />, order: 30 },
  },
];
