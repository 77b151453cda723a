import type { FuneralCaseSection } from './case-sections';

/** Tabs of the case page contributed by the billing concern (edited only by that concern). */
export const billingCaseSections: FuneralCaseSection[] = [];
