import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';
import { applicationsPages } from './applications.pages';
import { certificatesPages } from './certificates.pages';
import { outreachPages } from './outreach.pages';
import { paymentsPages } from './payments.pages';
import { disabilityPublicPages } from './public.pages';
import { rehabPages } from './rehab.pages';
import { reviewPages } from './review.pages';
import { rosterPages } from './roster.pages';
import { verificationPages } from './verification.pages';

const DisabilityApplicationPage = lazy(() =>
  import('./application-page').then((m) => ({ default: m.DisabilityApplicationPage })),
);

/**
 * 残疾人福利: one menu entry (disability:read, the day board at /disability, declared by the outreach
 * concern); the pages link to each other through DisabilityNav. Each concern declares its pages in
 * `<concern>.pages.tsx`.
 */
export const disabilityFeature: Feature = {
  key: 'disability',
  routes: [
    ...outreachPages,
    ...applicationsPages,
    ...reviewPages,
    ...rosterPages,
    ...paymentsPages,
    ...verificationPages,
    ...certificatesPages,
    ...rehabPages,
    {
      path: '/disability/applications/:id',
      component: DisabilityApplicationPage,
      permission: 'disability:read',
    },
  ],
  publicRoutes: disabilityPublicPages,
};
