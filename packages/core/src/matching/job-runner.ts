import type { CoreContext } from '../context';
import { jobsWithStatus } from './matching.repository';
import { runJob, type JobProgress } from './jobs.service';

export interface JobRunnerLogger {
  info?(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/**
 * Background runner of comparison jobs, one job at a time per process. On start it resumes jobs left
 * 'running' by a previous process (from their stored cursor), then polls for queued jobs. `stop()`
 * returns after the current chunk; the job stays 'running' and resumes on the next start.
 * (One runner per database is assumed: a second process would resume the same 'running' job.)
 */
export class MatchJobRunner {
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private current: Promise<void> | undefined;

  constructor(
    private readonly ctx: CoreContext,
    private readonly opts: {
      pollMs?: number;
      chunkSize?: number;
      logger?: JobRunnerLogger;
      onProgress?: (p: JobProgress) => void;
    } = {},
  ) {}

  start(): void {
    this.stopping = false;
    void this.tick(true);
  }

  /** Runs every runnable job now (tests and the CLI use it to drain the queue). */
  async drain(resume = false): Promise<void> {
    for (;;) {
      const jobs = await jobsWithStatus(this.ctx.db.kysely, resume ? ['running', 'queued'] : ['queued']);
      const next = jobs.find((j) => j.status === 'running') ?? jobs[0];
      if (!next || this.stopping) return;
      const outcome = await runJob(this.ctx, next.id, {
        resume: true,
        chunkSize: this.opts.chunkSize,
        onProgress: this.opts.onProgress,
        shouldStop: () => this.stopping,
      });
      if (outcome === 'failed') this.opts.logger?.error({ jobId: next.id }, 'comparison job failed');
      if (outcome === 'stopped' || outcome === 'not-runnable') return;
      // Later rounds take queued jobs only: a 'running' job now belongs to whoever claimed it.
      resume = false;
    }
  }

  private async tick(first: boolean): Promise<void> {
    if (this.stopping) return;
    this.current = this.drain(first).catch((err: unknown) =>
      this.opts.logger?.error({ err }, 'comparison job runner'),
    );
    await this.current;
    this.current = undefined;
    if (!this.stopping) this.timer = setTimeout(() => void this.tick(false), this.opts.pollMs ?? 2_000);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
