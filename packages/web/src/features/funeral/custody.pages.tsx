import { ContainerOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const FuneralBoardPage = lazy(() => import('./board-page').then((m) => ({ default: m.FuneralBoardPage })));
const FuneralCasesPage = lazy(() => import('./cases-page').then((m) => ({ default: m.FuneralCasesPage })));
const FuneralCollectionFormPage = lazy(() =>
  import('./collection-form-page').then((m) => ({ default: m.FuneralCollectionFormPage })),
);

/** Pages of the funeral line's custody concern (edited only by that concern); merged in feature.tsx. */
export const custodyPages: FeatureRoute[] = [
  {
    path: '/funeral',
    component: FuneralBoardPage,
    permission: 'funeral:read',
    menu: { label: '殡葬管理', icon: <ContainerOutlined />, order: 40 },
  },
  { path: '/funeral/cases', component: FuneralCasesPage, permission: 'funeral:read' },
  { path: '/funeral/cases/new', component: FuneralCollectionFormPage, permission: 'funeral:write' },
];
