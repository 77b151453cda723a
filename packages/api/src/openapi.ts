/**
 * The OpenAPI document other systems integrate through (/api/openapi.json, docs/api.md): the options of
 * @fastify/swagger, built in one place so every route — the platform's and every line's, present and
 * future — gets the same treatment with no edit to its route file:
 *
 * - `operationId` derived from method + path (`operationIdOf`), unless the route names its own;
 * - `security: []` on public routes (the document's default is the session cookie);
 * - the error answers the access layer gives (401 without a session, 403 without the permission or
 *   from the origin check) documented on routes that do not list them;
 * - named zod schemas (`namedSchema`: the recursive division tree, the error body) emitted once under
 *   `components.schemas` and referenced by `$ref`;
 * - a tidy pass over zod's output where it trips standard tools (duplicate `anyOf` branches, exhaustive
 *   records whose required keys have no `properties`, unused components, "Default Response").
 *
 * The document is checked by Redocly's linter and by a typed client generated from it (openapi.test.ts).
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { errorBody } from '@social-affairs/kernel/contracts';
import type { RouteOptions } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

/**
 * Publishes `schema` as the component `id` (output schemas under `id`, request bodies under `<id>Input`),
 * referenced by `$ref` wherever a route uses it. Needed for a recursive schema (`z.lazy`), which has no
 * inline form; useful for a schema many routes share. Returns the schema unchanged. The id goes into zod's
 * global registry, where `.describe()` keeps its texts too: the JSON Schema conversion reads both from it.
 */
export function namedSchema<T extends z.ZodType>(id: string, schema: T): T {
  const meta = z.globalRegistry.get(schema);
  if (meta?.id === undefined) z.globalRegistry.add(schema, { ...meta, id });
  else if (meta.id !== id) throw new Error(`schema already published as ${meta.id}, not ${id}`);
  return schema;
}

namedSchema('Error', errorBody);
const ERROR_REF = { $ref: '#/components/schemas/Error' };

/**
 * The stable `operationId` of a route: the HTTP method, then the path's words in camelCase, the leading
 * `/api` left out, each path parameter as `By<Name>`, a file extension as a word:
 * `GET /api/people/:id/panels` → `getPeopleByIdPanels`, `POST /api/people/lookup` → `postPeopleLookup`,
 * `GET /api/marriage/marriages/:id/certificate.pdf` → `getMarriageMarriagesByIdCertificatePdf`.
 * Renaming a path renames its operation: generated clients see that as a breaking change, which it is.
 */
export function operationIdOf(method: string, url: string): string {
  const words: string[] = [];
  const segments = url.split('/').filter(Boolean);
  if (segments[0] === 'api') segments.shift();
  for (const segment of segments) {
    const param = /^[:{]([A-Za-z0-9_]+)/.exec(segment);
    if (param?.[1]) words.push('by', ...wordsOf(param[1]));
    else words.push(...wordsOf(segment));
  }
  const [first = '', ...rest] = [method.toLowerCase(), ...words.map((w) => w.toLowerCase())];
  return first + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** `people-by-division` → people, by, division; `residentId` → resident, id; `report.xlsx` → report, xlsx. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

type JsonObject = Record<string, unknown>;

const zodTransform = createJsonSchemaTransform({});
const zodTransformObject = createJsonSchemaTransformObject({});

/** The per-route step: zod → JSON Schema, then operationId, security and the access layer's answers. */
const transform: NonNullable<FastifyDynamicSwaggerOptions['transform']> = (input) => {
  const { schema, url } = zodTransform(input);
  const route = input.route as RouteOptions & { config?: { access?: string; rateLimit?: unknown } };
  const out = { ...((schema ?? {}) as JsonObject) };
  if (out.hide) return { schema: out, url };
  const method = Array.isArray(route.method) ? route.method.join('') : route.method;
  out.operationId ??= operationIdOf(method, route.url);
  const access = route.config?.access;
  const declared = out.response !== undefined;
  const response = { ...((out.response ?? {}) as JsonObject) };
  if (access === 'public') {
    out.security = [];
    // A rate-limited public route answers 429 (e.g. the public family-search photo, a file download).
    if (route.config?.rateLimit) response['429'] ??= ERROR_REF;
  } else if (access !== undefined) {
    response['401'] ??= ERROR_REF;
    // Without the permission, or a state-changing request refused by the origin check (CSRF).
    if (access !== 'authenticated' || method !== 'GET') response['403'] ??= ERROR_REF;
  }
  // A route that declares no success answer is a file download (a route with JSON declares its 200):
  // its 200 is the file, of the type its path or summary names.
  if (!Object.keys(response).some((s) => s.startsWith('2')) && (!declared || /\.(pdf|xlsx)$/.test(route.url)))
    response['200'] = fileResponse(route.url, typeof out.summary === 'string' ? out.summary : '');
  if (Object.keys(response).length > 0) out.response = response;
  return { schema: out, url };
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function fileResponse(url: string, summary: string): JsonObject {
  const binary = { schema: { type: 'string', format: 'binary' } };
  if (/\.pdf$/.test(url) || /PDF/.test(summary))
    return { description: 'PDF 文件', content: { 'application/pdf': binary } };
  if (/\.xlsx$|\/export$/.test(url) || /Excel/.test(summary))
    return { description: 'Excel 文件（.xlsx）', content: { [XLSX]: binary } };
  return {
    description: '文件内容（类型见 Content-Type 头）',
    content: { 'application/octet-stream': binary },
  };
}

const STATUS_TEXT: Record<string, string> = {
  '200': '成功',
  '201': '已创建',
  '202': '已受理',
  '204': '成功（无内容）',
  '400': '请求参数或格式错误（错误体见 Error）',
  '401': '未登录或会话已过期（AUTH_REQUIRED）',
  '403': '无此权限，或跨站请求被拒绝',
  '404': '记录不存在或不在管辖范围内',
  '409': '与现有数据冲突',
  '413': '请求体过大',
  '415': '不支持的内容类型',
  '422': '业务规则不允许',
  '429': '操作过于频繁，请稍后再试',
  '503': '服务暂不可用',
};

/** The whole-document step: the named components, then the tidy pass. */
const transformObject: NonNullable<FastifyDynamicSwaggerOptions['transformObject']> = (input) =>
  tidyDocument(zodTransformObject(input));

/** Fixes, in place, the spots where zod's JSON Schema trips OpenAPI tools; returns `doc`. */
export function tidyDocument<T extends object>(doc: T): T {
  walk(doc, (node) => {
    // z.union of branches that render alike (e.g. two string formats 3.0 cannot express): one branch.
    if (Array.isArray(node.anyOf)) {
      const unique = node.anyOf.filter(
        (s, i, all) => all.findIndex((t) => isDeepStrictEqual(t, s)) === i,
      ) as JsonObject[];
      if (unique.length === 1 && unique[0]) {
        delete node.anyOf;
        Object.assign(node, unique[0]);
      } else node.anyOf = unique;
    }
    // z.record(z.enum([...]), v) is exhaustive: its keys are required, so name them as properties.
    const extra = node.additionalProperties;
    if (Array.isArray(node.required) && extra && typeof extra === 'object') {
      const properties = { ...((node.properties ?? {}) as JsonObject) };
      for (const key of node.required as string[]) properties[key] ??= extra;
      node.properties = properties;
    }
  });
  const paths = (doc as { paths?: Record<string, JsonObject> }).paths ?? {};
  for (const pathItem of Object.values(paths))
    for (const operation of Object.values(pathItem) as JsonObject[])
      for (const [status, res] of Object.entries((operation.responses ?? {}) as Record<string, JsonObject>))
        if (res.description === 'Default Response') res.description = STATUS_TEXT[status] ?? '应答';
  pruneUnusedSchemas(doc as JsonObject);
  return doc;
}

function walk(node: unknown, visit: (node: JsonObject) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as JsonObject);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Drops component schemas nothing refers to (the unused half of a named schema's input/output pair). */
function pruneUnusedSchemas(doc: JsonObject): void {
  const components = doc.components as { schemas?: Record<string, unknown> } | undefined;
  const schemas = components?.schemas;
  if (!schemas) return;
  const refsIn = (value: unknown): string[] =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
  // Reachable from the document outside `components.schemas`, then through the schemas reached.
  const used = new Set<string>();
  const todo = refsIn({ ...doc, components: { ...components, schemas: {} } });
  for (let id = todo.pop(); id !== undefined; id = todo.pop())
    if (!used.has(id)) {
      used.add(id);
      todo.push(...refsIn(schemas[id] ?? null));
    }
  for (const id of Object.keys(schemas)) if (!used.has(id)) delete schemas[id];
}

/** The options of @fastify/swagger for this server (app.ts). */
export function swaggerOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '社会事务综合服务平台 API (Social Affairs Platform)',
        description:
          '错误统一为 {"error":{"code","message","details"}}（Error）：code 为稳定代码，message 为中文说明。' +
          '会话使用 HttpOnly Cookie（sap_session，POST /api/auth/login 取得）；改变状态的请求须同源（Origin 检查）。' +
          '每个操作的 operationId 由方法和路径生成（docs/api.md）。',
        version: '0.1.0',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: '/', description: '本服务器（与文档同源）' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sap_session' } } },
      security: [{ session: [] }],
    },
    transform,
    transformObject,
  };
}
