/** Test fixtures of the matching domain: a small people roll and a death-notice roll that overlaps it. */
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { aPerson, aPersonInput } from '../testing/index';
import { createJob, importRoll, runJob } from './jobs.service';

export const DEATH_ROLL = '殡仪馆火化名单';

/**
 * Four people in 芙蓉区 (430102) and two in 浏阳市 (430181); a death roll naming three of them — one
 * by exact resident id, one by a homophone name and the same birth date without an id, one in 浏阳市 —
 * plus a stranger.
 */
export async function aDeathRollSetup(ctx: CoreContext, clerk: Actor, reviewer: Actor) {
  const zhang = await aPerson(ctx, clerk, { county: '430102', name: '张伟', birth: [1950, 3, 7] });
  const li = await aPerson(ctx, clerk, {
    county: '430102',
    name: '李秀英',
    sex: 'female',
    birth: [1948, 11, 2],
  });
  await aPerson(ctx, clerk, { county: '430102', name: '王芳', sex: 'female', birth: [1972, 5, 20] });
  await aPerson(ctx, clerk, { county: '430102', name: '刘洋', birth: [1985, 8, 1] });
  const liuyang = await aPerson(ctx, clerk, { county: '430181', name: '陈志强', birth: [1940, 1, 15] });
  await aPerson(ctx, clerk, { county: '430181', name: '杨丽', sex: 'female', birth: [1990, 9, 9] });
  const stranger = aPersonInput({ county: '430103', name: '赵敏', sex: 'female', birth: [1960, 6, 6] });
  await importRoll(ctx, reviewer, {
    source: DEATH_ROLL,
    records: [
      {
        externalRef: 'HZ-001',
        name: '张伟',
        residentId: await residentIdOf(ctx, zhang.id),
        eventDate: '2026-10-01',
        divisionCode: '430102',
      },
      {
        externalRef: 'HZ-002',
        name: '李秀瑛',
        sex: 'female',
        birthDate: '1948-11-02',
        eventDate: '2026-10-03',
        divisionCode: '430102',
      },
      {
        externalRef: 'HZ-003',
        name: '陈志强',
        residentId: await residentIdOf(ctx, liuyang.id),
        eventDate: '2026-10-05',
        divisionCode: '430181',
      },
      {
        externalRef: 'HZ-004',
        name: stranger.name,
        residentId: stranger.residentId ?? null,
        eventDate: '2026-10-06',
        divisionCode: '430103',
      },
    ],
  });
  return { zhang, li, liuyang };
}

async function residentIdOf(ctx: CoreContext, personId: string): Promise<string | null> {
  const row = await ctx.db.kysely
    .selectFrom('people')
    .select('residentId')
    .where('id', '=', personId)
    .executeTakeFirst();
  return row?.residentId ?? null;
}

/** A completed people × death-roll job over the whole province (needs a province-scoped reviewer). */
export async function aCompletedJob(ctx: CoreContext, reviewer: Actor) {
  const job = await createJob(ctx, reviewer, {
    name: '火化名单比对',
    ruleSet: 'reverification',
    left: { kind: 'people', status: 'alive' },
    right: { kind: 'records', source: DEATH_ROLL },
  });
  const outcome = await runJob(ctx, job.id);
  return { job, outcome };
}
