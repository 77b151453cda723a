import { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, ManualClock, testContext } from '../testing/factories';
import { systemActor } from './actor';
import { onPasswordVerification } from './password';
import { MAX_SLOW_DOWN_SECONDS } from './throttle';
import { authenticate, changeOwnPassword, login, resetPassword } from './users.service';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err === undefined) return undefined;
  expect(err).toBeInstanceOf(DomainError);
  return (err as DomainError).code;
}

describeEachDatabase('sessions and sign-in (ADR 0011)', (t) => {
  it('ends the other sessions at once when a user changes their own password, keeping this one', async () => {
    const ctx = testContext(t.db);
    const u = await aUser(ctx);
    const here = await login(ctx, { username: u.username, password: u.password, address: '10.0.0.1' });
    const there = await login(ctx, { username: u.username, password: u.password, address: '10.0.0.2' });
    expect(await authenticate(ctx, there.token)).toBeDefined(); // cached now
    const me = await authenticate(ctx, here.token);
    await changeOwnPassword(ctx, me!.actor, u.password, 'Brand-new-9', { token: here.token });
    // No clock advance: the other session is refused at once, though its cache entry was fresh.
    expect(await authenticate(ctx, there.token)).toBeUndefined();
    expect(await authenticate(ctx, here.token)).toBeDefined();
    expect(await codeOf(login(ctx, { username: u.username, password: u.password, address: null }))).toBe(
      'AUTH_INVALID_CREDENTIALS',
    );
  });

  it('ends a session cached by the server when another process resets the password (no TTL window)', async () => {
    const clock = new ManualClock();
    const server = testContext(t.db, clock);
    const cli = testContext(t.db, clock); // a second core context: the command line's own process
    const u = await aUser(server);
    const s = await login(server, { username: u.username, password: u.password, address: '10.0.0.1' });
    expect(await authenticate(server, s.token)).toBeDefined();
    expect(server.sessions.get(s.token, clock.now())).toBeDefined(); // held in the server's cache
    await resetPassword(cli, systemActor('cli', '000000'), u.id, 'Reset-pass-7');
    expect(server.sessions.get(s.token, clock.now())).toBeDefined(); // the other process cannot evict it …
    expect(await authenticate(server, s.token)).toBeUndefined(); // … but the per-request re-check refuses it
    expect(server.sessions.get(s.token, clock.now())).toBeUndefined();
  });

  it('refuses a cached session at once when another process disables the user', async () => {
    const server = testContext(t.db);
    const u = await aUser(server);
    const s = await login(server, { username: u.username, password: u.password, address: null });
    expect(await authenticate(server, s.token)).toBeDefined();
    await t.db.kysely.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
    expect(await authenticate(server, s.token)).toBeUndefined();
  });

  it('throttles guesses of the current password on a password change', async () => {
    const clock = new ManualClock();
    const ctx = testContext(t.db, clock);
    const u = await aUser(ctx);
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(changeOwnPassword(ctx, u.actor, `guess-${i}-x1`, 'Brand-new-9'))).toBe(
        'AUTH_INVALID_CREDENTIALS',
      );
    }
    // Locked: even the right current password is refused without being checked.
    expect(await codeOf(changeOwnPassword(ctx, u.actor, u.password, 'Brand-new-9'))).toBe('AUTH_LOCKED');
    clock.advanceMinutes(16);
    expect(await codeOf(changeOwnPassword(ctx, u.actor, u.password, 'Brand-new-9'))).toBeUndefined();
  });

  it('verifies an unknown username against a dummy argon2 hash, as much work as a wrong password', async () => {
    const ctx = testContext(t.db);
    const u = await aUser(ctx);
    let verifications = 0;
    const stop = onPasswordVerification(() => verifications++);
    try {
      await codeOf(login(ctx, { username: 'nobody.here', password: 'Whatever-1', address: null }));
      expect(verifications).toBe(1);
      await codeOf(login(ctx, { username: u.username, password: 'Wrong-pass-1', address: null }));
      expect(verifications).toBe(2);
      await ctx.db.kysely.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
      expect(await codeOf(login(ctx, { username: u.username, password: u.password, address: null }))).toBe(
        'AUTH_INVALID_CREDENTIALS',
      );
      expect(verifications).toBe(3);
    } finally {
      stop();
    }
  });

  it('locks an account only for the address that guessed, never for its owner elsewhere', async () => {
    const clock = new ManualClock();
    const ctx = testContext(t.db, clock);
    const u = await aUser(ctx);
    const attempt = (password: string, address: string) =>
      codeOf(login(ctx, { username: u.username, password, address }));
    for (let i = 0; i < 5; i++)
      expect(await attempt('wrong-pass-1', '203.0.113.9')).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await attempt(u.password, '203.0.113.9')).toBe('AUTH_LOCKED'); // the guessing address
    clock.set(new Date(clock.now().getTime() + 1_000).toISOString()); // the account's 1 s slow-down
    expect(await attempt(u.password, '10.1.2.3')).toBeUndefined(); // the owner, at the office
    expect(await attempt(u.password, '203.0.113.9')).toBe('AUTH_LOCKED'); // still locked for 15 min
  });

  it('slows an account down from many addresses: attempts claim one slot each, at most ~70 failures an hour', async () => {
    const clock = new ManualClock();
    const ctx = testContext(t.db, clock);
    const u = await aUser(ctx);
    let failures = 0;
    let refused = 0;
    let address = 0;
    // One hour of a botnet trying every 2 s from a fresh address each time.
    for (let s = 0; s < 3600; s += 2) {
      const code = await codeOf(
        login(ctx, {
          username: u.username,
          password: 'wrong-pass-1',
          address: `198.51.${address >> 8}.${address & 255}`,
        }),
      );
      if (code === 'AUTH_INVALID_CREDENTIALS') {
        failures++;
        address++;
      } else {
        expect(code).toBe('AUTH_SLOW_DOWN');
        refused++;
      }
      clock.set(new Date(clock.now().getTime() + 2000).toISOString());
    }
    expect(failures).toBeLessThanOrEqual(100); // OWASP ASVS 2.2.1
    expect(failures).toBeGreaterThan(3600 / MAX_SLOW_DOWN_SECONDS - 5);
    expect(refused).toBeGreaterThan(1500);
    // The owner is never locked out: once the current slot opens, the right password signs in.
    clock.set(new Date(clock.now().getTime() + MAX_SLOW_DOWN_SECONDS * 1000).toISOString());
    expect(
      await codeOf(login(ctx, { username: u.username, password: u.password, address: '10.1.2.3' })),
    ).toBeUndefined();
  }, 120_000);

  it('lets one of many parallel attempts through a slowed-down account', async () => {
    const clock = new ManualClock();
    const ctx = testContext(t.db, clock);
    const u = await aUser(ctx);
    for (let i = 0; i < 5; i++) {
      await codeOf(login(ctx, { username: u.username, password: 'wrong-pass-1', address: `192.0.2.${i}` }));
    }
    clock.set(new Date(clock.now().getTime() + 1_000).toISOString());
    const codes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        codeOf(login(ctx, { username: u.username, password: 'wrong-pass-1', address: `192.0.2.${50 + i}` })),
      ),
    );
    expect(codes.filter((c) => c === 'AUTH_INVALID_CREDENTIALS')).toHaveLength(1);
    expect(codes.filter((c) => c === 'AUTH_SLOW_DOWN')).toHaveLength(9);
  });

  it('locks a client address after 20 failures across accounts', async () => {
    const ctx = testContext(t.db);
    const u = await aUser(ctx);
    for (let i = 0; i < 20; i++) {
      expect(await codeOf(login(ctx, { username: `nobody${i}`, password: 'x', address: '10.9.9.9' }))).toBe(
        'AUTH_INVALID_CREDENTIALS',
      );
    }
    const err = await login(ctx, { username: u.username, password: u.password, address: '10.9.9.9' }).catch(
      (e: unknown) => e as DomainError,
    );
    expect(err).toMatchObject({ code: 'AUTH_LOCKED', details: { scope: 'address' } });
  });
});
