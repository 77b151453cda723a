/**
 * The family concern's subscriber: a confirmed family-search match (`family.match-confirmed`, emitted by
 * the matching line when a caseworker confirms a three-way candidate) naming a rescue case starts its
 * reunion (reunions.service.ts, `onFamilyMatchConfirmed`: idempotent, never failing on such data).
 */
import { subscriber, type LineSubscriber } from '../line';
import { REUNION_MATCH_SUBSCRIBER, onFamilyMatchConfirmed } from './reunions.service';

export const reunionSubscribers: readonly LineSubscriber[] = [
  subscriber({
    name: REUNION_MATCH_SUBSCRIBER,
    event: 'family.match-confirmed',
    handle: onFamilyMatchConfirmed,
  }),
];
