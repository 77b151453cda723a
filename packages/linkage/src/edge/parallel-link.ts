/**
 * Multi-core link: the right side is cut into one contiguous slice per worker thread; tables and rule
 * keys live on SharedArrayBuffers so workers read them without copies. Results are merged rule by
 * rule in slice order, which reproduces the single-thread output order exactly.
 */
import { Worker } from 'node:worker_threads';
import type { NameTable } from '../columns/name-dictionary';
import type { PeopleTable } from '../columns/people-table';
import type { LinkedPairs, LinkOptions, LinkResult, RuleKeySet } from '../link/link-run';
import { REVERIFICATION_RULES } from '../block/rules';
import { FIELDS } from '../compare/comparators';

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

export interface ParallelLinkOptions extends Omit<LinkOptions, 'rightRange' | 'resumeFrom' | 'onProgress'> {
  /** Worker threads (default 2). */
  workers?: number;
}

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
  // Without precomputed keys every worker computes the left keys and its own right slice's keys.
  const ruleKeys: RuleKeySet | undefined = options.ruleKeys
    ? { left: options.ruleKeys.left.map(share), right: options.ruleKeys.right.map(share) }
    : undefined;
  const { workers: _w, ruleKeys: _k, ...rest } = options;
  const bounds = Array.from({ length: workers + 1 }, (_, i) => Math.round((right.size * i) / workers));
  const results = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const worker = new Worker(new URL('./link-worker.mjs', import.meta.url), {
        workerData: {
          left: sharedLeft,
          right: sharedRight,
          names: sharedNames,
          ruleKeys,
          options: { ...rest, rules },
          rightRange: [bounds[w], bounds[w + 1]],
        },
      });
      return new Promise<LinkResult>((resolve, reject) => {
        worker.once('message', (message: LinkResult) => {
          resolve(message);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  return mergeResults(results);
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
