import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';
import type * as GovernancePages from './governance-page';

const page = <K extends keyof typeof GovernancePages>(name: K) =>
  lazy(() => import('./governance-page').then((m) => ({ default: m[name] })));

/** Pages of the rescue line's governance concern (源头治理, issue 16; edited only by that concern); merged in feature.tsx. */
export const governancePages: FeatureRoute[] = [
  { path: '/rescue/governance', component: page('ReturneesPage'), permission: 'rescue:read' },
  { path: '/rescue/governance/at-risk', component: page('AtRiskPage'), permission: 'rescue:read' },
  { path: '/rescue/governance/repeat', component: page('RepeatWanderersPage'), permission: 'rescue:read' },
  { path: '/rescue/governance/leads', component: page('PatrolLeadsPage'), permission: 'rescue:read' },
  {
    path: '/rescue/governance/statistics',
    component: page('GovernanceStatisticsPage'),
    permission: 'rescue:read',
  },
];
