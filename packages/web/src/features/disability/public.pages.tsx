import { lazy } from 'react';
import type { PublicRoute } from '../../app/feature-registry';

const PublicApplyPage = lazy(() =>
  import('./public-applications-page').then((m) => ({ default: m.PublicApplyPage })),
);
const PublicStatusPage = lazy(() =>
  import('./public-applications-page').then((m) => ({ default: m.PublicStatusPage })),
);

/** Public pages of the disability line (no login, phone layout): online application and status look-up (D2). */
export const disabilityPublicPages: PublicRoute[] = [
  { path: '/disability/apply', component: PublicApplyPage },
  { path: '/disability/status', component: PublicStatusPage },
];
