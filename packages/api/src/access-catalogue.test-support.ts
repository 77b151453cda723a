/**
 * The route-catalogue access checks (vitest only), run over whatever the app serves — the platform's
 * routes and every line's — so a route added later is covered with no edit here (ADR 0010).
 */
import {
  ROLES,
  createPerson,
  userActor,
  type CoreContext,
  type Permission,
  type PersonDetail,
  type Role,
} from '@social-affairs/core';
import { aPersonInput } from '@social-affairs/core/testing';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { RouteInfo } from './access';
import { approvalSamples } from './routes/approvals.samples';
import { attachmentSamples } from './routes/attachments.samples';
import { faceSamples } from './routes/faces.samples';
import { personMergeSamples } from './routes/person-merge.samples';
import { assistanceSamples } from './routes/assistance.samples';
import { userAdminSamples } from './routes/users.samples';
import type { RouteSamples, ServerLine } from './server-line';

type SignIn = (role: Role, divisionCode: string) => Promise<{ cookie: string }>;
type RouteFilter = (r: { method: string; url: string }) => boolean;
const every: RouteFilter = () => true;

/** Every non-public route answers 401 to an anonymous caller. Returns how many were tried. */
export async function expectAnonymousRefused(
  app: FastifyInstance,
  only: RouteFilter = every,
): Promise<number> {
  const guarded = app.routeCatalog.filter((r) => r.access !== 'public' && only(r));
  for (const r of guarded) {
    const res = await app.inject({
      method: r.method as 'GET',
      url: r.url.replace(/:(\w+)/g, 'x1'),
      payload: r.method === 'GET' ? undefined : {},
    });
    expect([r.method, r.url, res.statusCode]).toEqual([r.method, r.url, 401]);
    expect(res.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
  }
  return guarded.length;
}

/** Every permission-guarded route answers 403 to a role that lacks the permission. Returns how many were tried. */
export async function expectPermissionRefused(
  app: FastifyInstance,
  core: CoreContext,
  signIn: SignIn,
  only: RouteFilter = every,
): Promise<number> {
  const sessions = new Map<string, string>();
  let tried = 0;
  for (const r of app.routeCatalog) {
    if (r.access === 'public' || r.access === 'authenticated' || !only(r)) continue;
    const role = ROLES.find((x) => !core.access.permissionsOf(x).has(r.access as Permission));
    if (!role) continue;
    const cookie = sessions.get(role) ?? (await signIn(role, '430000')).cookie;
    sessions.set(role, cookie);
    const res = await app.inject({
      method: r.method as 'GET',
      url: r.url.replace(/:(\w+)/g, 'x1'),
      headers: { cookie },
      payload: r.method === 'GET' ? undefined : {},
    });
    expect([r.method, r.url, role, res.statusCode]).toEqual([r.method, r.url, role, 403]);
    tried++;
  }
  return tried;
}

/**
 * Every route that names a record — `:param` in its path, or a record id in the body of a write
 * (routesNamingRecords) — answers 404 to a caller of another county (浏阳市 430181) holding the route's
 * permission, for the sample record of 芙蓉区 (430102) in `samples`. A route without a sample fails, and
 * so does a body sample that leaves a record-id field of the body schema empty. Returns how many were tried.
 */
export async function expectOutOfScopeHidden(
  app: FastifyInstance,
  core: CoreContext,
  signIn: SignIn,
  samples: RouteSamples,
  only: RouteFilter = every,
): Promise<number> {
  const addressed = routesNamingRecords(app, only);
  for (const r of addressed) {
    const key = `${r.method} ${r.url}`;
    const sample = samples[key];
    expect(sample, `no out-of-scope sample for ${key}`).toBeDefined();
    if (!sample) continue;
    expectSampleNamesBodyRecords(key, r.bodyIds, sample.body);
    expectSampleNamesBodyRecords(key, r.queryIds, sample.query);
    const role =
      sample.role ??
      (r.access === 'authenticated' || r.access === 'public'
        ? 'registrar'
        : core.access.rolesHolding(r.access)[0]);
    if (!role) throw new Error(`no role holds ${r.access}`);
    const outsider = await signIn(role, '430181');
    const url = r.url.replace(/:(\w+)/g, (_m, p: string) => sample.params[p] ?? '');
    const res = await app.inject({
      method: r.method as 'GET',
      url,
      query: sample.query,
      headers: { ...sample.headers, cookie: outsider.cookie },
      payload: sample.body as object,
    });
    expect([key, res.statusCode]).toEqual([key, 404]);
  }
  return addressed.length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A zod (v4) schema's definition, as far as the walk below needs it. */
interface ZodDef {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  innerType?: { _zod: { def: ZodDef } };
  in?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  options?: { _zod: { def: ZodDef } }[];
  left?: { _zod: { def: ZodDef } };
  right?: { _zod: { def: ZodDef } };
}

function defOf(schema: unknown): ZodDef | undefined {
  return (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;
}

/** A field name that names a record: `…Id` / `…Ids`, but not a resident (identity card) number. */
function looksLikeRecordId(name: string): boolean {
  return /(Id|Ids|_id)$/.test(name) && !/residentid/i.test(name);
}

/** Whether `def` is a string, or an array of strings, under optional/nullable/default wrappers. */
function isStringLeaf(def: ZodDef | undefined, allowArray = true): boolean {
  if (!def) return false;
  switch (def.type) {
    case 'string':
      return true;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return isStringLeaf(defOf(def.innerType), allowArray);
    case 'pipe':
      return isStringLeaf(defOf(def.in), allowArray);
    case 'array':
      return allowArray && isStringLeaf(defOf(def.element), false);
    default:
      return false;
  }
}

/**
 * The paths of the body fields that name a record (`marriageId`, `owner.recordId`, `personIds` …): string
 * (or string array) fields named `…Id`/`…Ids`, found by walking the route's zod body schema through
 * objects, wrappers, unions and intersections. Resident ids are personal data, not record ids.
 */
export function recordIdFields(schema: unknown, prefix = ''): string[] {
  const def = defOf(schema);
  if (!def) return [];
  const found = new Set<string>();
  switch (def.type) {
    case 'object':
      for (const [name, field] of Object.entries(def.shape ?? {})) {
        const path = prefix ? `${prefix}.${name}` : name;
        if (looksLikeRecordId(name) && isStringLeaf(field._zod.def)) found.add(path);
        else for (const p of recordIdFields(field, path)) found.add(p);
      }
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return recordIdFields(def.innerType, prefix);
    case 'pipe':
      return recordIdFields(def.in, prefix);
    case 'array':
      return recordIdFields(def.element, prefix ? `${prefix}[]` : '[]');
    case 'union':
      for (const o of def.options ?? []) for (const p of recordIdFields(o, prefix)) found.add(p);
      break;
    case 'intersection':
      for (const p of [...recordIdFields(def.left, prefix), ...recordIdFields(def.right, prefix)])
        found.add(p);
      break;
  }
  return [...found];
}

/** The value at `path` (`a.b`, `a[].b`) in `body`, flattened over arrays. */
function valuesAt(body: unknown, path: string): unknown[] {
  let values: unknown[] = [body];
  for (const part of path.split('.')) {
    const [name, ...arrays] = part.split('[]');
    values = values.map((v) => (name ? (v as Record<string, unknown> | undefined)?.[name] : v));
    for (let i = 0; i < arrays.length; i++) values = values.flatMap(flatten);
  }
  return values.flatMap(flatten);
}

function flatten(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [v];
}

/**
 * The routes the out-of-scope check must try: every route that names a record in its path (`:param`),
 * and every state-changing, non-public route whose body or query names one (see recordIdFields) — so a
 * write route of a line added later cannot slip through without a sample.
 */
export function routesNamingRecords(
  app: FastifyInstance,
  only: RouteFilter = every,
): {
  method: string;
  url: string;
  access: RouteInfo['access'];
  bodyIds: string[];
  queryIds: string[];
}[] {
  const writes = (r: RouteInfo) => r.method !== 'GET' && r.access !== 'public';
  return app.routeCatalog
    .map((r) => ({
      method: r.method,
      url: r.url,
      access: r.access,
      bodyIds: writes(r) ? recordIdFields(r.body) : [],
      queryIds: writes(r) ? recordIdFields(r.querystring) : [],
    }))
    .filter((r) => (r.url.includes(':') || r.bodyIds.length > 0 || r.queryIds.length > 0) && only(r));
}

/**
 * A body sample must name a record (a UUID) in every record-id field of the route's body schema, so
 * the sample cannot leave out the field that would have to be checked.
 */
export function expectSampleNamesBodyRecords(key: string, bodyIds: string[], body: unknown): void {
  for (const path of bodyIds) {
    const values = valuesAt(body, path).filter((v) => v !== undefined && v !== null);
    expect(values.length, `${key}: the sample body names no record in ${path}`).toBeGreaterThan(0);
    for (const v of values)
      expect(typeof v === 'string' && UUID.test(v), `${key}: ${path} is not a record id`).toBe(true);
  }
}

/**
 * One sample request per route of the platform and of every line in `lines` that names a record — all
 * records in 芙蓉区 (430102) — plus the person they are about. The access test tries them from another county;
 * the read-audit test reads them in scope. A new route that names a record and has no sample fails both.
 */
export async function catalogueSamples(
  core: CoreContext,
  province: { id: string; username: string },
  lines: readonly Pick<ServerLine, 'accessSamples'>[],
): Promise<{ person: PersonDetail; residentId: string; samples: RouteSamples }> {
  const input = aPersonInput({ county: '430102' });
  const person = await createPerson(
    core,
    userActor(core.access, { ...province, role: 'registrar', divisionCode: '430000' }),
    input,
  );
  const residentId = input.residentId ?? '';
  const samples: RouteSamples = {
    'GET /api/people/:id': { params: { id: person.id } },
    'GET /api/people/:id/panels': { params: { id: person.id } },
    'POST /api/people/:id/reveal-id': { params: { id: person.id }, body: { reason: '核对身份' } },
    'POST /api/people/:id/death': {
      params: { id: person.id },
      body: { deathDate: '2026-01-01', source: '医院' },
    },
    'POST /api/users/:id/reset-password': {
      params: { id: province.id },
      body: { password: 'NewPassw0rd' },
    },
    ...(await attachmentSamples(core, person.id)),
    ...(await faceSamples(core, person.id)),
    ...(await approvalSamples(core)),
    ...(await personMergeSamples(core, person.id)),
    ...(await assistanceSamples(core, person.id)),
    ...(await userAdminSamples(core, province.id)),
  };
  for (const line of lines) Object.assign(samples, await line.accessSamples(core, { personId: person.id }));
  return { person, residentId, samples };
}
