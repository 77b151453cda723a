import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';
import { actionsPages } from './actions.pages';
import { departurePages } from './departure.pages';
import { familyPages } from './family.pages';
import { governancePages } from './governance.pages';
import { intakePages } from './intake.pages';
import { stationsPages } from './stations.pages';
import { stayPages } from './stay.pages';
import { warningsPages } from './warnings.pages';

const RescueCasePage = lazy(() => import('./case-page').then((m) => ({ default: m.RescueCasePage })));

/**
 * 救助管理: one menu entry (rescue:read, the workbench at /rescue, declared by the actions concern); the
 * pages link to each other through RescueNav. Each concern declares its pages in `<concern>.pages.tsx`.
 */
export const rescueFeature: Feature = {
  key: 'rescue',
  routes: [
    ...actionsPages,
    ...intakePages,
    ...stayPages,
    ...departurePages,
    ...warningsPages,
    ...familyPages,
    ...governancePages,
    ...stationsPages,
    { path: '/rescue/cases/:id', component: RescueCasePage, permission: 'rescue:read' },
  ],
};
