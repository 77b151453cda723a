/**
 * The rescue line's part for publishing its unidentified people to the family-search feed (寻亲, issue 16
 * item 1; ADR 0019): audit names, jobs and demo backfill. Edited only by that concern; merged by line.ts.
 */
import type { RescuePart } from './line-part';

export const familyFeedPart: RescuePart = {};
