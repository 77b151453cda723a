import type { ApplicationSection } from './application-sections';

/** Tabs of the application page contributed by the review concern (edited only by that concern). */
export const reviewApplicationSections: ApplicationSection[] = [];
