/** Worker side of linkParallel: links one slice of right rows and posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import type { LinkOptions, RuleKeySet } from '../link/link-run';
import { link } from '../link/link-run';

interface WorkerInput {
  left: PeopleTable;
  right: PeopleTable;
  names: NameTable;
  ruleKeys?: RuleKeySet;
  options: Omit<LinkOptions, 'onProgress' | 'ruleKeys'>;
  rightRange: [number, number];
}

const input = workerData as WorkerInput;
const result = link(input.left, input.right, input.names, {
  ...input.options,
  ...(input.ruleKeys ? { ruleKeys: input.ruleKeys } : {}),
  rightRange: input.rightRange,
});
const p = result.pairs;
const transfer = [p.left, p.right, p.rule, p.weight, p.band, p.gamma].map((a) => a.buffer as ArrayBuffer);
parentPort?.postMessage(result, transfer);
