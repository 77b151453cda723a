/** Wall clock, injectable so tests can move time (lockouts, session expiry, legal periods). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
