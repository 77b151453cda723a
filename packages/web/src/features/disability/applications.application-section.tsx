import type { ApplicationSection } from './application-sections';

/** Tabs of the application page contributed by the applications concern (edited only by that concern). */
export const applicationsApplicationSections: ApplicationSection[] = [];
