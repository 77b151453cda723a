/**
 * Multi-core link: the right side is cut into one contiguous slice per worker thread; tables, rule
 * keys and block indexes live on SharedArrayBuffers so workers read them without copies. Results are
 * merged rule by rule in slice order, which reproduces the single-thread output order exactly.
 */
import { Worker } from 'node:worker_threads';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import type { BlockIndexData } from '../block/block-index';
import { REVERIFICATION_RULES } from '../block/rules';
import {
  DEFAULT_MAX_BLOCK_PAIRS,
  type LinkedPairs,
  type LinkOptions,
  type LinkResult,
  type RuleKeySet,
} from '../link/link-run';
import type { WorkerInput, WorkerReply, WorkerRequest } from './link-worker';
import { FIELDS } from '../compare/comparators';
import { applyOneToOne } from '../link/one-to-one';

function share<T extends ArrayBufferView>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(array.byteLength));
  new Uint8Array(out.buffer).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return out;
}

function shareObject<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (ArrayBuffer.isView(v)) out[key] = share(v);
    else if (v !== null && typeof v === 'object') out[key] = shareObject(v as object);
    else out[key] = v;
  }
  return out as T;
}

export interface ParallelLinkOptions extends Omit<
  LinkOptions,
  'rightRange' | 'resumeFrom' | 'onProgress' | 'blockIndexes'
> {
  /** Worker threads (default 2). */
  workers?: number;
}

/** Slice bounds of n rows over `parts` workers. */
function slices(n: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, i) => Math.round((n * i) / parts));
}

/**
 * Links on worker threads, each taking a contiguous slice of the right rows. The work that every
 * slice needs is done once and shared: rule keys (each worker computes its slices of both sides),
 * then block indexes (rule k built by worker k mod n, sized against the whole right side), then each
 * worker links its slice against all of them.
 */
export async function linkParallel(
  left: PeopleTable,
  right: PeopleTable,
  names: NameTable,
  options: ParallelLinkOptions,
): Promise<LinkResult> {
  const workers = Math.max(1, options.workers ?? 2);
  const rules = options.rules ?? REVERIFICATION_RULES;
  const sharedLeft = shareObject(left);
  const sharedRight = shareObject(right);
  const sharedNames = shareObject(names);
  const keysGiven = options.ruleKeys !== undefined;
  const sharedKeys = (size: number) => new Float64Array(new SharedArrayBuffer(size * 8));
  const ruleKeys: RuleKeySet = options.ruleKeys
    ? { left: options.ruleKeys.left.map(share), right: options.ruleKeys.right.map(share) }
    : { left: rules.map(() => sharedKeys(left.size)), right: rules.map(() => sharedKeys(right.size)) };
  const { workers: _w, ruleKeys: _k, ...rest } = options;
  const leftBounds = slices(left.size, workers);
  const rightBounds = slices(right.size, workers);
  const threads = Array.from({ length: workers }, (_, w) => {
    const input: WorkerInput = {
      left: sharedLeft,
      right: sharedRight,
      names: sharedNames,
      ruleKeys,
      // The one-to-one test runs once, on the merged result (below).
      options: {
        ...rest,
        rules,
        maxBlockPairs: options.maxBlockPairs ?? DEFAULT_MAX_BLOCK_PAIRS,
        oneToOne: false,
      },
      leftRange: [leftBounds[w]!, leftBounds[w + 1]!],
      rightRange: [rightBounds[w]!, rightBounds[w + 1]!],
    };
    return new Worker(new URL('./link-worker.mjs', import.meta.url), { workerData: input });
  });
  const ask = <S extends WorkerReply['step']>(
    worker: Worker,
    request: WorkerRequest & { step: S },
  ): Promise<Extract<WorkerReply, { step: S }>> =>
    new Promise((resolve, reject) => {
      const onError = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)));
      worker.once('error', onError);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', onError);
        resolve(reply as Extract<WorkerReply, { step: S }>);
      });
      worker.postMessage(request);
    });
  try {
    if (!keysGiven) await Promise.all(threads.map((t) => ask(t, { step: 'keys' })));
    const built = await Promise.all(
      threads.map((t, w) =>
        ask(t, { step: 'build', rules: rules.map((_, k) => k).filter((k) => k % workers === w) }),
      ),
    );
    const indexes: BlockIndexData[] = [];
    for (const reply of built) for (const { rule, data } of reply.indexes) indexes[rule] = data;
    const linked = await Promise.all(threads.map((t) => ask(t, { step: 'link', indexes })));
    const merged = mergeResults(linked.map((reply) => reply.result));
    // The one-to-one test needs every right row's pairs: after the merge (ADR 0035).
    if (options.oneToOne !== false)
      merged.pairs = applyOneToOne(merged.pairs, merged.stats, left.size, right.size, options.thresholds);
    return merged;
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

/** Concatenates slice results rule by rule (slice order within a rule). */
export function mergeResults(results: readonly LinkResult[]): LinkResult {
  const first = results[0]!;
  const total = results.reduce((n, r) => n + r.pairs.length, 0);
  const g = FIELDS.length;
  const pairs: LinkedPairs = {
    length: total,
    left: new Int32Array(total),
    right: new Int32Array(total),
    rule: new Uint8Array(total),
    weight: new Float32Array(total),
    band: new Uint8Array(total),
    gamma: new Uint8Array(total * g),
  };
  // Each slice's pairs are already ordered by rule; find per-rule ranges.
  let out = 0;
  for (let k = 0; k < first.rules.length; k++) {
    for (const r of results) {
      const p = r.pairs;
      for (let i = 0; i < p.length; i++) {
        if (p.rule[i] !== k) continue;
        pairs.left[out] = p.left[i]!;
        pairs.right[out] = p.right[i]!;
        pairs.rule[out] = k;
        pairs.weight[out] = p.weight[i]!;
        pairs.band[out] = p.band[i]!;
        pairs.gamma.set(p.gamma.subarray(i * g, i * g + g), out * g);
        out++;
      }
    }
  }
  return {
    rules: first.rules,
    stats: first.stats.map((s, k) => ({
      ...s,
      blockPairs: results.reduce((n, r) => n + r.stats[k]!.blockPairs, 0),
      candidates: results.reduce((n, r) => n + r.stats[k]!.candidates, 0),
      fastTrack: results.reduce((n, r) => n + r.stats[k]!.fastTrack, 0),
      review: results.reduce((n, r) => n + r.stats[k]!.review, 0),
      fingerprint: {
        count: results.reduce((n, r) => n + r.stats[k]!.fingerprint.count, 0),
        sum1: results.reduce((n, r) => (n + r.stats[k]!.fingerprint.sum1) >>> 0, 0),
        sum2: results.reduce((n, r) => (n + r.stats[k]!.fingerprint.sum2) >>> 0, 0),
      },
    })),
    pairs,
    cursor: { rule: first.rules.length, right: 0 },
    done: results.every((r) => r.done),
  };
}
