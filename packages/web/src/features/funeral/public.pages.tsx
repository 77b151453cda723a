import { lazy } from 'react';
import type { PublicRoute } from '../../app/feature-registry';

const PublicQingmingPage = lazy(() =>
  import('./qingming/public-qingming-page').then((m) => ({ default: m.PublicQingmingPage })),
);
const PublicMemorialsPage = lazy(() =>
  import('./qingming/public-memorials-page').then((m) => ({ default: m.PublicMemorialsPage })),
);

/** Public pages of the funeral line (no login, phone layout): Qingming booking, memorial pages (F7). */
export const funeralPublicPages: PublicRoute[] = [
  { path: '/qingming', component: PublicQingmingPage },
  { path: '/memorials', component: PublicMemorialsPage },
];
