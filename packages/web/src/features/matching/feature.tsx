import { DiffOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const JobsPage = lazy(() => import('./jobs-page').then((m) => ({ default: m.JobsPage })));
const ReviewQueuePage = lazy(() =>
  import('./review-queue-page').then((m) => ({ default: m.ReviewQueuePage })),
);
const PairPage = lazy(() => import('./pair-page').then((m) => ({ default: m.PairPage })));
const FamilyCandidatesPage = lazy(() =>
  import('./family-candidates-page').then((m) => ({ default: m.FamilyCandidatesPage })),
);
const FamilySearchPage = lazy(() =>
  import('./family-search-page').then((m) => ({ default: m.FamilySearchPage })),
);

/** 数据比对: comparison jobs, the review queue with side-by-side comparison, and 寻亲 family search. */
export const matchingFeature: Feature = {
  key: 'matching',
  routes: [
    {
      path: '/matching',
      component: JobsPage,
      permission: 'matching:read',
      menu: { label: '数据比对', icon: <DiffOutlined />, order: 60 },
    },
    { path: '/matching/review', component: ReviewQueuePage, permission: 'matching:read' },
    { path: '/matching/pairs/:id', component: PairPage, permission: 'matching:read' },
    { path: '/matching/family-search', component: FamilySearchPage, permission: 'matching:read' },
    {
      path: '/matching/family-candidates',
      component: FamilyCandidatesPage,
      permission: 'matching:family-read',
    },
  ],
};
