import type { ErrorBody } from '../api/types';

/**
 * An error answered by the API (`{"error":{code,message,details}}`), or a transport failure dressed the
 * same way so screens have one thing to show. `message` is Chinese text a clerk can read.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The request field the server blamed (`details.field`), when there is one. */
  get field(): string | undefined {
    const field = this.details.field;
    return typeof field === 'string' ? field : undefined;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Builds a same-origin URL, leaving out empty query values so exports and lists share one rule. */
export function apiUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called when any request (other than the auth probes) finds the session gone. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session expired" (login form, the initial /me probe). */
  allowUnauthenticated?: boolean;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

const statusText: Record<number, string> = {
  400: '请求有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的记录不存在',
  409: '数据已被修改或状态冲突',
  413: '提交的内容过大',
  422: '提交的内容未通过校验',
  429: '操作过于频繁，请稍后再试',
};

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    return new ApiError(response.status, code, message || statusText[response.status] || code, details ?? {});
  }
  const text = statusText[response.status] ?? `服务器暂时无法处理请求（HTTP ${response.status}），请稍后重试`;
  return new ApiError(response.status, `HTTP_${response.status}`, text);
}

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    // A wrong current password (修改密码) is a 401 too, but the session is still alive.
    if (
      response.status === 401 &&
      error.code !== 'AUTH_INVALID_CREDENTIALS' &&
      !options.allowUnauthenticated
    ) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    apiRequest<T>('GET', path, signal ? { query, signal } : { query }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    apiRequest<T>('POST', path, { ...options, body: body ?? {} }),
};

/** Chinese text for any thrown value, for message boxes and alerts. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return '发生未知错误，请稍后重试';
}
