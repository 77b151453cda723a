import type { UserRow } from '../db/schema';
import type { Actor } from './actor';

interface Entry {
  actor: Actor;
  user: UserRow;
  /** The session row's id (SHA-256 of the token), for the per-request re-check. */
  sessionId: string;
}
interface Held extends Entry {
  /** Until when (epoch ms) the entry may answer: the TTL, never past the session's own expiry. */
  validUntil: number;
}

/**
 * Short-lived memory of resolved sessions so a busy clerk's every click does not rebuild the actor from
 * the session and user rows. Entries live `ttlMs` (default 10 s) and never past the session's own
 * expiry; logout and password changes in this process drop them at once. A hit is not trusted alone:
 * `users.service` re-checks it on every request with one prepared point query (the session row still
 * exists, its user is active, the password unchanged), so a session ended by another process (the
 * command line's `users reset-password`, another server) stops at its next request. Keyed by the
 * session token itself: this map lives in memory only (the database keeps only the token's hash), and
 * a hit then costs no hashing.
 */
export class SessionCache {
  private readonly entries = new Map<string, Held>();
  constructor(
    private readonly ttlMs = 10_000,
    private readonly capacity = 10_000,
  ) {}

  get(token: string, now: Date): Entry | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (now.getTime() >= e.validUntil) {
      this.entries.delete(token);
      return undefined;
    }
    return e;
  }

  /** Remembers `entry` for `token` until the TTL ends or the session expires (`expiresAt`), if sooner. */
  set(token: string, entry: Entry, expiresAt: string, now: Date): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    const validUntil = Math.min(now.getTime() + this.ttlMs + 1, Date.parse(expiresAt));
    this.entries.set(token, { ...entry, validUntil });
  }

  forget(token: string): void {
    this.entries.delete(token);
  }

  forgetUser(userId: string): void {
    for (const [k, e] of this.entries) if (e.user.id === userId) this.entries.delete(k);
  }
}
