/**
 * Worker side of linkParallel, in three steps the parent paces with messages:
 *   1. 'keys'  — compute every rule's composite keys for this worker's slices of both sides;
 *   2. 'build' — build the block indexes of the rules given (sized against the whole right side);
 *   3. 'link'  — link this worker's slice of right rows with every rule's shared index.
 * Keys and indexes live on SharedArrayBuffers, so each is computed once for all workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BlockIndex, sharedArrays, type BlockIndexData } from '../block/block-index';
import { computeRuleKeys, type PartColumns } from '../block/rules';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import type { LinkOptions, RuleKeySet } from '../link/link-run';
import { link } from '../link/link-run';

export interface WorkerInput {
  left: PeopleTable;
  right: PeopleTable;
  names: NameTable;
  ruleKeys: RuleKeySet;
  options: Omit<LinkOptions, 'onProgress' | 'ruleKeys' | 'blockIndexes'> & { maxBlockPairs: number };
  leftRange: [number, number];
  rightRange: [number, number];
}

export type WorkerRequest =
  { step: 'keys' } | { step: 'build'; rules: number[] } | { step: 'link'; indexes: BlockIndexData[] };

export type WorkerReply =
  | { step: 'keys' }
  | { step: 'build'; indexes: { rule: number; data: BlockIndexData }[] }
  | { step: 'link'; result: ReturnType<typeof link> };

const input = workerData as WorkerInput;
const rules = input.options.rules ?? [];
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  if (request.step === 'keys') {
    const leftParts: PartColumns = new Map();
    const rightParts: PartColumns = new Map();
    const [l0, l1] = input.leftRange;
    const [r0, r1] = input.rightRange;
    rules.forEach((rule, k) => {
      computeRuleKeys(rule, input.left, input.names, input.ruleKeys.left[k]!, leftParts, l0, l1);
      computeRuleKeys(rule, input.right, input.names, input.ruleKeys.right[k]!, rightParts, r0, r1);
    });
    port.postMessage({ step: 'keys' } satisfies WorkerReply);
  } else if (request.step === 'build') {
    const indexes = request.rules.map((k) => {
      const index = new BlockIndex(input.ruleKeys.left[k]!, sharedArrays);
      if (index.mayExceed(input.right.size, input.options.maxBlockPairs))
        index.countRight(input.ruleKeys.right[k]!, input.options.maxBlockPairs, true, sharedArrays);
      return { rule: k, data: index.data() };
    });
    port.postMessage({ step: 'build', indexes } satisfies WorkerReply);
  } else {
    const result = link(input.left, input.right, input.names, {
      ...input.options,
      ruleKeys: input.ruleKeys,
      blockIndexes: request.indexes.map((d) => BlockIndex.fromData(d)),
      rightRange: input.rightRange,
    });
    const p = result.pairs;
    const transfer = [p.left, p.right, p.rule, p.weight, p.band, p.gamma].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ step: 'link', result } satisfies WorkerReply, transfer);
  }
});
