import { isTextEncodingViolation, isUniqueViolation, uniqueViolationKey } from '@social-affairs/core';
import { DomainError, TEXT_INVALID_CHARACTER, type ErrorKind } from '@social-affairs/kernel';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { maskPersonalData } from './redact';

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
  const conflict = conflictOf(err);
  if (conflict) return reply.status(409).send(errorBody(conflict.code, conflict.message, conflict.details));
  if (isTextEncodingViolation(err)) {
    return reply
      .status(400)
      .send(errorBody(TEXT_INVALID_CHARACTER, '含有数据库无法保存的字符（如空字符），请删除后重试'));
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

/**
 * Unique keys whose violation has a business meaning: the same code and message the service gives when
 * it finds the duplicate itself, so a lost race (two identical creates at once) answers exactly like a
 * plain duplicate. Keys: PostgreSQL's constraint name and SQLite's `table.column` (dialect.uniqueViolationKey).
 */
const KNOWN_UNIQUE_KEYS: Record<string, { code: string; message: string; field: string }> = {
  people_resident_id_key: {
    code: 'PERSON_RESIDENT_ID_EXISTS',
    message: '该身份证号码的人员已存在',
    field: 'residentId',
  },
  'people.resident_id': {
    code: 'PERSON_RESIDENT_ID_EXISTS',
    message: '该身份证号码的人员已存在',
    field: 'residentId',
  },
  users_username_key: { code: 'USERNAME_TAKEN', message: '用户名已被使用', field: 'username' },
  'users.username': { code: 'USERNAME_TAKEN', message: '用户名已被使用', field: 'username' },
};

/**
 * A unique violation that reached the edge (a service lost a race to a concurrent identical write and
 * did not translate it itself) as the conflict it is, on both databases: 409 with a stable code. The
 * error's `detail` (the duplicated value) is never read.
 */
export function conflictOf(
  err: unknown,
): { code: string; message: string; details: Record<string, unknown> } | null {
  if (!isUniqueViolation(err)) return null;
  const key = uniqueViolationKey(err);
  const known = key ? KNOWN_UNIQUE_KEYS[key] : undefined;
  if (known) return { code: known.code, message: known.message, details: { field: known.field } };
  return {
    code: 'CONFLICT',
    message: '与已有记录重复（可能有人同时提交了相同的内容），请刷新后重试',
    details: {},
  };
}

/** Properties of database errors that carry row values or SQL text: never logged. */
const DATABASE_ERROR_SECRETS = new Set([
  'detail',
  'where',
  'hint',
  'internalQuery',
  'query',
  'parameters',
  'params',
  'sql',
  'position',
  'internalPosition',
]);

/**
 * The pino serializer of `err` (loggerOptions): type, message, stack, code and the safe fields of
 * database errors (constraint, table, column, severity, routine) — never `detail` (PostgreSQL puts
 * the duplicated or failing row there, e.g. a full resident id), `where`, the query or its parameters;
 * message and stack pass through the resident-id/phone mask.
 */
export function serializeError(err: unknown): {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
} {
  if (typeof err !== 'object' || err === null)
    return { type: typeof err, message: maskPersonalData(String(err)), stack: '' };
  const e = err as Error & Record<string, unknown>;
  const out: { [key: string]: unknown; type: string; message: string; stack: string } = {
    type: e.constructor?.name ?? 'Error',
    message: maskPersonalData(typeof e.message === 'string' ? e.message : String(e.message)),
    stack: typeof e.stack === 'string' ? maskPersonalData(e.stack) : '',
  };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'message' || k === 'stack' || DATABASE_ERROR_SECRETS.has(k)) continue;
    if (v === undefined) continue;
    if (typeof v === 'string') out[k] = maskPersonalData(v);
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (k === 'cause') out.cause = serializeError(v);
    else if (k === 'details' && e instanceof DomainError) out.details = '[省略]';
  }
  return out;
}
