/**
 * The scheduled jobs of the platform and of every line: what the scheduler (cli/start.ts) runs on their
 * intervals and `social-affairs jobs list|run` shows and runs.
 */
import { escalateOverdueApprovals } from './approvals/index';
import { scheduledAuditCheckpoint } from './audit/index';
import type { AnyLine, LineJob } from './line';

/** The platform's own scheduled jobs (the shared building blocks'). */
export const platformJobs: readonly LineJob[] = [
  {
    name: 'approvals.escalate-overdue',
    description: '审批逾期提级督办；节假日安排公布后确定暂定期限',
    intervalMinutes: () => 60,
    runAtStart: true,
    run: escalateOverdueApprovals,
  },
  {
    name: 'audit.checkpoint',
    description: '审计日志链头检查点（以服务器密钥签名，追加到检查点文件）',
    intervalMinutes: () => 60,
    runAtStart: true,
    run: scheduledAuditCheckpoint,
  },
  {
    name: 'faces.follow-new-photos',
    description: '为新上传的照片排队提取人脸特征（人脸比对组件未安装时不做任何事）',
    intervalMinutes: () => 2,
    // Not at start: the scheduler awaits start-up runs before the server listens, and this job waits
    // until the photos it queued are embedded — a backlog would hold the start for minutes. The first
    // round runs after the interval, or at once when a face route is used (docs/faces.md).
    runAtStart: false,
    // Loaded on first run: the face module (and the optional packages its worker imports) stays out of
    // processes that never run it.
    run: async (ctx) => (await import('./faces/index')).runFaceFollowJob(ctx),
  },
];

/** Every job of the platform and every line, by name (the scheduler; the CLI's `jobs list`/`jobs run`). */
export function jobsOf(lines: readonly AnyLine[]): LineJob[] {
  const jobs = [...platformJobs, ...lines.flatMap((l) => l.jobs ?? [])];
  const seen = new Set<string>();
  for (const j of jobs) {
    if (seen.has(j.name)) throw new Error(`duplicate job name ${j.name}`);
    seen.add(j.name);
  }
  return jobs;
}
