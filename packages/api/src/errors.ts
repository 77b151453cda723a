import { DomainError, type ErrorKind } from '@social-affairs/kernel';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The one place a DomainError kind becomes an HTTP status (architecture.md, "Errors"). */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
};

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details } };
}

interface ZodIssueLike {
  path?: (string | number)[];
  instancePath?: string;
  message?: string;
  /** The zod issue minus path/code/message; a custom issue's own params (with our stable code) sit inside. */
  params?: { params?: { code?: string } } & Record<string, unknown>;
}

function issuesOf(err: FastifyError): { field: string; message: string; code?: string }[] {
  const list = (err.validation ?? []) as unknown as ZodIssueLike[];
  return list.map((v) => {
    const field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const code = v.params?.params?.code;
    return { field, message: v.message ?? '格式不正确', ...(code ? { code } : {}) };
  });
}

/**
 * Maps every error to the error model: a stable code, a Chinese message, details. Bad input is a 400
 * (wrong shape) or 422 (breaks a rule); nothing internal ever reaches the client.
 */
export function handleError(
  err: FastifyError | DomainError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  if (err instanceof DomainError) {
    return reply.status(STATUS_OF_KIND[err.kind]).send(errorBody(err.code, err.message, err.details));
  }
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const issues = issuesOf(fe);
    const first = issues[0];
    const where = fe.validationContext === 'querystring' ? 'query' : fe.validationContext;
    return reply.status(400).send(
      errorBody(
        first?.code ?? 'VALIDATION_FAILED',
        first ? `${first.field ? `${first.field}：` : ''}${first.message}` : '请求参数不正确',
        {
          field: first?.field ?? null,
          in: where,
          issues,
        },
      ),
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply.status(400).send(errorBody('BODY_MALFORMED_JSON', '请求体不是合法的 JSON'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.status(400).send(errorBody('BODY_TOO_LARGE', '请求体过大（上限 1 MB）'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply
        .status(415)
        .send(errorBody('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型，请使用 application/json'));
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return reply.status(400).send(errorBody('BODY_MALFORMED_JSON', '请求体不是合法的 JSON'));
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send(errorBody(fe.code ?? 'BAD_REQUEST', '请求不正确'));
  }
  req.log.error({ err }, 'unhandled error');
  return reply
    .status(500)
    .send(errorBody('INTERNAL_ERROR', '服务器内部错误，请稍后重试或联系管理员', { requestId: req.id }));
}
