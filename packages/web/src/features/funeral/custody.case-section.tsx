import type { FuneralCaseSection } from './case-sections';

/** Tabs of the case page contributed by the custody concern (edited only by that concern). */
export const custodyCaseSections: FuneralCaseSection[] = [];
