/**
 * The hot-path half of resident-id handling: status codes and digit-level comparison of ids held as
 * integer fragments. No dependency on the kernel, so worker threads load only this.
 */
import type { ResidentIdStatus } from './resident-id';

export const ID_STATUS_CODE: Record<ResidentIdStatus, number> = {
  missing: 0,
  valid: 1,
  upgraded: 2,
  invalid: 3,
  malformed: 4,
};

/** The 18 digit values (X = 10) of an id given by its fragments, for edit-distance comparisons. */
export function fragmentDigits(a: number, b: number, c: number, out: Uint8Array): void {
  let x = a;
  for (let i = 5; i >= 0; i--) {
    out[i] = x % 10;
    x = Math.floor(x / 10);
  }
  x = b;
  for (let i = 13; i >= 6; i--) {
    out[i] = x % 10;
    x = Math.floor(x / 10);
  }
  out[17] = c % 11;
  x = Math.floor(c / 11);
  for (let i = 16; i >= 14; i--) {
    out[i] = x % 10;
    x = Math.floor(x / 10);
  }
}

/** True when two 18-digit sequences differ by at most one substitution or one adjacent transposition. */
export function withinOneEdit(x: Uint8Array, y: Uint8Array): boolean {
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < 18; i++) {
    if (x[i] !== y[i]) {
      if (diffs === 0) first = i;
      diffs++;
      if (diffs > 2) return false;
    }
  }
  if (diffs <= 1) return true;
  return (
    x[first] === y[first + 1] && x[first + 1] === y[first] && first + 1 < 18 && x[first + 1] !== y[first + 1]
  );
}
