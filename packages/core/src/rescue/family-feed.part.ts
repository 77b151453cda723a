/**
 * The rescue line's part for publishing its unidentified people to the family-search feed (寻亲, issue 16
 * item 1; ADR 0019, 0023): the demo backfill and a job that keeps the feed in line with the cases (a
 * safety net for changes made outside the hooked services). Edited only by that concern; merged by line.ts.
 */
import { backfillCasesToFamilySearch } from './family-feed';
import { seedFamilySearchDemo } from './family-search.demo-seed';
import type { RescuePart } from './line-part';

export const familyFeedPart: RescuePart = {
  auditActions: { 'rescue.family-feed.sync': '身份不明受助人员寻亲信息补登或撤下' },
  jobs: [
    {
      name: 'rescue.family-feed-sync',
      description: '身份不明受助人员与寻亲检索同步（补登、撤下）',
      intervalMinutes: () => 60,
      runAtStart: true,
      run: async (ctx) => backfillCasesToFamilySearch(ctx),
    },
  ],
  // The demo cases join the family search; then the demo's 寻亲公告 and, with the matching line, families'
  // reports describing some of them and the stored candidates (family-search.demo-seed.ts). Idempotent.
  seedDemo: async (ctx) => {
    await backfillCasesToFamilySearch(ctx);
    await seedFamilySearchDemo(ctx);
  },
};
