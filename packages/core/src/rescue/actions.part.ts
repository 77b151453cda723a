/** The actions concern of the rescue line (七个规定动作与寻亲公告): what it adds to the manifest (line-part.ts). */
import type { RescuePart } from './line-part';

export const actionsPart: RescuePart = {};
