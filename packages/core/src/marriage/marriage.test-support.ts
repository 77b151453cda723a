/** Helpers shared by the marriage line's tests (vitest only; the fixtures in marriage.fixtures also seed demos). */
import { DomainError } from '@social-affairs/kernel';
import { expect } from 'vitest';
import type { Db } from '../db/index';
import { coreContext } from '../platform';
import { ManualClock } from '../testing/index';
import { defaultMarriageConfig } from './marriage.config';
import { beijingMorning } from './marriage.fixtures';
import { marriageLine } from './line';

/** Awaits `p` (or calls it), expects a DomainError with `code`, and returns it. */
export async function rejects(p: Promise<unknown> | (() => unknown), code: string): Promise<DomainError> {
  const err = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

/** A context whose clock stands at 10:00 Beijing time on `date`, with the marriage configuration given. */
export function contextOn(db: Db, date: string, marriage: Partial<typeof defaultMarriageConfig> = {}) {
  return coreContext(db, {
    clock: new ManualClock(beijingMorning(date)),
    lines: [marriageLine],
    config: {
      argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
      lines: { marriage: { ...defaultMarriageConfig, ...marriage } },
    },
  });
}
