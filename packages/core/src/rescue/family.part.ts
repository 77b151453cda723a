/**
 * The rescue line's part for family search and reunions (寻亲与团聚, issue 16 items 1 and 5): its migrations, subscribers, jobs, to-dos, audit names and demo seed.
 * Edited only by that concern; merged by line.ts.
 */
import type { RescuePart } from './line-part';

export const familyPart: RescuePart = {};
