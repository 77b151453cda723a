import type { ApplicationSection } from './application-sections';

/** Tabs of the application page contributed by the payments concern (edited only by that concern). */
export const paymentsApplicationSections: ApplicationSection[] = [];
