/** The scheduler's start-up runs: before the server listens (`true`) or beside it (`'background'`). */
import { defineLine, openCore, type CoreContext, type LineJob } from '@social-affairs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleJobs } from './start';

/** A job whose start-up round runs until `release()`; `ran` counts the rounds that finished. */
function gatedJob(name: string, runAtStart: LineJob['runAtStart']) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { started: 0, ran: 0 };
  const job: LineJob = {
    name,
    description: '测试任务',
    intervalMinutes: () => 60,
    runAtStart,
    run: async () => {
      state.started++;
      await gate;
      state.ran++;
      return {};
    },
  };
  return { job, state, release: () => release() };
}

describe('scheduleJobs', () => {
  let core: CoreContext | undefined;
  afterEach(async () => {
    await core?.db.close();
    core = undefined;
  });

  async function coreWith(jobs: LineJob[]) {
    const line = defineLine({
      name: 'jobtest',
      label: '测试',
      migrations: {},
      permissions: [],
      grants: {},
      jobs,
    });
    core = await openCore({ databaseUrl: 'sqlite::memory:', lines: [line] });
    return core;
  }

  it("returns without waiting for a 'background' start-up round, and stop() waits for it", async () => {
    const background = gatedJob('jobtest.background', 'background');
    const c = await coreWith([background.job]);
    const jobs = await scheduleJobs(c, { error: () => {} });
    expect(background.state).toEqual({ started: 1, ran: 0 });
    const stopping = jobs.stop();
    background.release();
    await stopping;
    expect(background.state).toEqual({ started: 1, ran: 1 });
  });

  it('waits for a start-up round marked true before it returns', async () => {
    const before = gatedJob('jobtest.before', true);
    const c = await coreWith([before.job]);
    const scheduling = scheduleJobs(c, { error: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(before.state).toEqual({ started: 1, ran: 0 });
    before.release();
    const jobs = await scheduling;
    expect(before.state.ran).toBe(1);
    await jobs.stop();
  });

  it('stop() waits for a round still running no longer than its bound', async () => {
    const stuck = gatedJob('jobtest.stuck', 'background');
    const c = await coreWith([stuck.job]);
    const jobs = await scheduleJobs(c, { error: () => {} }, 50);
    const started = performance.now();
    await jobs.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
    expect(stuck.state.ran).toBe(0);
    stuck.release();
  });
});
