/** The departure concern of the rescue line (离站与落户安置): what it adds to the manifest (line-part.ts). */
import type { RescuePart } from './line-part';

export const departurePart: RescuePart = {};
