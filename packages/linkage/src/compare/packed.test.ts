import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameDictionary } from '../columns/name-dictionary';
import { encodePeople } from '../columns/people-table';
import { generateReverification } from '../synth/reverification';
import { comparePackedPair, comparePair, packRows } from './comparators';

describe('packed comparison', () => {
  it('gives the same gamma vector as the column-wise comparison for any pair', () => {
    const data = generateReverification({ size: { left: 300, right: 300 }, seed: 8 });
    const dict = new NameDictionary();
    const left = encodePeople(data.left, dict);
    const right = encodePeople(data.right, dict);
    const names = dict.freeze();
    const packed = packRows(left);
    const a = new Uint8Array(5);
    const b = new Uint8Array(5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 299 }), fc.integer({ min: 0, max: 299 }), (l, r) => {
        comparePair(left, right, names, l, r, a);
        comparePackedPair(packed, left.idKey, right, names, l, r, b);
        expect([...b]).toEqual([...a]);
      }),
      { numRuns: 500 },
    );
    for (let i = 0; i < 300; i++) {
      const r = data.truth[i]!;
      if (r < 0) continue;
      comparePair(left, right, names, i, r, a);
      comparePackedPair(packed, left.idKey, right, names, i, r, b);
      expect([...b]).toEqual([...a]);
    }
  });
});
