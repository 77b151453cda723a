/**
 * The read-audit route-catalogue checks (vitest only), over whatever the app serves — the platform's routes
 * and every line's — so a route added later is covered with no edit here. Each /api route declares
 * `personalData` beside `access` (access.ts); this walks the catalogue by that declaration.
 */
import { type CoreContext, type Role } from '@social-affairs/core';
import { residentIdCheckDigit } from '@social-affairs/kernel';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { RouteSamples } from './server-line';

type SignIn = (role: Role, divisionCode: string) => Promise<{ cookie: string }>;

async function auditRowCount(core: CoreContext): Promise<number> {
  const r = await core.db.kysely
    .selectFrom('auditLog')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A querystring schema's keys (zod object), to find the routes that take a search term `q`. */
function queryKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Every GET route declared `personalData: 'record'` answers its in-scope sample (a caller of the province
 * holding the route's permission) with 2xx and writes at least one audit row; every GET route declared
 * `'list'` that takes a search term `q` writes one when the term is a full resident id (a search by id is an
 * identification). Returns the routes tried.
 */
export async function expectPersonalReadsAudited(
  app: FastifyInstance,
  core: CoreContext,
  signIn: SignIn,
  samples: RouteSamples,
  residentId: string,
): Promise<{ records: number; lists: number }> {
  const cookies = new Map<Role, string>();
  const callerFor = async (access: string): Promise<string> => {
    const role: Role | undefined =
      access === 'authenticated' || access === 'public'
        ? 'registrar'
        : // The holder with the most permissions: it sees every line's part of the answer (e.g. panels).
          core.access
            .rolesHolding(access as never)
            .sort((a, b) => core.access.permissionsOf(b).size - core.access.permissionsOf(a).size)[0];
    if (!role) throw new Error(`no role holds ${access}`);
    const cookie = cookies.get(role) ?? (await signIn(role, '430000')).cookie;
    cookies.set(role, cookie);
    return cookie;
  };
  const records = app.routeCatalog.filter((r) => r.method === 'GET' && r.personalData === 'record');
  for (const r of records) {
    const key = `${r.method} ${r.url}`;
    const sample = samples[key];
    expect(sample, `no sample for ${key}`).toBeDefined();
    if (!sample) continue;
    // Signed in before counting: a first sign-in writes its own audit row, which must not pass for the read's.
    const cookie = await callerFor(r.access);
    const before = await auditRowCount(core);
    const res = await app.inject({
      method: 'GET',
      url: r.url.replace(/:(\w+)/g, (_m, p: string) => sample.params[p] ?? ''),
      query: sample.query,
      headers: { cookie, ...sample.headers },
    });
    expect([key, res.statusCode < 300 ? 'ok' : res.body.slice(0, 300)]).toEqual([key, 'ok']);
    expect([key, (await auditRowCount(core)) > before]).toEqual([key, true]);
  }
  const lists = app.routeCatalog.filter(
    (r) => r.method === 'GET' && r.personalData === 'list' && queryKeys(r.querystring).includes('q'),
  );
  for (const r of lists) {
    const key = `${r.method} ${r.url}?q=<full resident id>`;
    const cookie = await callerFor(r.access);
    const before = await auditRowCount(core);
    const res = await app.inject({
      method: 'GET',
      url: r.url,
      query: { q: residentId },
      headers: { cookie },
    });
    expect([key, res.statusCode < 300 ? 'ok' : res.body.slice(0, 300)]).toEqual([key, 'ok']);
    expect([key, (await auditRowCount(core)) > before]).toEqual([key, true]);
  }
  return { records: records.length, lists: lists.length };
}

/** An 18-character resident id with a valid check digit, standing alone in text. */
const FULL_ID = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;

/**
 * No audit row's details or reason holds a resident id in clear: neither the id of any person in the
 * database nor any 18-character id with a valid check digit. Returns the rows scanned.
 */
export async function expectNoResidentIdInAudit(core: CoreContext): Promise<number> {
  const ids = new Set(
    (await core.db.kysely.selectFrom('people').select('residentId').execute())
      .map((p) => p.residentId)
      .filter((id): id is string => Boolean(id)),
  );
  const rows = await core.db.kysely
    .selectFrom('auditLog')
    .select(['seq', 'action', 'details', 'reason'])
    .orderBy('seq')
    .execute();
  const leaks: string[] = [];
  for (const row of rows) {
    const text = `${row.details} ${row.reason ?? ''}`;
    for (const m of text.matchAll(FULL_ID)) {
      const id = m[0].toUpperCase();
      if (ids.has(id) || residentIdCheckDigit(id.slice(0, 17)) === id.slice(17))
        leaks.push(`${row.seq} ${row.action}: ${id}`);
    }
    for (const id of ids) if (text.includes(id)) leaks.push(`${row.seq} ${row.action}: ${id}`);
  }
  expect(leaks).toEqual([]);
  return rows.length;
}
