/** Back-filled rows awaiting a match (补录待匹配): list and Excel export. */
import {
  listAwaitingMatches,
  exportAwaitingMatches,
  type AwaitingMatchView,
} from '@social-affairs/core/marriage';
import {
  AWAITING_SORT_LABELS,
  awaitingMatchesQuery,
  awaitingMatchView,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ledgerRoutes } from '../../ledger-routes';
import { tags, STATUS_LABEL, KIND_LABEL, CROSS_BORDER_LABEL } from './shared';

const party = (p: AwaitingMatchView['husband']) =>
  p.residentIdMasked ?? (p.birthDate ? `无身份证号（出生 ${p.birthDate}）` : '无身份证号');

export const awaitingMatchesRoutes: FastifyPluginAsyncZod = async (app) => {
  ledgerRoutes(app, {
    path: '/api/marriage/awaiting-matches',
    access: 'marriage:read',
    personalData: 'list',
    tags,
    listSummary: '补录待匹配：各批次中无身份证号、待确认人员的行（身份证号脱敏，含比对建议）',
    exportSummary: '导出补录待匹配 Excel（与列表相同的筛选和脱敏）',
    filter: awaitingMatchesQuery,
    filterLabels: { from: '登记日期起', to: '登记日期止' },
    sortLabels: AWAITING_SORT_LABELS,
    view: awaitingMatchView,
    list: listAwaitingMatches,
    exportRows: exportAwaitingMatches,
    sheet: '补录待匹配',
    columns: [
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
    fileName: '补录待匹配.xlsx',
  });
};
