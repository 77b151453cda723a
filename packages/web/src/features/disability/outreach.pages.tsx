import { HeartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityBoardPage = lazy(() =>
  import('./board-page').then((m) => ({ default: m.DisabilityBoardPage })),
);
const OutreachRemindersPage = lazy(() =>
  import('./outreach-page').then((m) => ({ default: m.OutreachRemindersPage })),
);
const OutreachListsPage = lazy(() =>
  import('./outreach-page').then((m) => ({ default: m.OutreachListsPage })),
);
const OutreachCoveragePage = lazy(() =>
  import('./outreach-page').then((m) => ({ default: m.OutreachCoveragePage })),
);
const DisabilityStatisticsPage = lazy(() =>
  import('./statistics-page').then((m) => ({ default: m.DisabilityStatisticsPage })),
);

/**
 * Pages of the disability line's outreach concern (edited only by that concern); merged in feature.tsx.
 * `/disability` (今日工作) is the line's menu entry.
 */
export const outreachPages: FeatureRoute[] = [
  {
    path: '/disability',
    component: DisabilityBoardPage,
    permission: 'disability:read',
    menu: { label: '残疾人福利', icon: <HeartOutlined />, order: 50 },
  },
  { path: '/disability/outreach', component: OutreachRemindersPage, permission: 'disability:read' },
  { path: '/disability/outreach/lists', component: OutreachListsPage, permission: 'disability:read' },
  { path: '/disability/outreach/coverage', component: OutreachCoveragePage, permission: 'disability:read' },
  { path: '/disability/statistics', component: DisabilityStatisticsPage, permission: 'disability:read' },
];
