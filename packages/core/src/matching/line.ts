/** The matching line's manifest (数据比对 / 寻亲): what it plugs into the platform (ADR 0010). */
import { importErrorsTodo } from '../imports/index';
import { defineLine } from '../line';
import { MATCHING_AUDIT_ACTIONS, MATCHING_AUDIT_TARGETS } from './audit-catalogue';
import { MatchJobRunner } from './job-runner';
import * as m0003 from './migrations/0003-matching';
import * as m0014 from './migrations/0014-family-search-entries';
import * as m0015 from './migrations/0015-match-follow-ups';
import * as m0026 from './migrations/0026-family-candidates';
import { defaultMatchingConfig, matchingConfig, matchingConfigSchema } from './family-candidates.config';
import { familyCandidatesTodo, refreshFamilyCandidates } from './family-candidates.service';
import { startFamilyIndexLoad } from './family-search-index';
import * as m0029 from './migrations/0029-public-missing-reports';
import { matchingTodos } from './review.service';
import { missingReportAttachmentOwner, syncReportPhotosToFamilySearch } from './report-attachments';
import { seedMatchingDemo } from './matching.demo-seed';

export const matchingLine = defineLine({
  name: 'matching',
  label: '数据比对',
  migrations: {
    '0003-matching': m0003,
    '0014-family-search-entries': m0014,
    '0015-match-follow-ups': m0015,
    '0026-family-candidates': m0026,
    '0029-public-missing-reports': m0029,
  },
  config: { schema: matchingConfigSchema, defaults: defaultMatchingConfig },
  // matching:family-* : the three-way family-search candidates (寻亲候选, ADR 0023), also reviewed by the
  // staff of the lines whose records they pair (a station's own unidentified people, a funeral home's bodies).
  permissions: ['matching:read', 'matching:review', 'matching:family-read', 'matching:family-review'],
  grants: {
    county_reviewer: ['matching:read', 'matching:review', 'matching:family-read', 'matching:family-review'],
    supervisor: ['matching:read', 'matching:family-read'],
    rescue_staff: ['matching:family-read', 'matching:family-review'],
    funeral_staff: ['matching:family-read', 'matching:family-review'],
  },
  // Confirmed pairs awaiting follow-up by the owning line; open pairs to review (home page to-do).
  todos: [
    ...matchingTodos,
    familyCandidatesTodo,
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
  // The family's photo of a missing person (face ranking, docs/faces.md).
  attachmentOwners: [missingReportAttachmentOwner],
  jobs: [
    {
      // The attachment store has no hook: a report's latest photo reaches the feed (photoRef) here.
      name: 'matching.report-photos',
      description: '寻亲报告照片同步到寻亲检索',
      intervalMinutes: () => 2,
      runAtStart: true,
      run: syncReportPhotosToFamilySearch,
    },
    {
      // Follows the family-search feed: candidates for new or changed records, withdrawals for removed ones.
      // At start in the background: after a bulk change (a migration filling the feed) the catch-up is one
      // search per record, too long to hold up the server's listening (ADR 0040).
      name: 'matching.family-candidates',
      description: '刷新寻亲候选（三方比对）',
      intervalMinutes: (ctx) => matchingConfig(ctx).familyCandidateRefreshMinutes,
      runAtStart: 'background',
      run: refreshFamilyCandidates,
    },
  ],
  workers: [
    {
      // The family-search index, loaded in the background as the server starts (ADR 0040).
      name: 'matching.family-index',
      start: (ctx, logger) =>
        matchingConfig(ctx).familySearchIndexAtStart
          ? startFamilyIndexLoad(ctx, logger)
          : { stop: () => Promise.resolve() },
    },
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
