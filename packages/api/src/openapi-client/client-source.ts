/**
 * The program an integrating system would write: a typed client over the generated types of
 * /api/openapi.json (openapi-typescript → `schema.ts`, called through openapi-fetch). openapi.test.ts
 * writes it beside the freshly generated `schema.ts`, typechecks both with `tsc --strict`, then runs
 * it against a test server. Kept as text because its types exist only once the document is generated.
 *
 * The `@ts-expect-error` lines prove the generated types bite: if a path or a body were typed `any`,
 * the directive would be unused and typechecking would fail.
 */
export const CLIENT_SOURCE = `
import createClient from 'openapi-fetch';
import type { paths, components } from './schema';

export interface CallResult {
  health: string;
  username: string;
  permissions: string[];
  lookupStatus: number;
  lookupName: string | null;
}

export async function callRoutes(baseUrl: string, username: string, password: string, residentId: string): Promise<CallResult> {
  const client = createClient<paths>({ baseUrl });

  const health = await client.GET('/healthz');
  if (!health.data) throw new Error('healthz: ' + String(health.response.status));
  const status: string = health.data.status;

  const login = await client.POST('/api/auth/login', { body: { username, password } });
  if (login.error || !login.data) throw new Error('login: ' + String(login.response.status));
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  const session = createClient<paths>({ baseUrl, headers: { cookie } });
  const me = await session.GET('/api/auth/me');
  if (!me.data) throw new Error('me: ' + String(me.response.status));
  const user = me.data.user;

  const lookup = await session.POST('/api/people/lookup', { body: { residentId, reason: '接口联调' } });
  const problem: components['schemas']['Error'] | undefined = lookup.error;
  if (problem && problem.error.code.length === 0) throw new Error('error without a code');

  if (Math.random() > 2) {
    // @ts-expect-error a path the document does not have
    await session.GET('/api/no-such-route');
    // @ts-expect-error the lookup takes the resident id as a string
    await session.POST('/api/people/lookup', { body: { residentId: 430102 } });
    // @ts-expect-error a path parameter cannot be left out
    await session.GET('/api/people/{id}', { params: { path: {} } });
  }

  return {
    health: status,
    username: user.username,
    permissions: user.permissions,
    lookupStatus: lookup.response.status,
    lookupName: lookup.data ? lookup.data.name : null,
  };
}
`;
