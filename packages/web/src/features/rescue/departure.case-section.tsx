import type { CaseSection } from './case-sections';

/** The departure concern's sections of the case page (edited only by that concern). */
export const departureCaseSections: CaseSection[] = [];
