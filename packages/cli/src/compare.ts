/** `social-affairs compare` and `social-affairs bench linkage`: comparison jobs from the command line. */
import { systemActor, type CoreContext } from '@social-affairs/core';
import { createJob, getJob, importRollFile, runJob, type RollSpec } from '@social-affairs/core/matching';
import { InvalidArgumentError } from 'commander';
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';

/** `people`, `people:<division>`, `people:<division>:<alive|deceased>`, `records:<source>[:<division>]`. */
export function parseRoll(text: string): RollSpec {
  const [kind, a, b] = text.split(':');
  if (kind === 'people') {
    if (b && b !== 'alive' && b !== 'deceased')
      throw new InvalidArgumentError('people status must be alive or deceased');
    return {
      kind: 'people',
      ...(a ? { division: a } : {}),
      ...(b ? { status: b as 'alive' | 'deceased' } : {}),
    };
  }
  if (kind === 'records' && a) return { kind: 'records', source: a, ...(b ? { division: b } : {}) };
  throw new InvalidArgumentError('expected people[:division[:status]] or records:<source>[:division]');
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export interface CompareOptions {
  job: string;
  left: RollSpec;
  right: RollSpec;
  name?: string;
  division: string;
  import?: string;
  source?: string;
  resume?: string;
  chunkSize: number;
}

export async function compare(
  core: CoreContext,
  o: CompareOptions,
  out: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  if (o.job !== 'reverification' && o.job !== 'backfill')
    throw new InvalidArgumentError('--job must be reverification or backfill');
  const actor = systemActor('cli', o.division);
  if (o.import) {
    if (!o.source) throw new InvalidArgumentError('--import needs --source <name of the roll>');
    // Through the platform's import pipeline: CSV (RFC 4180) or .xlsx, streamed, per-row report.
    const r = await importRollFile(core, actor, {
      source: o.source,
      file: { path: o.import },
      fileName: basename(o.import),
    });
    out.write(
      `${r.repeated ? 'already imported: ' : ''}${fmt(r.rowsApplied)} records into roll “${o.source}”` +
        ` (${fmt(r.rowsUnchanged)} unchanged, ${fmt(r.rowsRefused)} refused)\n`,
    );
    for (const i of r.issues.filter((x) => x.severity === 'error').slice(0, 20))
      out.write(`  row ${i.rowNo}${i.header ? ` ${i.header}` : ''}: ${i.reason}\n`);
  }
  const jobId =
    o.resume ??
    (
      await createJob(core, actor, {
        name: o.name ?? `CLI ${o.job} ${new Date().toISOString().slice(0, 16)}`,
        ruleSet: o.job,
        left: o.left,
        right: o.right,
      })
    ).id;
  const started = Date.now();
  let last = 0;
  const outcome = await runJob(core, jobId, {
    resume: Boolean(o.resume),
    chunkSize: o.chunkSize,
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 200 && p.processed < p.total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? p.processed / seconds : 0;
      const eta = rate > 0 ? (p.total - p.processed) / rate : 0;
      const pct = p.total ? (100 * p.processed) / p.total : 100;
      out.write(
        `\r[${p.rule.padEnd(5)}] ${fmt(p.processed)}/${fmt(p.total)} (${pct.toFixed(1)}%)  ${fmt(rate)} records/s  ETA ${eta.toFixed(0)} s  pairs ${fmt(p.pairsFound)}   `,
      );
    },
  });
  out.write('\n');
  const job = await getJob(core, actor, jobId);
  const rules = await core.db.kysely
    .selectFrom('matchPairs')
    .select(['rule', 'band', (eb) => eb.fn.countAll<number>().as('n')])
    .where('jobId', '=', jobId)
    .groupBy(['rule', 'band'])
    .orderBy('rule')
    .execute();
  const byRule = new Map<string, { ft: number; rv: number }>();
  for (const r of rules) {
    const e = byRule.get(r.rule) ?? { ft: 0, rv: 0 };
    if (r.band === 'fast-track') e.ft += Number(r.n);
    else e.rv += Number(r.n);
    byRule.set(r.rule, e);
  }
  const seconds = (Date.now() - started) / 1000;
  const lines = [
    `job        ${job.id} (${job.name})`,
    `outcome    ${outcome}${job.error ? `: ${job.error}` : ''}`,
    `rolls      left ${fmt(job.leftCount)} × right ${fmt(job.rightCount)}   rules ${job.ruleSet}`,
    `time       ${seconds.toFixed(1)} s   (${fmt(job.rightCount / Math.max(seconds, 0.001))} right records/s)`,
    '',
    'rule    fast-track    review     total',
    ...[...byRule].map(
      ([rule, e]) =>
        `${rule.padEnd(6)}${fmt(e.ft).padStart(12)}${fmt(e.rv).padStart(10)}${fmt(e.ft + e.rv).padStart(10)}`,
    ),
    `${'all'.padEnd(6)}${fmt(job.bands.fastTrack).padStart(12)}${fmt(job.bands.review).padStart(10)}${fmt(job.pairsFound).padStart(10)}`,
  ];
  console.log(lines.join('\n'));
  return outcome === 'completed' ? 0 : 1;
}

/** Runs the linkage benchmark scripts (bench/linkage, see docs/linkage.md) from the repository root. */
export function benchLinkage(o: {
  size: string;
  runs?: number;
  family: boolean;
  reverification: boolean;
}): Promise<number> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const scripts = [
    ...(o.reverification ? ['bench/linkage/reverification.bench.ts'] : []),
    ...(o.family ? ['bench/linkage/family-search.bench.ts'] : []),
  ];
  return scripts.reduce<Promise<number>>(
    (prev, script) =>
      prev.then(
        (code) =>
          new Promise<number>((resolve) => {
            if (code !== 0) return resolve(code);
            const args = [
              '--import',
              'tsx',
              script,
              '--size',
              o.size,
              ...(o.runs ? ['--runs', String(o.runs)] : []),
            ];
            console.error(`$ node ${args.join(' ')}`);
            spawn(process.execPath, args, { cwd: root, stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1));
          }),
      ),
    Promise.resolve(0),
  );
}
