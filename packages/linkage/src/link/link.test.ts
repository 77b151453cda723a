import { beforeAll, describe, expect, it } from 'vitest';
import { NameDictionary } from '../columns/name-dictionary';
import type { NameTable } from '../columns/name-dictionary';
import { encodePeople } from '../columns/people-table';
import type { PeopleTable } from '../columns/people-table';
import { trainModel } from '../score/train';
import type { LinkageModel } from '../score/model';
import { generateReverification } from '../synth/reverification';
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
    const data = generateReverification({ size: { left: 4_000, right: 12_000 }, seed: 7 });
    const dict = new NameDictionary();
    left = encodePeople(data.left, dict);
    right = encodePeople(data.right, dict);
    names = dict.freeze();
    truth = data.truth;
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
