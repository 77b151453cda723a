import type { DisabilityPart } from './line-part';

/** The payments concern's contribution to the disability line (filled in by that concern). */
export const paymentsPart: DisabilityPart = {};
