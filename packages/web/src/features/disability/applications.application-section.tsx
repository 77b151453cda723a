import { lazy } from 'react';
import type { ApplicationSection } from './application-sections';

const ApplicationsSection = lazy(() =>
  import('./applications-section').then((m) => ({ default: m.ApplicationsSection })),
);

/** Tabs of the application page contributed by the applications concern (edited only by that concern). */
export const applicationsApplicationSections: ApplicationSection[] = [
  { key: 'applications', title: '申请与时限', component: ApplicationsSection },
];
