import type { DisabilityPart } from './line-part';

/** The applications concern's contribution to the disability line (filled in by that concern). */
export const applicationsPart: DisabilityPart = {};
