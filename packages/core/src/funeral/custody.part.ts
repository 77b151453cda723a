/** The custody concern of the funeral line: what it adds to the manifest (line-part.ts). */
import type { FuneralPart } from './line-part';

export const custodyPart: FuneralPart = {};
