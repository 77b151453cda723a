/** Builds the real app over a test database, with helpers to sign in (tests only). */
import { aUser, ManualClock, testContext, type Db, type Role } from '@social-affairs/core/testing';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { buildApp, loggerOptions } from './app';
import { serverLines, serverManifests } from './lines';
import type { ServerLine } from './server-line';

/** The lines a test app serves: every line of the server list (tests migrate with `{ lines: serverManifests }`). */
export { serverLines, serverManifests };

export async function testApp(
  db: Db,
  opts: {
    captureLogs?: boolean;
    webRoot?: string;
    publicWriteLimit?: number;
    /** Default: the lines the database was migrated with, served from the server list. */
    lines?: readonly Pick<ServerLine, 'manifest' | 'routes'>[];
  } = {},
) {
  const clock = new ManualClock();
  const core = testContext(db, clock);
  const lines = opts.lines ?? serverLines.filter((l) => core.lines.includes(l.manifest));
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const app: FastifyInstance = await buildApp({
    core,
    lines,
    logger: opts.captureLogs ? { ...(loggerOptions('info') as object), stream } : false,
    webRoot: opts.webRoot ?? null,
    ...(opts.publicWriteLimit ? { publicWriteLimit: opts.publicWriteLimit } : {}),
  });
  async function signIn(role: Role = 'registrar', divisionCode = '430000') {
    const u = await aUser(core, { role, divisionCode });
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u.username, password: u.password },
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'sap_session');
    if (!cookie) throw new Error('no session cookie');
    return { ...u, cookie: `sap_session=${cookie.value}` };
  }
  return { app, core, clock, logs, signIn };
}
