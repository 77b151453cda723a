import type { DisabilityPart } from './line-part';

/** The review concern's contribution to the disability line (filled in by that concern). */
export const reviewPart: DisabilityPart = {};
