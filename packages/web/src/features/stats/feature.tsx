import { BarChartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const StatsPage = lazy(() => import('./stats-page').then((m) => ({ default: m.StatsPage })));

export const statsFeature: Feature = {
  key: 'stats',
  routes: [
    {
      path: '/stats',
      component: StatsPage,
      permission: 'stats:read',
      menu: { label: '统计报表', icon: <BarChartOutlined />, order: 70 },
    },
  ],
};
