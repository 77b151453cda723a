/**
 * The deaths concern of the funeral line (issue 17 items 3–4, ADR 0028): death certificates into the
 * people index, revocations handled, unidentified and unclaimed bodies, the family search. What it adds
 * to the manifest (line-part.ts).
 */
import { scopeFilterFor } from '../access/index';
import { subscriber } from '../line';
import { listUnidentifiedCases, openFlagCount } from './deaths.repository';
import { seedDeathsDemo } from './deaths.demo-seed';
import {
  FUNERAL_DEATH_REVOKED_SUBSCRIBER,
  FUNERAL_FAMILY_MATCH_SUBSCRIBER,
  FUNERAL_PERSON_MERGED_SUBSCRIBER,
  FUNERAL_PERSON_UNMERGED_SUBSCRIBER,
  onFuneralDeathRevoked,
  onFuneralFamilyMatchConfirmed,
  onFuneralPersonMerged,
  onFuneralPersonUnmerged,
} from './deaths.subscribers';
import type { FuneralPart } from './line-part';
import * as m0035 from './migrations/0035-funeral-deaths';
import { backfillFuneralFamilySearch } from './unidentified.service';

export const deathsPart: FuneralPart = {
  migrations: { '0035-funeral-deaths': m0035 },
  subscribers: [
    subscriber({
      name: FUNERAL_DEATH_REVOKED_SUBSCRIBER,
      event: 'person.death-revoked',
      handle: onFuneralDeathRevoked,
    }),
    subscriber({
      name: FUNERAL_PERSON_MERGED_SUBSCRIBER,
      event: 'person.merged',
      handle: onFuneralPersonMerged,
    }),
    subscriber({
      name: FUNERAL_PERSON_UNMERGED_SUBSCRIBER,
      event: 'person.unmerged',
      handle: onFuneralPersonUnmerged,
    }),
    subscriber({
      name: FUNERAL_FAMILY_MATCH_SUBSCRIBER,
      event: 'family.match-confirmed',
      handle: onFuneralFamilyMatchConfirmed,
    }),
  ],
  jobs: [
    {
      name: 'funeral.family-feed-sync',
      description: '无名遗体与寻亲检索同步（补登、撤下）',
      intervalMinutes: () => 60,
      runAtStart: true,
      run: async (ctx) => backfillFuneralFamilySearch(ctx),
    },
  ],
  todos: [
    {
      name: 'funeral.case-flags',
      permission: 'funeral:write',
      async load(ctx, actor) {
        const n = await openFlagCount(ctx.db.kysely, scopeFilterFor(actor));
        return n
          ? [
              {
                line: 'funeral',
                kind: 'funeral.case-flags',
                title: '遗体档案待复核事项（死亡登记撤销、家属认领、费用承担）',
                count: n,
                link: '/funeral/deaths',
              },
            ]
          : [];
      },
    },
    {
      name: 'funeral.unidentified-notices',
      permission: 'funeral:write',
      async load(ctx, actor) {
        // Bodies in custody whose claim notice is not started yet (after the police confirmation).
        const { total } = await listUnidentifiedCases(
          ctx.db.kysely,
          { scope: scopeFilterFor(actor), state: 'open', notice: 'not_started', today: '' },
          { limit: 1, offset: 0 },
        );
        return total
          ? [
              {
                line: 'funeral',
                kind: 'funeral.unidentified-notices',
                title: '无名或无人认领遗体待发布认领公告',
                count: total,
                link: '/funeral/unidentified',
              },
            ]
          : [];
      },
    },
  ],
  auditActions: {
    'funeral.death-certificate.record': '登记居民死亡医学证明（死亡信息推送人员库）',
    'funeral.deaths.read': '查看遗体身份与认领信息',
    'funeral.deaths.list': '查询死亡登记台账',
    'funeral.deaths.export': '导出死亡登记台账',
    'funeral.case-flag.resolve': '处理遗体档案待复核事项',
    'funeral.case.death-revoked': '死亡登记撤销，遗体档案死亡医学证明作废待复核',
    'funeral.case.family-claim': '寻亲候选确认，遗体档案待家属认领',
    'funeral.person-merge.repoint': '人员合并：遗体档案随保留记录迁移',
    'funeral.person-unmerge.repoint-back': '撤销人员合并：遗体档案迁回',
    'funeral.unidentified.police-confirm': '登记公安机关确认（无名或无人认领遗体）',
    'funeral.unidentified.notice-start': '发布遗体认领公告',
    'funeral.unidentified.mark-unclaimed': '登记无人认领遗体',
    'funeral.unidentified.describe': '登记无名遗体体貌特征（寻亲）',
    'funeral.unidentified.list': '查询无名遗体工作清单',
    'funeral.unidentified.export': '导出无名遗体工作清单',
    'funeral.family-feed.sync': '无名遗体寻亲信息补登或撤下',
  },
  seedDemo: seedDeathsDemo,
};
