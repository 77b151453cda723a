import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const PublicFamilySearchPage = lazy(() =>
  import('./family-search-page').then((m) => ({ default: m.PublicFamilySearchPage })),
);

/** 全国救助寻亲: public pages only (no login, phone layout; ADR 0026), linked from the login page. */
export const publicFamilySearchFeature: Feature = {
  key: 'public-family-search',
  routes: [],
  publicRoutes: [{ path: '/family-search', component: PublicFamilySearchPage }],
};
