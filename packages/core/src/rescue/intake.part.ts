/** The intake concern of the rescue line (求助登记): what it adds to the manifest (line-part.ts). */
import type { RescuePart } from './line-part';

export const intakePart: RescuePart = {};
