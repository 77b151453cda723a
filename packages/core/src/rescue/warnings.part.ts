/** The warnings concern of the rescue line (预警、统计与热线录音): what it adds to the manifest (line-part.ts). */
import type { RescuePart } from './line-part';

export const warningsPart: RescuePart = {};
