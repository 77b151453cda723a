import type { FuneralCaseSection } from './case-sections';

/** Tabs of the case page contributed by the deaths concern (edited only by that concern). */
export const deathsCaseSections: FuneralCaseSection[] = [];
