/**
 * `npm run bench:login-timing` — does an unknown username answer as slowly as a wrong password?
 *
 * Opens the core on a fresh SQLite file with the production argon2id parameters (m=19456 KiB, t=2,
 * p=1, the defaults), creates one account, then times sign-ins in alternation: an unknown username and
 * the real username with a wrong password. Before ADR 0011 an unknown username skipped argon2 (about
 * 3 ms against 17 ms); now it is verified against a dummy hash, so the two columns should match.
 * A manual clock moves one hour between attempts so the throttle never answers instead of the
 * password check. Options: --rounds 200 (env BENCH_QUICK=1 → 40).
 */
import { login, openCore, prepareSignIn, createUser, systemActor } from '@social-affairs/core';
import { DomainError } from '@social-affairs/kernel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const rounds = arg('rounds', process.env.BENCH_QUICK ? 40 : 200);

let t = Date.parse('2026-12-01T02:00:00.000Z');
const clock = { now: () => new Date(t) };
const dir = mkdtempSync(join(tmpdir(), 'sap-login-timing-'));
const core = await openCore({ databaseUrl: `sqlite:${join(dir, 'bench.db')}`, clock });
try {
  await createUser(core, systemActor('bench', '000000'), {
    username: 'timing.user',
    displayName: '计时用户',
    role: 'registrar',
    divisionCode: '430000',
    password: 'Real-passw0rd',
  });
  await prepareSignIn(core); // the dummy hash, as the server computes it at start

  const timeOne = async (username: string): Promise<number> => {
    t += 3_600_000;
    const t0 = process.hrtime.bigint();
    try {
      await login(core, { username, password: 'Wrong-passw0rd', address: '127.0.0.1' });
      throw new Error('signed in with a wrong password');
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'AUTH_INVALID_CREDENTIALS') throw err;
    }
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < 10; i++) {
    await timeOne('nobody.at.all');
    await timeOne('timing.user');
  } // warm-up
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < rounds; i++) {
    unknown.push(await timeOne(`nobody.${i}`));
    wrong.push(await timeOne('timing.user'));
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
  console.log(`argon2id ${JSON.stringify(core.config.argon2)}, ${rounds} attempts each, alternating\n`);
  console.log('| sign-in attempt | median ms | p90 ms |');
  console.log('|---|---|---|');
  console.log(`| unknown username | ${pct(unknown, 0.5).toFixed(2)} | ${pct(unknown, 0.9).toFixed(2)} |`);
  console.log(`| wrong password | ${pct(wrong, 0.5).toFixed(2)} | ${pct(wrong, 0.9).toFixed(2)} |`);
  const gap = Math.abs(pct(unknown, 0.5) - pct(wrong, 0.5)) / pct(wrong, 0.5);
  console.log(`\nmedian difference: ${(gap * 100).toFixed(1)} % of the wrong-password median`);
} finally {
  await core.db.close();
  rmSync(dir, { recursive: true, force: true });
}
