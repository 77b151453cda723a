/** External rolls imported for comparison (比对名单). */
import { importRoll, listRolls, rollBodyIssueMessage } from '@social-affairs/core/matching';
import { importRollBody, matchJobsFilter, rollSummary } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { errorBody } from '../../errors';
import { tags, errors } from './shared';

export const rollsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/matching/rolls',
    {
      config: { access: 'matching:read', personalData: false },
      schema: {
        tags,
        summary: '已导入的比对名单（按来源汇总）',
        querystring: matchJobsFilter,
        response: { 200: z.array(rollSummary), ...errors },
      },
    },
    async (req) => listRolls(app.core, actorOf(req), req.query.division),
  );
  app.post(
    '/api/matching/rolls',
    {
      config: { access: 'matching:review', personalData: 'list' },
      attachValidation: true,
      schema: {
        tags,
        summary: '导入外部名单（死亡通知、火化名单、低保名册等），每次至多 5000 条',
        description:
          '请求体不符合要求时，错误说明按“第 N 条记录「列名」：原因”给出（details.field 为字段路径）。',
        body: importRollBody,
        response: { 201: z.object({ source: z.string(), imported: z.number().int() }), ...errors },
      },
    },
    async (req, reply) => {
      // A bad record is named as the file import names it (第 3 条记录「出生日期」：…), not by its field path.
      if (req.validationError) return reply.status(400).send(rollBodyError(req.validationError));
      return reply.status(201).send(await importRoll(app.core, actorOf(req), req.body));
    },
  );
};

interface ValidationIssue {
  instancePath?: string;
  path?: (string | number)[];
  message?: string;
  params?: { params?: { code?: string } } & Record<string, unknown>;
}

/** The 400 answer to a bad roll body, in the words of the file import. */
function rollBodyError(err: Error & { validation?: unknown; validationContext?: string }) {
  const list = (Array.isArray(err.validation) ? err.validation : []) as ValidationIssue[];
  const issues = list.map((v) => {
    const path =
      v.path ??
      (v.instancePath ?? '')
        .split('/')
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const message = rollBodyIssueMessage(path, v.message ?? '格式不正确');
    const code = v.params?.params?.code;
    return { field: path.join('.'), message, ...(code ? { code } : {}) };
  });
  const first = issues[0];
  return errorBody(first?.code ?? 'VALIDATION_FAILED', first?.message ?? '请求参数不正确', {
    field: first?.field ?? null,
    in: err.validationContext ?? 'body',
    issues,
  });
}
