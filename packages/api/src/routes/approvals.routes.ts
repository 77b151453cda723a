/**
 * The approval engine over HTTP (docs/approvals.md): the signed-in user's to-do list, overdue steps in
 * scope, the approvals of an owner record, one instance, and a decision on its current step. Each route
 * needs only a session (`authenticated`): the permissions and roles an approval needs are its
 * definition's own (each line declares them), so the service checks the step's level, division,
 * role, permission and separation of duties, and answers 404 for an instance out of scope.
 */
import {
  approvalInbox,
  approvalsOfOwner,
  decideApproval,
  getApproval,
  myDecidedApprovals,
  overdueApprovals,
} from '@social-affairs/core';
import { errorResponses, pageOf, pageQuery } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';

const errors = errorResponses;
const tags = ['审批'];
const level = z.enum(['township', 'county', 'city', 'province']);

export const approvalTask = z.object({
  instanceId: z.string(),
  stepId: z.string(),
  definitionKey: z.string(),
  title: z.string(),
  stepTitle: z.string(),
  level,
  ownerType: z.string(),
  ownerId: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  openedOn: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean().describe('期限所涉年份的节假日安排尚未公布，暂按周末计算'),
  overdue: z.boolean(),
  escalatedToDivisionCode: z.string().nullable(),
});

/** A task of the inbox (待我审批): the engine's task plus the kind, the submitter and the owner record's page. */
export const approvalInboxItem = approvalTask.extend({
  definitionTitle: z.string().describe('审批事项类型名称'),
  submittedByUsername: z.string(),
  submittedAt: z.string(),
  ownerLabel: z.string().describe('业务记录类型名称'),
  ownerLink: z.string().nullable().describe('业务记录在系统中的页面'),
});

const approvalDoneItem = approvalInboxItem.extend({
  decision: z.enum(['approve', 'reject', 'return']),
  decidedAt: z.string(),
  instanceStatus: z.enum(['pending', 'returned', 'approved', 'rejected', 'withdrawn']),
});

const inboxQuery = pageQuery.extend({
  definitionKey: z.string().trim().min(1).max(80).optional().describe('只看此类审批事项'),
  overdue: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe('只看已逾期的'),
});

const approvalStep = z.object({
  id: z.string(),
  stepIndex: z.number().int(),
  round: z.number().int(),
  key: z.string(),
  title: z.string(),
  level,
  actingDivisionCode: z.string(),
  actingDivisionName: z.string(),
  status: z.enum(['open', 'approved', 'rejected', 'returned', 'withdrawn']),
  openedOn: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  escalatedToDivisionCode: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  attachmentsRequired: z.boolean(),
  separationOfDuties: z.boolean(),
  decidedByUsername: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const approvalView = z.object({
  id: z.string(),
  definitionKey: z.string(),
  title: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  status: z.enum(['pending', 'returned', 'approved', 'rejected', 'withdrawn']),
  round: z.number().int(),
  submittedByUsername: z.string(),
  submittedAt: z.string(),
  closedAt: z.string().nullable(),
  plan: z.array(z.object({ key: z.string(), title: z.string(), level })),
  currentStep: approvalStep.nullable(),
  steps: z.array(approvalStep),
  decisions: z.array(
    z.object({
      action: z.enum(['submit', 'approve', 'reject', 'return', 'resubmit', 'withdraw', 'escalate']),
      stepId: z.string().nullable(),
      actorUsername: z.string(),
      reason: z.string().nullable(),
      attachmentIds: z.array(z.string()),
      at: z.string(),
    }),
  ),
});

const idParam = z.object({ id: z.string().min(1).max(64) });

export const approvalDecisionBody = z
  .object({
    decision: z
      .enum(['approve', 'reject', 'return'])
      .describe('approve 同意；reject 不予批准；return 退回补正'),
    reason: z.string().max(500).optional().describe('理由（不予批准、退回补正时必填，须用中文）'),
    attachmentIds: z.array(z.string().min(1).max(64)).max(50).optional().describe('所附附件的编号'),
    stepId: z.string().min(1).max(64).optional().describe('办理的环节编号（环节已变化时拒绝）'),
  })
  .strict();

export const approvalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/approvals/tasks',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary:
          '我的待办审批：本人所在区划、角色和权限可以办理的环节，按期限排序（逾期的在前），可按类型、逾期筛选',
        querystring: inboxQuery,
        response: {
          200: pageOf(approvalInboxItem).extend({
            kinds: z.array(
              z.object({ definitionKey: z.string(), title: z.string(), count: z.number().int() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => approvalInbox(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/approvals/decided',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '我的已办审批：本人办理过（同意、不予批准、退回）的环节，最新的在前',
        querystring: pageQuery.extend({ definitionKey: z.string().trim().min(1).max(80).optional() }),
        response: { 200: pageOf(approvalDoneItem), ...errors },
      },
    },
    async (req) => myDecidedApprovals(app.core, actorOf(req), req.query),
  );
  app.get(
    '/api/approvals/overdue',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '管辖范围内（含提级督办到本级）的逾期审批环节',
        response: { 200: z.array(approvalTask), ...errors },
      },
    },
    async (req) => overdueApprovals(app.core, actorOf(req)),
  );
  app.get(
    '/api/approvals/by-owner',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '某业务记录的审批（管辖范围内）',
        querystring: z.object({
          ownerType: z.string().trim().min(1).max(40),
          ownerId: z.string().trim().min(1).max(64),
        }),
        response: { 200: z.array(approvalView), ...errors },
      },
    },
    async (req) => approvalsOfOwner(app.core, actorOf(req), req.query.ownerType, req.query.ownerId),
  );
  app.get(
    '/api/approvals/:id',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '审批事项详情：各环节、期限与审批意见',
        params: idParam,
        response: { 200: approvalView, ...errors },
      },
    },
    async (req) => getApproval(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/approvals/:id/decision',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '办理当前环节：同意、不予批准或退回补正',
        params: idParam,
        body: approvalDecisionBody,
        response: { 200: approvalView, ...errors },
      },
    },
    async (req) => decideApproval(app.core, actorOf(req), req.params.id, req.body),
  );
};
