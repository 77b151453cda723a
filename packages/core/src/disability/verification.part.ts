import type { DisabilityPart } from './line-part';

/** The verification concern's contribution to the disability line (filled in by that concern). */
export const verificationPart: DisabilityPart = {};
