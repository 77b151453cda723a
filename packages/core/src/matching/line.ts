/** The matching line's manifest (数据比对 / 寻亲): what it plugs into the platform (ADR 0010). */
import { defineLine } from '../line';
import { MatchJobRunner } from './job-runner';
import * as m0003 from './migrations/0003-matching';

export const matchingLine = defineLine({
  name: 'matching',
  label: '数据比对',
  migrations: { '0003-matching': m0003 },
  permissions: ['matching:read', 'matching:review'],
  grants: {
    county_reviewer: ['matching:read', 'matching:review'],
    supervisor: ['matching:read'],
  },
  workers: [
    {
      // Comparison jobs left 'running' by a previous process resume from their stored cursor.
      name: 'matching.job-runner',
      start: (ctx, logger) => {
        const runner = new MatchJobRunner(ctx, { logger });
        runner.start();
        return { stop: () => runner.stop() };
      },
    },
  ],
});
