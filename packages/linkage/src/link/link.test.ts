import { beforeAll, describe, expect, it } from 'vitest';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import { trainModel } from '../score/train';
import {
  BAND_FAST_TRACK,
  BAND_NO_LINK,
  BAND_REVIEW,
  bandOf,
  probabilityOfWeight,
  WeightBands,
  weightOfProbability,
  type LinkageModel,
} from '../score/model';
import { BlockIndex } from '../block/block-index';
import { encodedReverification } from '../synth/encoded';
import { evaluateLinks } from './evaluate';
import { link, LinkRun } from './link-run';
import type { LinkResult } from './link-run';

describe('end-to-end link on small synthetic data', () => {
  let left: PeopleTable;
  let right: PeopleTable;
  let names: NameTable;
  let truth: Int32Array;
  let model: LinkageModel;
  let result: LinkResult;

  beforeAll(() => {
    ({ left, right, names, truth } = encodedReverification({ left: 4_000, right: 12_000 }, 7));
    model = trainModel(left, right, names, { randomPairs: 200_000, seed: 3 }).model;
    result = link(left, right, names, { model });
  });

  it('meets the precision and recall floors', () => {
    const accuracy = evaluateLinks(result, truth, left, right);
    expect(accuracy.fastTrack.precision).toBeGreaterThanOrEqual(0.999);
    expect(accuracy.withValidId.recall).toBeGreaterThanOrEqual(0.99);
    expect(accuracy.withoutUsableId.recall).toBeGreaterThanOrEqual(0.8);
    expect(accuracy.gainOverBaseline).toBeGreaterThan(0.2);
  });

  it('explains every flagged pair with its rule and field levels', () => {
    expect(result.pairs.length).toBeGreaterThan(0);
    expect(result.pairs.gamma.length).toBe(result.pairs.length * 5);
    for (let i = 0; i < Math.min(result.pairs.length, 100); i++) {
      expect(result.rules[result.pairs.rule[i]!]).toMatch(/^B/);
    }
  });

  it('never scores a pair twice across rules', () => {
    const again = link(left, right, names, { model, collectCandidates: true });
    const seen = new Set<number>();
    const c = again.candidates!;
    for (let i = 0; i < c.length; i++) seen.add(c.left[i]! * right.size + c.right[i]!);
    expect(seen.size).toBe(c.length);
  });

  it('resumes from a cursor with the same output as an uninterrupted run', () => {
    const first = new LinkRun(left, right, names, { model, chunkSize: 1_000 });
    for (let i = 0; i < 20; i++) first.step();
    const partial = first.result();
    const rest = link(left, right, names, { model, chunkSize: 1_000, resumeFrom: partial.cursor });
    expect(partial.pairs.length + rest.pairs.length).toBe(result.pairs.length);
    const joined = [...partial.pairs.right, ...rest.pairs.right];
    expect(joined).toEqual([...result.pairs.right]);
  });

  it('reports progress per chunk', () => {
    const events: number[] = [];
    link(left, right, names, { model, chunkSize: 4_000, onProgress: (p) => events.push(p.ruleIndex) });
    expect(events.length).toBe(result.rules.length * 3);
  });
});

describe('banding on weights', () => {
  it('gives the band bandOf gives on the probability, also a hair from each threshold', () => {
    const thresholds = { fastTrack: 0.999, review: 0.5 };
    const bands = new WeightBands(thresholds);
    const near = [weightOfProbability(0.999), weightOfProbability(0.5)];
    const weights = [
      -30,
      -1,
      0,
      5,
      9.96,
      20,
      ...near.flatMap((w) => [w, w - 1e-12, w + 1e-12, w - 1e-5, w + 1e-5]),
    ];
    const gammas = [
      new Uint8Array([0, 0, 0, 0, 0]),
      // Exact id, reordered name, day-month swap: an exact id with a non-homophone name needs an exact date.
      new Uint8Array([0, 3, 1, 0, 0]),
      new Uint8Array([2, 0, 0, 0, 0]),
    ];
    for (const w of weights) {
      for (const g of gammas) {
        expect(bands.bandOf(g, 0, w), `weight ${w}`).toBe(bandOf(g, 0, probabilityOfWeight(w), thresholds));
      }
    }
    expect(bands.bandOf(gammas[0]!, 0, 20)).toBe(BAND_FAST_TRACK);
    expect(bands.bandOf(gammas[1]!, 0, 20)).toBe(BAND_REVIEW);
    expect(bands.bandOf(gammas[0]!, 0, -1)).toBe(BAND_NO_LINK);
  });
});

describe('block index', () => {
  it('finds every left key and no absent one (the bit filter never hides a block)', () => {
    const keys = new Float64Array(20_000);
    for (let i = 0; i < keys.length; i++) keys[i] = i % 7 === 0 ? NaN : Math.floor(i / 3) * 1_000_003 + 17;
    const index = new BlockIndex(keys);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key !== key) continue;
      const slot = index.find(key);
      expect(slot).toBeGreaterThanOrEqual(0);
      let found = false;
      for (let l = index.head[slot]!; l >= 0; l = index.next[l]!) found ||= l === i;
      expect(found).toBe(true);
    }
    let absentFound = 0;
    for (let i = 0; i < 20_000; i++) if (index.find(i * 1_000_003 + 18) >= 0) absentFound++;
    expect(absentFound).toBe(0);
    expect(index.find(NaN)).toBe(-1);
  });
});
