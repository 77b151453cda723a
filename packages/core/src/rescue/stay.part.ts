/** The stay concern of the rescue line (站内照料与站外托养): what it adds to the manifest (line-part.ts). */
import type { RescuePart } from './line-part';

export const stayPart: RescuePart = {};
