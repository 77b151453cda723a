import type { FuneralCaseSection } from './case-sections';

/** Tabs of the case page contributed by the certificates concern (edited only by that concern). */
export const certificatesCaseSections: FuneralCaseSection[] = [];
