/**
 * Write-route fuzzing (issue 11 "Done when", ADR 0013): every POST/PUT/PATCH/DELETE route of the app —
 * the platform's and every line's, public ones included — receives malformed and edge inputs, each
 * signed in with a role holding the route's permission, and every answer is counted by status. A 5xx
 * is a bug. Deterministic by a seed (a seeded generator; the same seed sends the same requests in the
 * same order).
 *
 * Requests start from a plausible body (the route's access-test sample where it has one, otherwise one
 * generated from the route's OpenAPI schema) and are then spoiled one way at a time: a field replaced
 * by an edge value (wrong type, huge, NUL, lone surrogate, control or bidi character, SQL-ish, emoji,
 * negative or huge number, impossible date), a field dropped, unknown fields added, the whole body
 * replaced (array, scalar, empty, deep nesting, invalid JSON, another content type), a bad record id.
 */
import {
  createPerson,
  systemActor,
  type CoreContext,
  type Permission,
  type Role,
} from '@social-affairs/core';
import { composeResidentId, plainDateOf } from '@social-affairs/kernel';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { serverLines } from '../../packages/api/src/lines';
import { approvalSamples } from '../../packages/api/src/routes/approvals.samples';
import { attachmentSamples } from '../../packages/api/src/routes/attachments.samples';
import { personMergeSamples } from '../../packages/api/src/routes/person-merge.samples';
import type { RouteSamples } from '../../packages/api/src/server-line';

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A seeded generator (mulberry32): the same seed gives the same run. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t ',
  'x'.repeat(257),
  'x'.repeat(5_000),
  '张'.repeat(60_000),
  'a\u0000b',
  '\u0000',
  '\ud800',
  'ab\udc00',
  '\udbff\udfff', // a valid pair: U+10FFFF
  'bell\u0007',
  'esc\u001b[31mred',
  'line\nbreak',
  'tab\there',
  'del\u007f',
  'c1\u0085',
  'rlo\u202eexe.pdf',
  '\u2066isolate\u2069',
  'mark\u200f',
  'zero\u200bwidth',
  '\ufeffbom',
  '👨‍👩‍👧‍👦',
  '😀😀😀',
  '𠮷野家',
  'Ｆｕｌｌ　ｗｉｄｔｈ',
  "' OR '1'='1",
  "'; drop table people; --",
  '" or ""="',
  '1; select pg_sleep(1)',
  '%',
  '_',
  '\\',
  '%_\\%',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '0000-00-00',
  '9999-12-31',
  '1899-12-31',
  '2026-2-3',
  '2026-11-29T25:00:00Z',
  '430102199003071234',
  '43010219900307123X',
  '430102199002301234',
  '000000000000000000',
  '430102',
  '999999',
  '4301020010',
  '13800138000',
  '+86 138 0013 8000',
  'am',
  'pm',
  'male',
  'approve',
  'reject',
  '__proto__',
  'constructor',
];

const EDGE_NUMBERS: readonly number[] = [
  -1,
  0,
  1,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 53,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  5e-324,
  20_000,
  99_999_999_999,
];

function edgeValue(rng: Rng): unknown {
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return rng.pick(EDGE_STRINGS);
    case 4:
    case 5:
      return rng.pick(EDGE_NUMBERS);
    case 6:
      return rng.pick([null, true, false]);
    case 7:
      return rng.pick([[], {}, [1, 2, 3], { a: 1 }, [null], [{}], ['x', 1, null]]);
    case 8:
      return nested(rng.pick([5, 50, 500]), rng.chance(0.5));
    default:
      return Array.from({ length: rng.pick([100, 2_000]) }, (_, i) => (rng.chance(0.5) ? i : `项${i}`));
  }
}

function nested(depth: number, arrays: boolean): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
}

const BAD_IDS: readonly string[] = [
  '0',
  '-1',
  'x',
  'x'.repeat(300),
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%E2%80%AE',
  '%F0%9F%98%80',
  '..%2F..%2Fetc',
  "'%20OR%201=1",
  '00000000-0000-0000-0000-000000000000',
  '0193b8d6-7c1e-7000-8000-000000000000',
  '1e309',
  'null',
  '%25',
  '%5C',
  '430102199003071234',
];

/** A raw body that is not a JSON object: the content-type and payload as sent. */
function rawBody(rng: Rng): { type: string | undefined; payload: string | Buffer } {
  switch (rng.int(12)) {
    case 0:
      return { type: 'application/json', payload: '' };
    case 1:
      return { type: 'application/json', payload: '{' };
    case 2:
      return { type: 'application/json', payload: '{"a":1,}' };
    case 3:
      return { type: 'application/json', payload: '['.repeat(5_000) + ']'.repeat(5_000) };
    case 4:
      return { type: 'application/json', payload: '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000) };
    case 5:
      return {
        type: 'application/json',
        payload: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
      };
    case 6:
      return { type: 'text/plain', payload: 'hello' };
    case 7:
      return { type: 'application/x-www-form-urlencoded', payload: 'a=1&b=2' };
    case 8:
      return { type: 'application/octet-stream', payload: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x89, 0x50]) };
    case 9:
      return { type: undefined, payload: '' };
    case 10:
      return { type: 'application/json', payload: '"\\ud800"' };
    default:
      return { type: 'application/json; charset=latin1', payload: '{"name":"\u00e9"}' };
  }
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  nullable?: boolean;
  $ref?: string;
};

const PATTERN_CANDIDATES = [
  '430102',
  '430181',
  '430102001',
  '2026-12-01',
  '13800138000',
  'A001',
  '1',
  'am',
  '2026',
  '2026-12',
  'abc',
];

/** A plausible value for a property, from its name first (ids, dates, codes), then from its schema. */
class ValueMaker {
  private seq = 0;
  constructor(
    private readonly rng: Rng,
    private readonly ids: readonly string[],
    private readonly refs: Record<string, JsonSchema>,
  ) {}

  residentId(): string {
    const y = 1960 + this.rng.int(40);
    return composeResidentId(
      this.rng.pick(['430102', '430181', '430103']),
      plainDateOf(y, 1 + this.rng.int(12), 1 + this.rng.int(28)),
      this.rng.int(1000),
    );
  }

  byName(name: string): unknown {
    const n = name.toLowerCase();
    if (n.includes('residentid')) return this.residentId();
    if (n.endsWith('divisioncode') || n === 'division') return this.rng.pick(['430102', '430181', '430000']);
    if (n.includes('phone')) return '138' + String(10_000_000 + this.rng.int(89_999_999));
    if (n.includes('password')) return `Passw0rd-fuzz${this.rng.int(1000)}`;
    if (n === 'username') return `fuzz${++this.seq}${this.rng.int(1_000_000)}`;
    if (n.endsWith('ids')) return [this.rng.pick(this.ids)];
    if (n === 'id' || n.endsWith('id')) return this.rng.pick(this.ids);
    if (n.includes('birthdate')) return '1990-03-07';
    if (n.endsWith('date')) return this.rng.pick(['2026-12-01', '2026-11-20', '2025-06-01', '2026-12-07']);
    if (n === 'reason') return '核对身份信息';
    if (n.endsWith('name') || n === 'name') return this.rng.pick(['张三', '李四', '王芳', '欧阳娜娜']);
    return undefined;
  }

  fromSchema(schema: JsonSchema | undefined, name: string, depth = 0): unknown {
    if (!schema || depth > 6) return this.byName(name) ?? '测试';
    if (schema.$ref) return this.fromSchema(this.refs[schema.$ref.split('/').pop() ?? ''], name, depth + 1);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return this.rng.pick(schema.enum);
    const alt = schema.anyOf ?? schema.oneOf;
    if (alt) {
      const real = alt.filter((s) => s.type !== 'null');
      return this.fromSchema(this.rng.pick(real.length ? real : alt), name, depth + 1);
    }
    if (schema.allOf?.[0]) return this.fromSchema(schema.allOf[0], name, depth + 1);
    const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
    const named = type === 'object' || type === 'array' ? undefined : this.byName(name);
    if (named !== undefined && (type !== 'string' || typeof named === 'string')) {
      if (
        type === 'string' &&
        schema.pattern &&
        typeof named === 'string' &&
        !new RegExp(schema.pattern).test(named)
      ) {
        // fall through to the pattern
      } else return named;
    }
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(schema.properties ?? {})) {
          if (schema.required?.includes(k) || this.rng.chance(0.6)) out[k] = this.fromSchema(s, k, depth + 1);
        }
        return out;
      }
      case 'array': {
        const n = Math.max(schema.minItems ?? 0, 1 + this.rng.int(2));
        return Array.from({ length: n }, () => this.fromSchema(schema.items, name, depth + 1));
      }
      case 'integer':
      case 'number': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
        const max = typeof schema.maximum === 'number' ? schema.maximum : min + 100;
        const v = min + this.rng.int(Math.max(1, Math.min(max - min + 1, 1000)));
        return type === 'integer' ? Math.floor(v) : v;
      }
      case 'boolean':
        return this.rng.chance(0.5);
      case 'null':
        return null;
      case 'string': {
        if (schema.format === 'date') return '2026-12-01';
        if (schema.format === 'date-time') return '2026-11-29T02:00:00.000Z';
        if (schema.pattern) {
          const re = new RegExp(schema.pattern);
          const hit = PATTERN_CANDIDATES.find((c) => re.test(c));
          if (hit) return hit;
        }
        const len = Math.max(schema.minLength ?? 1, 2);
        return '测试内容甲乙丙丁'.repeat(4).slice(0, Math.min(len + 2, schema.maxLength ?? 20));
      }
      default:
        return this.byName(name) ?? '测试';
    }
  }
}

export interface FuzzRoute {
  method: string;
  url: string;
  access: string;
}

export interface FuzzRequest {
  route: FuzzRoute;
  mode: string;
  inject: InjectOptions;
  role: Role | null;
}

export interface FuzzFailure {
  route: string;
  status: number;
  mode: string;
  url: string;
  payload: string;
  error: string;
}

export interface FuzzReport {
  seed: number;
  total: number;
  routes: number;
  histogram: Record<string, Record<number, number>>;
  fiveXX: number;
  failures: FuzzFailure[];
  relogins: number;
}

export interface FuzzHarness {
  app: FastifyInstance;
  core: CoreContext;
  /** Signs in a (new) user of `role` in `divisionCode`; answers the session cookie header. */
  signIn: (role: Role, divisionCode: string) => Promise<{ cookie: string }>;
  /** Captured log lines (JSON) of the app, to name the error behind a 5xx; optional. */
  logs?: string[];
}

export interface FuzzOptions {
  seed: number;
  requests: number;
  /** Requests in flight at once (default 4): races are part of what is tried. */
  concurrency?: number;
  onProgress?: (done: number) => void;
  /** Prints each answer to requests of this mode (e.g. 'plausible'), to see how deep they reach. */
  trace?: string;
}

function describeRoute(r: FuzzRoute): string {
  return `${r.method} ${r.url}`;
}

/** Records of every kind (ids) and one plausible request per route that names a record. */
async function prepareSamples(core: CoreContext): Promise<{ samples: RouteSamples; ids: string[] }> {
  const clerk = systemActor('fuzz-setup', '430000');
  const person = await createPerson(core, clerk, {
    residentId: composeResidentId('430102', plainDateOf(1990, 3, 7), 11),
    name: '张伟',
    hukouDivisionCode: '430102',
    source: '模糊测试',
  });
  const samples: RouteSamples = {
    ...(await attachmentSamples(core, person.id)),
    ...(await approvalSamples(core)),
    ...(await personMergeSamples(core, person.id)),
  };
  for (const line of serverLines)
    Object.assign(samples, await line.accessSamples(core, { personId: person.id }));
  const ids = new Set<string>([person.id]);
  for (const s of Object.values(samples)) for (const v of Object.values(s.params)) ids.add(v);
  return { samples, ids: [...ids] };
}

function openApiOf(app: FastifyInstance): {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        parameters?: { in: string; name: string; schema?: JsonSchema; required?: boolean }[];
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
} {
  return app.swagger() as never;
}

/**
 * Runs the fuzz: `requests` requests spread round-robin over every write route (shuffled by the seed),
 * `concurrency` at a time. Never throws for an answer; counts them.
 */
export async function fuzzWrites(h: FuzzHarness, opts: FuzzOptions): Promise<FuzzReport> {
  const { app, core } = h;
  await app.ready();
  const rng = new Rng(opts.seed);
  const routes = app.routeCatalog
    .filter((r) => WRITE_METHODS.has(r.method))
    .sort((a, b) => describeRoute(a).localeCompare(describeRoute(b)));
  if (routes.length === 0) throw new Error('no write routes');
  // Shuffle once by the seed, so a short run still reaches different routes first.
  for (let i = routes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [routes[i], routes[j]] = [routes[j]!, routes[i]!];
  }
  const { samples, ids } = await prepareSamples(core);
  const doc = openApiOf(app);
  const maker = new ValueMaker(rng, ids, doc.components?.schemas ?? {});

  const sessions = new Map<string, string>();
  let relogins = 0;
  const roleFor = (r: FuzzRoute): Role | null => {
    if (r.access === 'public') return null;
    if (r.access === 'authenticated') return 'admin';
    return core.access.rolesHolding(r.access as Permission)[0] ?? null;
  };
  // The session routes (logout, own password) get a session of their own per route, so they never end
  // the sessions the other routes use.
  const sessionKey = (r: FuzzRoute, role: Role) =>
    r.url.startsWith('/api/auth/') ? `${role}@${r.url}` : role;
  const cookieFor = async (key: string, role: Role, fresh = false): Promise<string> => {
    const known = sessions.get(key);
    if (known && !fresh) return known;
    const { cookie } = await h.signIn(role, '430000');
    sessions.set(key, cookie);
    return cookie;
  };

  const build = (route: FuzzRoute): FuzzRequest => {
    const key = describeRoute(route);
    const sample = samples[key];
    const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const bodySchema = op?.requestBody?.content?.['application/json']?.schema;
    const base: unknown = sample?.body ?? (bodySchema ? maker.fromSchema(bodySchema, '') : {});
    let mode: string;
    let payload: unknown = base instanceof Uint8Array ? {} : structuredClone(base);
    let type: string | undefined = 'application/json';
    let raw: string | Buffer | undefined;
    const roll = rng.int(100);
    if (base instanceof Uint8Array && roll < 50) {
      // A file upload: the sample's bytes, or the bytes spoiled.
      mode = 'file-bytes';
      type = rng.pick(['application/octet-stream', 'text/csv', 'image/png', 'application/json']);
      const bytes = Buffer.from(base);
      if (rng.chance(0.7))
        for (let i = 0; i < 1 + rng.int(8); i++) bytes[rng.int(bytes.length)] = rng.int(256);
      raw = rng.chance(0.1) ? bytes.subarray(0, rng.int(bytes.length)) : bytes;
    } else if (roll < 15) mode = 'plausible';
    else if (roll < 55) {
      mode = 'field-edge';
      payload = mutateField(rng, payload, () => edgeValue(rng));
    } else if (roll < 62) {
      mode = 'field-dropped';
      payload = dropField(rng, payload);
    } else if (roll < 70) {
      mode = 'unknown-field';
      if (payload && typeof payload === 'object' && !Array.isArray(payload))
        (payload as Record<string, unknown>)[
          rng.pick(['isAdmin', 'id', 'role', 'divisionCode', 'extra\u0000', 'x'])
        ] = edgeValue(rng);
      else payload = { unexpected: edgeValue(rng) };
    } else if (roll < 80) {
      mode = 'body-replaced';
      payload = rng.pick<unknown>([
        [],
        [base],
        'text',
        42,
        null,
        true,
        {},
        nested(200, false),
        [[[]]],
        edgeValue(rng),
      ]);
    } else if (roll < 90) {
      mode = 'raw-body';
      const r = rawBody(rng);
      type = r.type;
      raw = r.payload;
    } else {
      mode = 'all-strings-edge';
      payload = mapStrings(payload, () => rng.pick(EDGE_STRINGS));
    }
    // Path parameters: the sample's record most of the time, a bad id otherwise.
    const badParams = rng.chance(0.3);
    const url =
      route.url.replace(/:(\w+)/g, (_m, p: string) => {
        const good = sample?.params[p] ?? rng.pick(ids);
        if (p === 'rowNo' && !badParams) return String(2 + rng.int(3));
        return badParams ? rng.pick(BAD_IDS) : encodeURIComponent(good);
      }) + queryOf(rng, op?.parameters?.filter((x) => x.in === 'query') ?? [], maker);
    if (badParams) mode += '+bad-id';
    const headers: Record<string, string> = {};
    if (type) headers['content-type'] = type;
    const inject: InjectOptions = {
      method: route.method,
      url,
      headers,
      remoteAddress: `10.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`,
      payload: raw ?? (payload === undefined ? '' : JSON.stringify(payload)),
    };
    return { route, mode, inject, role: roleFor(route) };
  };

  const report: FuzzReport = {
    seed: opts.seed,
    total: 0,
    routes: routes.length,
    histogram: {},
    fiveXX: 0,
    failures: [],
    relogins: 0,
  };
  const send = async (req: FuzzRequest): Promise<void> => {
    const key = describeRoute(req.route);
    const logMark = h.logs?.length ?? 0;
    let res;
    if (req.role) {
      const sk = sessionKey(req.route, req.role);
      const cookie = await cookieFor(sk, req.role);
      res = await app.inject({ ...req.inject, headers: { ...(req.inject.headers as object), cookie } });
      if (res.statusCode === 401) {
        // The session ended (a fuzzed logout or password reset hit it): sign in again for what follows.
        relogins++;
        await cookieFor(sk, req.role, true);
      }
    } else res = await app.inject(req.inject);
    const status = res.statusCode;
    if (opts.trace && req.mode === opts.trace)
      console.log(
        `${status} ${key} ${typeof req.inject.payload === 'string' ? req.inject.payload.slice(0, 200) : '<bytes>'}\n    → ${res.body.slice(0, 240)}`,
      );
    const row = (report.histogram[key] ??= {});
    row[status] = (row[status] ?? 0) + 1;
    report.total++;
    if (status >= 500) {
      report.fiveXX++;
      if (report.failures.length < 200) {
        const errLine = (h.logs ?? [])
          .slice(logMark)
          .map((l) => l.trim())
          .find((l) => l.includes('"level":50'));
        let error = res.body.slice(0, 300);
        if (errLine) {
          try {
            const parsed = JSON.parse(errLine) as {
              err?: { type?: string; message?: string; stack?: string };
            };
            error = `${parsed.err?.type ?? ''}: ${parsed.err?.message ?? ''} @ ${(parsed.err?.stack ?? '').split('\n').slice(1, 4).join(' | ')}`;
          } catch {
            error = errLine.slice(0, 500);
          }
        }
        const payload = req.inject.payload;
        report.failures.push({
          route: key,
          status,
          mode: req.mode,
          url: req.inject.url as string,
          payload: (typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? '<bytes>' : '').slice(
            0,
            300,
          ),
          error,
        });
      }
    }
  };

  const concurrency = Math.max(1, opts.concurrency ?? 4);
  for (let i = 0; i < opts.requests; i += concurrency) {
    const batch: FuzzRequest[] = [];
    for (let j = i; j < Math.min(i + concurrency, opts.requests); j++)
      batch.push(build(routes[j % routes.length] as FuzzRoute));
    await Promise.all(batch.map(send));
    opts.onProgress?.(Math.min(i + concurrency, opts.requests));
  }
  report.relogins = relogins;
  return report;
}

function queryOf(
  rng: Rng,
  params: { name: string; schema?: JsonSchema; required?: boolean }[],
  maker: ValueMaker,
): string {
  const parts: string[] = [];
  for (const p of params) {
    if (!p.required && !rng.chance(0.6)) continue;
    const v = rng.chance(0.25) ? edgeValue(rng) : maker.fromSchema(p.schema, p.name);
    parts.push(`${encodeURIComponent(p.name)}=${encodeLoose(typeof v === 'string' ? v : JSON.stringify(v))}`);
  }
  if (rng.chance(0.1))
    parts.push(rng.pick(['x=%00', 'page=-1', 'q=%ED%A0%80', 'a[b]=1', 'a=1&a=2', '%zz=1']));
  return parts.length ? `?${parts.join('&')}` : '';
}

/** encodeURIComponent, but a lone surrogate goes out as its WTF-8 bytes (invalid UTF-8) instead of throwing. */
function encodeLoose(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff)
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** Replaces one value somewhere in the body (any depth) by `make()`. */
function mutateField(rng: Rng, body: unknown, make: () => unknown): unknown {
  if (body === null || typeof body !== 'object') return make();
  const keys = Array.isArray(body) ? body.map((_, i) => i) : Object.keys(body);
  if (keys.length === 0) return Array.isArray(body) ? [make()] : { [rng.pick(['name', 'id', 'x'])]: make() };
  const k = rng.pick<string | number>(keys);
  const container = body as Record<string | number, unknown>;
  const child = container[k];
  container[k] =
    child !== null && typeof child === 'object' && rng.chance(0.5) ? mutateField(rng, child, make) : make();
  return body;
}

function dropField(rng: Rng, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const keys = Object.keys(body);
  if (keys.length > 0) delete (body as Record<string, unknown>)[rng.pick(keys)];
  return body;
}

function mapStrings(v: unknown, f: () => string): unknown {
  if (typeof v === 'string') return f();
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, mapStrings(x, f)]),
    );
  return v;
}

/** The report as text: per route the status histogram, then the 5xx found. */
export function formatReport(r: FuzzReport, label: string): string {
  const lines = [`fuzz-writes ${label}: seed ${r.seed}, ${r.total} requests over ${r.routes} write routes`];
  for (const [route, h] of Object.entries(r.histogram).sort(([a], [b]) => a.localeCompare(b))) {
    const cells = Object.entries(h)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    lines.push(`  ${route.padEnd(58)} ${cells}`);
  }
  lines.push(`re-sign-ins after a session ended: ${r.relogins}`);
  lines.push(`5xx responses: ${r.fiveXX}`);
  for (const f of r.failures.slice(0, 30))
    lines.push(
      `  ${f.status} ${f.route} [${f.mode}] ${f.url}\n      body: ${f.payload}\n      error: ${f.error}`,
    );
  return lines.join('\n');
}
