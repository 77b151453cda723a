import type { DisabilityPart } from './line-part';

/** The certificates concern's contribution to the disability line (filled in by that concern). */
export const certificatesPart: DisabilityPart = {};
