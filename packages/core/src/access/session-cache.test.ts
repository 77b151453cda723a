import { describe, expect, it } from 'vitest';
import { systemActor } from './actor';
import { SessionCache } from './session-cache';
import type { UserRow } from '../db/schema';

const at = (iso: string) => new Date(iso);
const entry = { actor: systemActor(), user: { id: 'u1' } as UserRow, sessionId: 'sid' };

describe('session cache', () => {
  it('answers for its TTL, then forgets, so other processes’ changes are seen', () => {
    const cache = new SessionCache(10_000);
    cache.set('tok', entry, '2026-11-29T18:00:00.000Z', at('2026-11-29T10:00:00.000Z'));
    expect(cache.get('tok', at('2026-11-29T10:00:10.000Z'))).toBeDefined(); // exactly the TTL
    expect(cache.get('tok', at('2026-11-29T10:00:10.001Z'))).toBeUndefined();
    expect(cache.get('tok', at('2026-11-29T10:00:00.000Z'))).toBeUndefined(); // gone, not revived
  });

  it('never answers at or past the session’s own expiry', () => {
    const cache = new SessionCache(10_000);
    cache.set('tok', entry, '2026-11-29T10:00:05.000Z', at('2026-11-29T10:00:00.000Z'));
    expect(cache.get('tok', at('2026-11-29T10:00:04.999Z'))).toBeDefined();
    expect(cache.get('tok', at('2026-11-29T10:00:05.000Z'))).toBeUndefined();
  });

  it('drops a token on logout and every token of a user on a password reset', () => {
    const cache = new SessionCache();
    const now = at('2026-11-29T10:00:00.000Z');
    cache.set('a', entry, '2026-11-29T18:00:00.000Z', now);
    cache.set('b', entry, '2026-11-29T18:00:00.000Z', now);
    cache.forget('a');
    expect(cache.get('a', now)).toBeUndefined();
    expect(cache.get('b', now)).toBeDefined();
    cache.forgetUser('u1');
    expect(cache.get('b', now)).toBeUndefined();
  });
});
