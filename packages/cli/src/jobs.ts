/** `social-affairs jobs list|run`: every line's scheduled jobs, from the manifests (ADR 0010). */
import { jobsOf, type AnyLine, type CoreContext } from '@social-affairs/core';

const AT_START = { true: '[启动时运行] ', background: '[启动后后台运行] ', false: '' } as const;

/** One line per job: name, whether it runs at start-up (before listening or in the background), description. */
export function jobListing(lines: readonly AnyLine[]): string[] {
  return jobsOf(lines).map((j) => `${j.name.padEnd(32)} ${AT_START[`${j.runAtStart}`]}${j.description}`);
}

/** Runs the job `name` once on `core` and answers its result line; unknown names throw with the known ones. */
export async function runJobByName(core: CoreContext, name: string): Promise<string> {
  const all = jobsOf(core.lines);
  const job = all.find((j) => j.name === name);
  if (!job) throw new UnknownJobError(`no job ${name}; known: ${all.map((j) => j.name).join(', ')}`);
  return `${name}: ${JSON.stringify(await job.run(core))}`;
}

export class UnknownJobError extends Error {
  override readonly name = 'UnknownJobError';
}
