import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-registry';

const DisabilityRehabPage = lazy(() =>
  import('./rehab-page').then((m) => ({ default: m.DisabilityRehabPage })),
);
const DisabilityDevicesPage = lazy(() =>
  import('./devices-page').then((m) => ({ default: m.DisabilityDevicesPage })),
);

/** Pages of the disability line's rehab concern (edited only by that concern); merged in feature.tsx. */
export const rehabPages: FeatureRoute[] = [
  { path: '/disability/rehab', component: DisabilityRehabPage, permission: 'disability:read' },
  { path: '/disability/devices', component: DisabilityDevicesPage, permission: 'disability:read' },
];
