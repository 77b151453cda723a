import type { DisabilityPart } from './line-part';

/** The roster concern's contribution to the disability line (filled in by that concern). */
export const rosterPart: DisabilityPart = {};
