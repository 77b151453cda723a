import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';
import { billingPages } from './billing.pages';
import { cemeteriesPages } from './cemeteries.pages';
import { certificatesPages } from './certificates.pages';
import { custodyPages } from './custody.pages';
import { deathsPages } from './deaths.pages';
import { facilitiesPages } from './facilities.pages';
import { funeralPublicPages } from './public.pages';
import { qingmingPages } from './qingming.pages';
import { statisticsPages } from './statistics.pages';

const FuneralCasePage = lazy(() => import('./case-page').then((m) => ({ default: m.FuneralCasePage })));

/**
 * 殡葬管理: one menu entry (funeral:read, the day board at /funeral, declared by the custody concern); the
 * pages link to each other through FuneralNav. Each concern declares its pages in `<concern>.pages.tsx`.
 */
export const funeralFeature: Feature = {
  key: 'funeral',
  routes: [
    ...custodyPages,
    ...certificatesPages,
    ...deathsPages,
    ...billingPages,
    ...cemeteriesPages,
    ...qingmingPages,
    ...statisticsPages,
    ...facilitiesPages,
    { path: '/funeral/cases/:id', component: FuneralCasePage, permission: 'funeral:read' },
  ],
  publicRoutes: funeralPublicPages,
};
