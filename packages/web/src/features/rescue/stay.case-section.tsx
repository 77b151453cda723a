import type { CaseSection } from './case-sections';

/** The stay concern's sections of the case page (edited only by that concern). */
export const stayCaseSections: CaseSection[] = [];
