import type { DisabilityPart } from './line-part';

/** The rehab concern's contribution to the disability line (filled in by that concern). */
export const rehabPart: DisabilityPart = {};
