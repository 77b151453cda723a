import type { UserRow } from '../db/schema';
import type { Actor } from './actor';

interface Entry {
  actor: Actor;
  user: UserRow;
  expiresAt: string;
  cachedAt: number;
}

/**
 * Short-lived memory of resolved sessions so a busy clerk's every click does not re-read the session
 * and user rows. Entries live `ttlMs` (default 10 s) and never past the session's own expiry; logout
 * and password resets in this process drop them at once, and other processes' changes are seen within
 * the TTL.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly ttlMs = 10_000,
    private readonly capacity = 10_000,
  ) {}

  get(sessionId: string, now: Date): Entry | undefined {
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (now.getTime() - e.cachedAt > this.ttlMs || e.expiresAt <= now.toISOString()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e;
  }

  set(sessionId: string, entry: Omit<Entry, 'cachedAt'>, now: Date): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(sessionId, { ...entry, cachedAt: now.getTime() });
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  forgetUser(userId: string): void {
    for (const [k, e] of this.entries) if (e.user.id === userId) this.entries.delete(k);
  }
}
