import { describe, expect, it } from 'vitest';
import { NameDictionary } from '../columns/name-dictionary';
import { encodePeople } from '../columns/people-table';
import { link } from '../link/link-run';
import { trainModel } from '../score/train';
import { generateReverification } from '../synth/reverification';
import { linkParallel } from './parallel-link';

describe('linkParallel', () => {
  it('produces exactly the single-thread output on two worker threads', async () => {
    const data = generateReverification({ size: { left: 800, right: 2_000 }, seed: 21 });
    const dict = new NameDictionary();
    const left = encodePeople(data.left, dict);
    const right = encodePeople(data.right, dict);
    const names = dict.freeze();
    const { model } = trainModel(left, right, names, { randomPairs: 20_000 });
    const single = link(left, right, names, { model });
    const parallel = await linkParallel(left, right, names, { model, workers: 2 });
    expect(parallel.pairs.length).toBe(single.pairs.length);
    expect([...parallel.pairs.left]).toEqual([...single.pairs.left]);
    expect([...parallel.pairs.right]).toEqual([...single.pairs.right]);
    expect(parallel.stats.map((s) => s.fingerprint)).toEqual(single.stats.map((s) => s.fingerprint));
  });
});
