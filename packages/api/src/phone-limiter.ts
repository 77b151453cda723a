/** Per-phone rate limiting for public routes that take a phone number (Qingming bookings, online applications). */
import { DomainError } from '@social-affairs/kernel';

/**
 * A fixed-window counter per phone number, in memory (one server process): the second brake on the
 * public routes that take a phone, beside the per-address limit. The key is the digits only.
 */
export class PhoneLimiter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs = 10 * 60_000,
  ) {}
  hit(phone: string, now = Date.now()): void {
    const key = phone.replace(/\D/g, '');
    if (!key) return;
    if (this.hits.size > 100_000) for (const [k, v] of this.hits) if (v.until <= now) this.hits.delete(k);
    const cur = this.hits.get(key);
    if (!cur || cur.until <= now) {
      this.hits.set(key, { n: 1, until: now + this.windowMs });
      return;
    }
    cur.n++;
    if (cur.n > this.max)
      throw new DomainError('rate_limited', 'RATE_LIMITED', '该手机号码操作过于频繁，请 10 分钟后再试', {
        retryAfterMs: cur.until - now,
      });
  }
}
