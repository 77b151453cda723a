/**
 * Routes of the disability line's roster concern, under `/api/disability/…` (ADR 0022, ADR 0032): the
 * months' rosters per county, the freeze (county), un-freeze before signing (county, with a reason),
 * township confirmation and county sign-off, the lines (ledger + Excel) and the month-over-month diff
 * (+ Excel).
 */
import { exportHead, ledgerXlsxStream } from '@social-affairs/core';
import {
  confirmTownshipPart,
  exportRosterDiff,
  exportRosterLines,
  freezeRoster,
  getRoster,
  listRosterMonths,
  rosterDiff,
  rosterLines,
  signRoster,
  unfreezeRoster,
  type RosterLineSort,
} from '@social-affairs/core/disability';
import {
  ROSTER_LINE_SORT_LABELS,
  rosterDiffQuery,
  rosterDiffView,
  rosterFreezeInput,
  rosterFreezeView,
  rosterLineView,
  rosterLinesQuery,
  rosterListQuery,
  rosterSignInput,
  rosterSummaryView,
  rosterUnfreezeInput,
  rosterView,
} from '@social-affairs/kernel/contracts/disability';
import { pageOf, pageQuery, parseSort } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { ledgerRoutes } from '../../ledger-routes';
import { sendXlsx } from '../../xlsx-reply';
import { errors, idParam, tags } from './shared';

const sortOf = (sort: string | undefined) => {
  const s = parseSort(sort as RosterLineSort | undefined);
  return s ? { sort: s.field, order: s.desc ? ('desc' as const) : ('asc' as const) } : {};
};

const CHANGE_WORDS = {
  new: '新增',
  unchanged: '无变化',
  stopped: '停发',
  rate_changed: '标准调整',
  resumed: '恢复发放',
  arrears: '补发',
};
const yuan = (fen: number) => fen / 100;

export const rosterRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/disability/rosters',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '发放名册：各县各月的冻结名册（状态、人数、金额），乡镇看到本县的名册',
        querystring: rosterListQuery.extend(pageQuery.shape),
        response: { 200: pageOf(rosterSummaryView), ...errors },
      },
    },
    async (req) => listRosterMonths(app.core, actorOf(req), req.query),
  );
  app.post(
    '/api/disability/rosters',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary:
          '冻结月度发放名册（县级补贴经办或县级民政）：每县每月一份，按上月名册比对生成新增、停发（含原因）、标准调整、补发、无变化',
        body: rosterFreezeInput,
        response: { 201: rosterFreezeView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await freezeRoster(app.core, actorOf(req), req.body)),
  );
  app.get(
    '/api/disability/rosters/:id',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '一份发放名册：各乡镇（街道）部分、确认与签批情况、下一步',
        params: idParam,
        response: { 200: rosterView, ...errors },
      },
    },
    async (req) => getRoster(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/disability/rosters/:id/unfreeze',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary: '撤销冻结（县级，签批前，须说明原因；只能撤销最近一个月）',
        params: idParam,
        body: rosterUnfreezeInput,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => unfreezeRoster(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/rosters/:id/confirm',
    {
      config: { access: 'disability:write', personalData: false },
      schema: {
        tags,
        summary: '乡镇（街道）确认本辖区名册',
        params: idParam,
        body: rosterSignInput,
        response: { 200: rosterView, ...errors },
      },
    },
    async (req) => confirmTownshipPart(app.core, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/disability/rosters/:id/sign',
    {
      config: { access: 'disability:approve', personalData: false },
      schema: {
        tags,
        summary: '县级民政签批名册（各乡镇确认后）；签批后生成银行代发文件',
        params: idParam,
        body: rosterSignInput,
        response: { 200: rosterView, ...errors },
      },
    },
    async (req) => signRoster(app.core, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/disability/rosters/:id/diff',
    {
      config: { access: 'disability:read', personalData: false },
      schema: {
        tags,
        summary:
          '名册月度变动对比：按变动类型和原因统计人数与金额（新增、停发及原因、标准调整、补发、无变化）',
        params: idParam,
        querystring: rosterDiffQuery,
        response: { 200: rosterDiffView, ...errors },
      },
    },
    async (req) => rosterDiff(app.core, actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/disability/rosters/:id/diff/export',
    {
      config: { access: 'disability:read', personalData: false },
      schema: { tags, summary: '导出名册月度变动对比 Excel', params: idParam, querystring: rosterDiffQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const diff = await exportRosterDiff(app.core, actor, req.params.id, req.query);
      const title = `发放名册变动对比（${diff.month}，对比 ${diff.previousMonth ?? '无上月名册'}）`;
      const head = await exportHead(app.core, actor, title, req.query, {
        labels: { township: '乡镇（街道）', subsidy: '补贴类别', change: '变动类型', reason: '原因' },
        values: { change: CHANGE_WORDS, subsidy: { living: '生活补贴', care: '护理补贴' } },
      });
      const rows = (async function* () {
        yield* diff.groups;
      })();
      return sendXlsx(
        reply,
        `发放名册变动对比-${diff.month}.xlsx`,
        ledgerXlsxStream(
          '变动对比',
          [
            { header: '变动类型', value: (g) => g.changeLabel },
            { header: '原因', value: (g) => g.reasonLabel ?? '', width: 30 },
            { header: '补贴类别', value: (g) => g.subsidyLabel },
            { header: '人数', value: (g) => g.lines },
            { header: '本月发放（元）', value: (g) => yuan(g.amountFen) },
            { header: '其中补发（元）', value: (g) => yuan(g.arrearsFen) },
          ],
          rows,
          head,
        ),
      );
    },
  );
  ledgerRoutes(app, {
    path: '/api/disability/roster-lines',
    access: 'disability:read',
    personalData: 'list',
    tags,
    listSummary: '名册明细：按乡镇（街道）、补贴类别、变动类型、原因、姓名筛选',
    exportSummary: '导出名册明细 Excel（与列表相同的筛选）',
    filter: rosterLinesQuery.extend({ rosterId: z.string().min(1).max(64).optional() }),
    filterLabels: {
      rosterId: '名册',
      township: '乡镇（街道）',
      subsidy: '补贴类别',
      change: '变动类型',
      reason: '原因',
      q: '姓名',
    },
    filterValues: { change: CHANGE_WORDS, subsidy: { living: '生活补贴', care: '护理补贴' } },
    sortLabels: ROSTER_LINE_SORT_LABELS,
    idLabels: async (core, actor, q) => {
      if (!q.rosterId) return {};
      const r = await getRoster(core, actor, q.rosterId);
      return { rosterId: `${r.countyName} ${r.month}` };
    },
    view: rosterLineView,
    list: async (core, actor, q) => {
      const { sort, rosterId, ...rest } = q;
      return rosterLines(core, actor, rosterId, { ...rest, ...sortOf(sort) });
    },
    exportRows: (core, actor, q) => {
      const { sort, rosterId, ...rest } = q;
      return exportRosterLines(core, actor, rosterId, { ...rest, ...sortOf(sort) });
    },
    sheet: '发放名册',
    columns: [
      { header: '乡镇（街道）', value: (r) => r.divisionName, width: 22 },
      { header: '姓名', value: (r) => r.name },
      { header: '身份证号', value: (r) => r.residentIdMasked ?? '', width: 22 },
      { header: '补贴类别', value: (r) => r.subsidyLabel },
      { header: '月标准（元）', value: (r) => yuan(r.monthlyFen) },
      { header: '发放月数', value: (r) => r.monthsCovered },
      { header: '发放金额（元）', value: (r) => yuan(r.amountFen) },
      { header: '变动', value: (r) => r.changeLabel },
      { header: '原因', value: (r) => r.reasonLabel ?? '', width: 28 },
      {
        header: '上月标准（元）',
        value: (r) => (r.previousMonthlyFen === null ? '' : yuan(r.previousMonthlyFen)),
      },
      { header: '发放至', value: (r) => r.paidThroughMonth ?? '' },
    ],
    fileName: '发放名册.xlsx',
  });
};
