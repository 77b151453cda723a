/**
 * The rescue line's part for source governance (源头治理, issue 16 item 4): its migrations, subscribers, jobs, to-dos, audit names and demo seed.
 * Edited only by that concern; merged by line.ts.
 */
import type { RescuePart } from './line-part';

export const governancePart: RescuePart = {};
