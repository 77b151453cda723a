import { hash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import { authenticate, login } from './users.service';

describeEachDatabase('grouped session re-checks (ADR 0016)', (t) => {
  it('answers each of many concurrent re-checks for its own session, a revoked one refused', async () => {
    const server = testContext(t.db);
    const users = await Promise.all(Array.from({ length: 5 }, () => aUser(server)));
    const sessions = [];
    for (const u of users)
      for (let i = 0; i < 4; i++)
        sessions.push(await login(server, { username: u.username, password: u.password, address: null }));
    for (const s of sessions) expect(await authenticate(server, s.token)).toBeDefined(); // all cached now
    // Another process disables one user and ends one session of another.
    const [disabled, ended] = [users[1]!, sessions[9]!]; // sessions 4–7: disabled's; 9: user 2's second
    await t.db.kysely
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', disabled.id)
      .execute();
    await t.db.kysely
      .deleteFrom('sessions')
      .where('id', '=', hash('sha256', ended.token, 'hex'))
      .execute();
    // Every request at once (40 re-checks, some of the same session): each answered for its own session.
    const answers = await Promise.all([...sessions, ...sessions].map((s) => authenticate(server, s.token)));
    const refused = answers.filter((a) => a === undefined).length;
    // 4 sessions of the disabled user and 1 ended session, each asked twice.
    expect(refused).toBe(2 * (4 + 1));
    for (const [i, a] of answers.entries()) {
      const k = i % sessions.length;
      const user = users[Math.floor(k / 4)]!;
      if (user.id === disabled.id || k === 9) expect(a).toBeUndefined();
      else expect(a?.user.id).toBe(user.id);
    }
  });
});
