import { describe, expect, it } from 'vitest';
import type { BlockingRule } from '../block/rules';
import { computeRuleKeySet, link } from '../link/link-run';
import { trainModel } from '../score/train';
import { encodedReverification } from '../synth/encoded';
import { linkParallel } from './parallel-link';

describe('linkParallel', () => {
  it('produces exactly the single-thread output on two worker threads', async () => {
    const { left, right, names } = encodedReverification({ left: 800, right: 2_000 }, 21);
    const { model } = trainModel(left, right, names, { randomPairs: 20_000 });
    const single = link(left, right, names, { model });
    const parallel = await linkParallel(left, right, names, { model, workers: 2 });
    expect(parallel.pairs.length).toBe(single.pairs.length);
    expect([...parallel.pairs.left]).toEqual([...single.pairs.left]);
    expect([...parallel.pairs.right]).toEqual([...single.pairs.right]);
    expect(parallel.stats.map((s) => s.fingerprint)).toEqual(single.stats.map((s) => s.fingerprint));
  });

  it('shares keys and split block indexes across three workers without changing a pair', async () => {
    const { left, right, names } = encodedReverification({ left: 900, right: 2_400 }, 5);
    const { model } = trainModel(left, right, names, { randomPairs: 20_000 });
    // Coarse rules whose blocks exceed maxBlockPairs and are split (their left rows flagged for later
    // rules' exclusion tests), so the indexes shared between workers carry split state.
    const rules: BlockingRule[] = [
      { id: 'C0', description: 'id', parts: ['idKey'] },
      { id: 'C1', description: 'sex', parts: ['sex'], splitParts: ['birthYear'] },
      { id: 'C2', description: 'prefecture', parts: ['prefecture'], splitParts: ['sex'] },
    ];
    const maxBlockPairs = 20_000;
    const single = link(left, right, names, { model, rules, maxBlockPairs });
    expect(single.stats[1]!.splitBlocks).toBeGreaterThan(0);
    expect(single.stats[2]!.splitBlocks).toBeGreaterThan(0);
    for (const ruleKeys of [undefined, computeRuleKeySet(rules, left, right, names)]) {
      const parallel = await linkParallel(left, right, names, {
        model,
        rules,
        maxBlockPairs,
        workers: 3,
        ...(ruleKeys ? { ruleKeys } : {}),
      });
      expect([...parallel.pairs.left]).toEqual([...single.pairs.left]);
      expect([...parallel.pairs.right]).toEqual([...single.pairs.right]);
      expect([...parallel.pairs.band]).toEqual([...single.pairs.band]);
      expect(parallel.stats).toEqual(single.stats);
    }
  });
});
