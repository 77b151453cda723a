/** Back-filled rows awaiting a match (补录待匹配): list and Excel export. */
import { ledgerXlsxStream } from '@social-affairs/core';
import {
  listAwaitingMatches,
  exportAwaitingMatches,
  type AwaitingMatchView,
} from '@social-affairs/core/marriage';
import { awaitingMatchesQuery, awaitingMatchView, pageOf, pageQuery } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access';
import { sendXlsx } from '../../xlsx-reply';
import { tags, errors, STATUS_LABEL, KIND_LABEL, CROSS_BORDER_LABEL } from './shared';

export const awaitingMatchesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/marriage/awaiting-matches',
    {
      config: { access: 'marriage:read', personalData: 'list' },
      schema: {
        tags,
        summary: '补录待匹配：各批次中无身份证号、待确认人员的行（身份证号脱敏，含比对建议）',
        querystring: awaitingMatchesQuery.extend(pageQuery.shape),
        response: { 200: pageOf(awaitingMatchView), ...errors },
      },
    },
    async (req) => listAwaitingMatches(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/marriage/awaiting-matches/export',
    {
      config: { access: 'marriage:read', personalData: 'list' },
      schema: {
        tags,
        summary: '导出补录待匹配 Excel（与列表相同的筛选和脱敏）',
        querystring: awaitingMatchesQuery,
      },
    },
    async (req, reply) => {
      const rows = await exportAwaitingMatches(app.core, actorOf(req), req.query);
      const party = (p: AwaitingMatchView['husband']) =>
        p.residentIdMasked ?? (p.birthDate ? `无身份证号（出生 ${p.birthDate}）` : '无身份证号');
      const stream = ledgerXlsxStream<AwaitingMatchView>(
        '补录待匹配',
        [
          { header: '导入文件', value: (r) => r.fileName, width: 24 },
          { header: '行号', value: (r) => r.rowNo, width: 6 },
          { header: '登记日期', value: (r) => r.registeredOn },
          { header: '登记机关', value: (r) => r.registryName, width: 28 },
          { header: '证书字号', value: (r) => r.certificateNo, width: 22 },
          { header: '男方', value: (r) => r.husband.name },
          { header: '男方身份证号（脱敏）', value: (r) => party(r.husband), width: 26 },
          { header: '女方', value: (r) => r.wife.name },
          { header: '女方身份证号（脱敏）', value: (r) => party(r.wife), width: 26 },
          { header: '类别', value: (r) => KIND_LABEL[r.kind] },
          { header: '涉外情况', value: (r) => CROSS_BORDER_LABEL[r.crossBorder] },
          { header: '婚姻状态', value: (r) => STATUS_LABEL[r.status] },
          { header: '终止日期', value: (r) => r.endedOn },
        ],
        rows,
      );
      return sendXlsx(reply, '补录待匹配.xlsx', stream);
    },
  );
};
