/**
 * 寻亲候选 (ADR 0023): the stored three-way family-search candidates — the review tab's list and Excel
 * export, one candidate with both records side by side, claim, release, decision, and a refresh of one
 * record's candidates. A candidate is visible when one side is in the user's scope.
 */
import {
  claimFamilyCandidate,
  decideFamilyCandidate,
  exportFamilyCandidates,
  getFamilyCandidate,
  listFamilyCandidates,
  refreshCandidatesFor,
  releaseFamilyCandidate,
  type FamilyCandidateSide,
} from '@social-affairs/core/matching';
import {
  FAMILY_CANDIDATE_BAND_LABELS,
  FAMILY_CANDIDATE_CHANNEL_LABELS,
  FAMILY_CANDIDATE_STATUS_LABELS,
  familyCandidateDecideBody,
  familyCandidateFilter,
  familyCandidateRefreshBody,
  familyCandidateRefreshResponse,
  familyCandidateView,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { errors, idParam, tags } from './shared';

const KIND_LABEL = {
  'missing-report': '寻亲登记',
  'unidentified-living': '受助人员',
  'unidentified-deceased': '无名遗体',
} as const;

function sideText(s: FamilyCandidateSide): string {
  const r = s.record;
  if (!r) return `${KIND_LABEL[s.kind]}（记录已不存在）`;
  return [KIND_LABEL[s.kind], r.reference, r.name ?? '（无名）', r.placeName].filter(Boolean).join(' ');
}

export const familyCandidatesRoutes: FastifyPluginAsyncZod = async (app) => {
  ledgerRoutes(app, {
    path: '/api/matching/family-candidates',
    access: 'matching:family-read',
    personalData: 'list',
    tags,
    listSummary:
      '寻亲候选：按记录、类别、来源、状态、区划筛选，分页（任一方在本辖区即可见；对方记录最小化显示）',
    exportSummary: '导出寻亲候选 Excel（与列表相同的筛选）',
    filter: familyCandidateFilter,
    filterLabels: { entryId: '寻亲记录', kind: '类别', channel: '来源', mine: '只看我领取的' },
    filterValues: {
      kind: KIND_LABEL,
      channel: FAMILY_CANDIDATE_CHANNEL_LABELS,
      status: FAMILY_CANDIDATE_STATUS_LABELS,
    },
    view: familyCandidateView,
    list: listFamilyCandidates,
    exportRows: exportFamilyCandidates,
    sheet: '寻亲候选',
    columns: [
      { header: '记录一', value: (c) => sideText(c.left), width: 36 },
      { header: '记录二', value: (c) => sideText(c.right), width: 36 },
      { header: '来源', value: (c) => FAMILY_CANDIDATE_CHANNEL_LABELS[c.channel], width: 10 },
      { header: '分档', value: (c) => FAMILY_CANDIDATE_BAND_LABELS[c.band], width: 10 },
      { header: '得分', value: (c) => c.score, width: 8 },
      { header: '核查状态', value: (c) => FAMILY_CANDIDATE_STATUS_LABELS[c.status], width: 10 },
      { header: '核查人', value: (c) => c.decidedBy ?? c.claimedBy },
      { header: '核查意见', value: (c) => c.reason, width: 30 },
    ],
    fileName: '寻亲候选.xlsx',
  });
  app.post(
    '/api/matching/family-candidates/refresh',
    {
      config: { access: 'matching:family-review', personalData: false },
      schema: {
        tags,
        summary: '立即为一条寻亲记录重新比对候选（三方检索，结果存入候选列表）',
        body: familyCandidateRefreshBody,
        response: { 200: familyCandidateRefreshResponse, ...errors },
      },
    },
    async (req) => refreshCandidatesFor(app.core, actorOf(req), req.body.entryId),
  );
  app.get(
    '/api/matching/family-candidates/:id',
    {
      config: { access: 'matching:family-read', personalData: 'record' },
      schema: {
        tags,
        summary: '寻亲候选详情：两条记录并排及比对说明（记入审计日志）',
        params: idParam,
        response: { 200: familyCandidateView, ...errors },
      },
    },
    async (req) => getFamilyCandidate(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/family-candidates/:id/claim',
    {
      config: { access: 'matching:family-review', personalData: false },
      schema: {
        tags,
        summary: '领取寻亲候选核查（两人同时领取只有一人成功）',
        params: idParam,
        response: { 200: familyCandidateView, ...errors },
      },
    },
    async (req) => claimFamilyCandidate(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/family-candidates/:id/release',
    {
      config: { access: 'matching:family-review', personalData: false },
      schema: {
        tags,
        summary: '退回寻亲候选',
        params: idParam,
        response: { 200: familyCandidateView, ...errors },
      },
    },
    async (req) => releaseFamilyCandidate(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/matching/family-candidates/:id/decide',
    {
      config: { access: 'matching:family-review', personalData: 'record' },
      schema: {
        tags,
        summary:
          '寻亲候选核查结论：确认 / 排除 / 存疑（须填写意见；确认后通知所属业务办理团聚，不自动变更任何记录）',
        params: idParam,
        body: familyCandidateDecideBody,
        response: { 200: familyCandidateView, ...errors },
      },
    },
    async (req) => decideFamilyCandidate(app.core, actorOf(req), req.params.id, req.body),
  );
};
