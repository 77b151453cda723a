import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodedReverification } from '../synth/encoded';
import {
  compareNames,
  comparePackedNames,
  comparePackedPair,
  comparePair,
  packNames,
  packRows,
} from './comparators';

describe('packed comparison', () => {
  it('gives the same gamma vector as the column-wise comparison for any pair', () => {
    const { left, right, names, truth } = encodedReverification({ left: 300, right: 300 }, 8);
    const packed = packRows(left);
    const packedNames = packNames(names);
    const a = new Uint8Array(5);
    const b = new Uint8Array(5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 299 }), fc.integer({ min: 0, max: 299 }), (l, r) => {
        comparePair(left, right, names, l, r, a);
        comparePackedPair(packed, right, names, packedNames, l, r, b);
        expect([...b]).toEqual([...a]);
      }),
      { numRuns: 500 },
    );
    for (let i = 0; i < 300; i++) {
      const r = truth[i]!;
      if (r < 0) continue;
      comparePair(left, right, names, i, r, a);
      comparePackedPair(packed, right, names, packedNames, i, r, b);
      expect([...b]).toEqual([...a]);
    }
  });

  it('gives every name pair the level compareNames gives (homophones, reorderings, fuzzy keys, missing)', () => {
    const { left, right, names, truth } = encodedReverification({ left: 400, right: 1_200 }, 12);
    const packedNames = packNames(names);
    const levels = new Array<number>(10).fill(0);
    const check = (a: number, b: number) => {
      const level = compareNames(names, a, b);
      expect(comparePackedNames(packedNames, names, a, b)).toBe(level);
      levels[level]!++;
    };
    // True pairs (names corrupted by the synthetic model) and every pair of the first 150 names.
    for (let i = 0; i < left.size; i++) {
      const r = truth[i]!;
      if (r >= 0) check(left.name[i] ?? -1, right.name[r] ?? -1);
    }
    for (let a = -1; a < Math.min(150, names.size); a++)
      for (let b = -1; b < Math.min(150, names.size); b++) check(a, b);
    // The comparison above exercised most levels, not only 'different'.
    expect(levels.filter((n) => n > 0).length).toBeGreaterThanOrEqual(6);
  });
});
