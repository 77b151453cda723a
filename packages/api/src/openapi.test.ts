/**
 * Issue 13 item 12: /api/openapi.json is a document other systems can use — Redocly's linter finds no
 * problem (packages/api/redocly.yaml), every operation has a unique operationId, no two paths are
 * ambiguous, and a typed client generated from it (openapi-typescript + openapi-fetch) typechecks
 * under `strict` and calls the server. The document does not depend on the database engine: these
 * tests run once, on in-memory SQLite (the engine-independent group).
 */
import { createConfig, lintFromString, loadConfig, type NormalizedProblem } from '@redocly/openapi-core';
import { aPersonInput, databaseTargets } from '@social-affairs/core/testing';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SOURCE } from './openapi-client/client-source';
import { operationIdOf } from './openapi';
import { serverManifests, testApp } from './test-app';

const apiDir = join(import.meta.dirname, '..');
const repoRoot = join(apiDir, '..', '..');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  responses: Record<string, unknown>;
}
interface Document {
  servers?: { url: string }[];
  info: { license?: { name: string } };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

function operations(doc: Document): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

function describeProblem(p: NormalizedProblem): string {
  return `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`;
}

describe('the OpenAPI document', () => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let residentId: string;
  let signIn: Awaited<ReturnType<typeof testApp>>['signIn'];
  let source: string;
  let doc: Document;

  beforeAll(async () => {
    const [sqlite] = databaseTargets({}); // in-memory SQLite whatever TEST_DATABASES says
    if (!sqlite) throw new Error('no SQLite target');
    const opened = await sqlite.open(serverManifests);
    const t = await testApp(opened.db);
    app = t.app;
    signIn = t.signIn;
    dispose = async () => {
      await app.close();
      await opened.dispose();
    };
    const clerk = await signIn('registrar', '430000');
    const input = aPersonInput({ county: '430102', name: '李四' });
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: clerk.cookie },
      payload: input,
    });
    expect(created.statusCode).toBe(201);
    residentId = input.residentId ?? '';
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    source = res.body;
    doc = res.json<Document>();
  }, 60_000);
  afterAll(async () => dispose());

  it('lints clean with Redocly (recommended-strict, packages/api/redocly.yaml): no error, no warning', async () => {
    const config = await loadConfig({ configPath: join(apiDir, 'redocly.yaml') });
    // Linted as packages/api/openapi.json, the name the ignore file (.redocly.lint-ignore.yaml) uses.
    const problems = await lintFromString({ source, absoluteRef: join(apiDir, 'openapi.json'), config });
    expect(problems.filter((p) => !p.ignored).map(describeProblem)).toEqual([]);
    // Each listed exception still applies: an entry that no longer matches must be removed from the file.
    expect(problems.filter((p) => p.ignored).map((p) => p.ruleId)).toHaveLength(4);
  }, 30_000);

  it('was what standard tools rejected: a dangling $ref, no servers (the lint catches both)', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const broken = JSON.parse(source) as Document;
    broken.servers = [];
    broken.components.schemas = {};
    const problems = await lintFromString({ source: JSON.stringify(broken), config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => p.ruleId);
    expect(errors).toEqual(expect.arrayContaining(['no-empty-servers', 'no-unresolved-refs']));
  });

  it('names every operation with a unique operationId derived from method and path', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(80);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const { method, path, op } of ops) {
      expect([method, path, op.operationId]).toEqual([method, path, operationIdOf(method, path)]);
      expect([path, op.summary?.length ?? 0]).not.toEqual([path, 0]);
    }
    expect(operationIdOf('GET', '/api/people/:id/panels')).toBe('getPeopleByIdPanels');
    expect(operationIdOf('get', '/api/people/{id}/panels')).toBe('getPeopleByIdPanels');
    expect(operationIdOf('POST', '/api/people/lookup')).toBe('postPeopleLookup');
    expect(operationIdOf('GET', '/api/stats/people-by-division/export')).toBe(
      'getStatsPeopleByDivisionExport',
    );
    expect(operationIdOf('GET', '/api/marriage/marriages/:id/certificate.pdf')).toBe(
      'getMarriageMarriagesByIdCertificatePdf',
    );
    expect(operationIdOf('GET', '/healthz')).toBe('getHealthz');
  });

  it('has no ambiguous paths: the lookup by resident id is POST /api/people/lookup, the id in the body', () => {
    expect(Object.keys(doc.paths).filter((p) => p.includes('by-resident-id'))).toEqual([]);
    expect(doc.paths['/api/people/lookup']?.post?.operationId).toBe('postPeopleLookup');
    // Two templated paths are ambiguous when, segment by segment, each pair is equal or one is a
    // parameter, and at least one pair is a literal against a parameter in each direction.
    const segs = (p: string) => p.split('/').map((s) => (s.startsWith('{') ? null : s));
    const ambiguous: string[] = [];
    const paths = Object.keys(doc.paths);
    for (const a of paths)
      for (const b of paths) {
        const [x, y] = [segs(a), segs(b)];
        if (a >= b || x.length !== y.length) continue;
        const fits = x.every((s, i) => s === null || y[i] === null || s === y[i]);
        const aParamVsLiteral = x.some((s, i) => s === null && y[i] !== null);
        const bParamVsLiteral = y.some((s, i) => s === null && x[i] !== null);
        if (fits && aParamVsLiteral && bParamVsLiteral) ambiguous.push(`${a} ~ ${b}`);
      }
    expect(ambiguous).toEqual([]);
  });

  it('documents servers, a licence, public routes without a session, and the access layer’s 401/403', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license?.name).toBe('MIT');
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    expect(doc.paths['/api/auth/login']?.post?.security).toEqual([]);
    const me = doc.paths['/api/auth/me']?.get;
    expect(me?.security).toBeUndefined();
    expect(Object.keys(me?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401']));
    expect(Object.keys(doc.paths['/api/people/export']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403']),
    );
    // Field descriptions (zod .describe) survive the conversion.
    expect(JSON.stringify(doc.paths['/api/people/lookup'])).toContain('公民身份号码');
    expect(JSON.stringify(doc.components.schemas.Error)).toContain('稳定的错误代码');
    // The recursive division tree is one named component referring to itself.
    expect(JSON.stringify(doc.components.schemas.DivisionNode)).toContain(
      '#/components/schemas/DivisionNode',
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DivisionNode', 'Error']));
  });

  it('generates a typed client that compiles under strict and calls the server', async () => {
    // Generated into node_modules/.cache so the client resolves openapi-fetch from the repo's modules.
    const cache = join(repoRoot, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'openapi-client-'));
    try {
      const ast = await openapiTS(JSON.parse(source) as Parameters<typeof openapiTS>[0]);
      const types = astToString(ast);
      expect(types).toContain('postPeopleLookup: {');
      writeFileSync(join(dir, 'schema.ts'), types); // .ts, so it is checked while library .d.ts are skipped
      writeFileSync(join(dir, 'client.ts'), CLIENT_SOURCE);

      const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        noUncheckedIndexedAccess: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        types: [],
        skipLibCheck: true,
      };
      const program = ts.createProgram([join(dir, 'client.ts')], options);
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file ? `${d.file.fileName.slice(dir.length)}:${d.start ?? 0}` : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      expect(diagnostics).toEqual([]);

      const js = ts.transpileModule(CLIENT_SOURCE, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      writeFileSync(join(dir, 'client.mjs'), js);
      const client = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'client.mjs')).href)) as {
        callRoutes(
          baseUrl: string,
          username: string,
          password: string,
          residentId: string,
        ): Promise<Record<string, unknown>>;
      };

      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const user = await signIn('registrar', '430000');
      const result = await client.callRoutes(
        `http://127.0.0.1:${port}`,
        user.username,
        user.password,
        residentId,
      );
      expect(result).toEqual({
        health: 'ok',
        username: user.username,
        permissions: expect.arrayContaining(['people:read']),
        lookupStatus: 200,
        lookupName: '李四',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
