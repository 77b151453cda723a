import type { CaseSection } from './case-sections';

/** The intake concern's sections of the case page (edited only by that concern). */
export const intakeCaseSections: CaseSection[] = [];
