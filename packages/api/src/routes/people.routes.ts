import {
  createPerson,
  personPanels,
  exportPeople,
  findPersonByResidentIdFor,
  getPerson,
  recordDeath,
  revealResidentId,
  searchPeople,
} from '@social-affairs/core';
import {
  newPersonBody,
  personPanel,
  peopleFilter,
  personDetail,
  personSummary,
  recordDeathBody,
  revealBody,
  errorResponses,
  PEOPLE_SORT_LABELS,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';
import { ledgerRoutes } from '../ledger-routes';

const SEX_LABEL = { male: '男', female: '女' } as const;
const STATUS_LABEL = { alive: '在世', deceased: '已故' } as const;
const idParam = z.object({ id: z.string().min(1).max(64) });
const readReason = z.object({
  reason: z.string().trim().max(200).optional().describe('查阅事由（记入审计日志）'),
});
const errors = errorResponses;
const lookupBody = z.object({
  residentId: z.string().min(1).max(20).describe('公民身份号码（18 位；15 位旧号码亦可）'),
  reason: readReason.shape.reason,
});

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['人员信息（人口基础库）'];
  ledgerRoutes(app, {
    path: '/api/people',
    access: 'people:read',
    personalData: 'list',
    tags,
    listSummary: '人员台账：按区划、姓名/拼音/身份证号、性别、状态筛选，分页',
    exportSummary: '导出人员台账 Excel（与列表相同的筛选和脱敏）',
    filter: peopleFilter,
    sortLabels: PEOPLE_SORT_LABELS,
    view: personSummary,
    list: searchPeople,
    exportRows: exportPeople,
    sheet: '人员台账',
    columns: [
      { header: '姓名', value: (p) => p.name },
      { header: '拼音', value: (p) => p.namePinyin, width: 18 },
      { header: '身份证号码（脱敏）', value: (p) => p.residentIdMasked, width: 22 },
      { header: '性别', value: (p) => SEX_LABEL[p.sex], width: 6 },
      { header: '出生日期', value: (p) => p.birthDate },
      { header: '年龄', value: (p) => p.age, width: 6 },
      { header: '户籍地', value: (p) => p.hukouDivisionName, width: 20 },
      { header: '状态', value: (p) => STATUS_LABEL[p.status], width: 8 },
      { header: '死亡日期', value: (p) => p.deathDate },
    ],
    fileName: '人员台账.xlsx',
  });
  // A POST with the resident id in the body, so the id never sits in a URL (access logs, proxies, browser
  // history), and a literal path that no `/api/people/{id}/…` can be mistaken for (docs/api.md).
  app.post(
    '/api/people/lookup',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '按身份证号码查找人员（号码放在请求体中；记入审计日志）',
        description: '只读查询：不改变数据，成功返回 200。号码不出现在 URL 中，以免写入访问日志和代理日志。',
        body: lookupBody,
        response: { 200: personSummary, ...errors },
      },
    },
    async (req) => findPersonByResidentIdFor(app.core, actorOf(req), req.body.residentId, req.body.reason),
  );
  app.get(
    '/api/people/:id',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '人员详情（记入审计日志）',
        params: idParam,
        querystring: readReason,
        response: { 200: personDetail, ...errors },
      },
    },
    async (req) => getPerson(app.core, actorOf(req), req.params.id, req.query.reason),
  );
  app.get(
    '/api/people/:id/panels',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '人员在各业务线的情况（各业务线分别记入审计日志）',
        params: idParam,
        response: { 200: z.object({ items: z.array(personPanel) }), ...errors },
      },
    },
    async (req) => ({ items: await personPanels(app.core, actorOf(req), req.params.id) }),
  );
  app.post(
    '/api/people',
    {
      config: { access: 'people:write', personalData: 'record' },
      schema: { tags, summary: '新增人员', body: newPersonBody, response: { 201: personDetail, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await createPerson(app.core, actorOf(req), req.body)),
  );
  app.post(
    '/api/people/:id/reveal-id',
    {
      config: { access: 'people:reveal', personalData: 'record' },
      schema: {
        tags,
        summary: '查看完整身份证号码（须填写事由，记入审计日志）',
        params: idParam,
        body: revealBody,
        response: { 200: z.object({ residentId: z.string().nullable() }), ...errors },
      },
    },
    async (req) => revealResidentId(app.core, actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/people/:id/death',
    {
      config: { access: 'people:record-death', personalData: 'record' },
      schema: {
        tags,
        summary: '登记死亡（触发 person.deceased 事件：停发补贴、配偶丧偶、救助结案）',
        params: idParam,
        body: recordDeathBody,
        response: { 200: personDetail, ...errors },
      },
    },
    async (req) => recordDeath(app.core, actorOf(req), req.params.id, req.body),
  );
};
