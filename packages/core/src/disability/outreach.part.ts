import type { DisabilityPart } from './line-part';

/** The outreach concern's contribution to the disability line (filled in by that concern). */
export const outreachPart: DisabilityPart = {};
