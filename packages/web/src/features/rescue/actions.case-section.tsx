import type { CaseSection } from './case-sections';

/** The actions concern's sections of the case page (edited only by that concern). */
export const actionsCaseSections: CaseSection[] = [];
