/** The matching line's manifest (数据比对 / 寻亲): what it plugs into the platform (ADR 0010). */
import { importErrorsTodo } from '../imports/index';
import { defineLine } from '../line';
import { MATCHING_AUDIT_ACTIONS, MATCHING_AUDIT_TARGETS } from './audit-catalogue';
import { MatchJobRunner } from './job-runner';
import * as m0003 from './migrations/0003-matching';
import * as m0014 from './migrations/0014-family-search-entries';
import * as m0015 from './migrations/0015-match-follow-ups';
import { matchingTodos } from './review.service';
import { seedMatchingDemo } from './matching.demo-seed';

export const matchingLine = defineLine({
  name: 'matching',
  label: '数据比对',
  migrations: {
    '0003-matching': m0003,
    '0014-family-search-entries': m0014,
    '0015-match-follow-ups': m0015,
  },
  permissions: ['matching:read', 'matching:review'],
  grants: {
    county_reviewer: ['matching:read', 'matching:review'],
    supervisor: ['matching:read'],
  },
  // Confirmed pairs awaiting follow-up by the owning line; open pairs to review (home page to-do).
  todos: [
    ...matchingTodos,
    importErrorsTodo({
      line: 'matching',
      kindPrefix: 'matching.roll:',
      permission: 'matching:review',
      title: '比对名单导入有错误行或失败',
      link: '/matching',
    }),
  ],
  // Demo rolls, comparison jobs with pairs in both bands, missing-person reports (after the demo people).
  seedDemo: async (ctx) => {
    await seedMatchingDemo(ctx);
  },
  auditActions: MATCHING_AUDIT_ACTIONS,
  auditTargets: MATCHING_AUDIT_TARGETS,
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
