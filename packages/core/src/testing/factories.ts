/** Test factories: real services on a real database, with cheap password hashing and a movable clock. */
import { composeResidentId, plainDateOf } from '@social-affairs/kernel';
import type { Db } from '../db/create-db';
import { coreContext } from '../platform';
import type { Clock } from '../clock';
import type { CoreContext } from '../context';
import { testLinesOf } from './each-database';
import { createUser, userActor, systemActor, type Actor, type Role } from '../access/index';
import { createPerson, type NewPerson, type PersonDetail } from '../people/index';

export class ManualClock implements Clock {
  private t: number;
  constructor(start = '2026-11-29T02:00:00.000Z') {
    this.t = Date.parse(start);
  }
  now(): Date {
    return new Date(this.t);
  }
  advanceMinutes(m: number): void {
    this.t += m * 60_000;
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

export const TEST_PASSWORD = 'Passw0rd-test';

/** A context over a test database, running the lines the database was migrated with. */
export function testContext(
  db: Db,
  clock: Clock = new ManualClock(),
  config: { lines?: Readonly<Record<string, unknown>> } = {},
): CoreContext {
  return coreContext(db, {
    clock,
    lines: testLinesOf(db),
    config: { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, ...config },
  });
}

let userCounter = 0;

export async function aUser(
  ctx: CoreContext,
  opts: { role?: Role; divisionCode?: string; username?: string } = {},
): Promise<{ actor: Actor; username: string; password: string; id: string }> {
  const username = opts.username ?? `user${++userCounter}`;
  const u = await createUser(ctx, systemActor('test', '000000'), {
    username,
    displayName: `测试用户${userCounter}`,
    role: opts.role ?? 'registrar',
    divisionCode: opts.divisionCode ?? '430000',
    password: TEST_PASSWORD,
  });
  return {
    actor: userActor(ctx.access, { ...u, role: u.role }),
    username,
    password: TEST_PASSWORD,
    id: u.id,
  };
}

let sequence = 0;

/** A synthetic person with a valid-checksum resident id in the given county (default 芙蓉区). */
export function aPersonInput(
  opts: Partial<NewPerson> & { county?: string; birth?: [number, number, number] } = {},
): NewPerson {
  const { county = '430102', birth = [1990, 3, 7], ...overrides } = opts;
  const [y, m, d] = birth;
  const sex = overrides.sex ?? 'male';
  const seq = ((sequence++ % 500) * 2 + (sex === 'male' ? 1 : 0)) % 1000;
  return {
    residentId: composeResidentId(county, plainDateOf(y, m, d), seq),
    name: '张伟',
    hukouDivisionCode: overrides.hukouDivisionCode ?? county,
    source: '测试',
    ...overrides,
  };
}

export function aPerson(
  ctx: CoreContext,
  actor: Actor,
  overrides: Parameters<typeof aPersonInput>[0] = {},
): Promise<PersonDetail> {
  return createPerson(ctx, actor, aPersonInput(overrides));
}
