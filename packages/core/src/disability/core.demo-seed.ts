/**
 * The disability line's demo accounts beyond the platform's one-per-role-and-level set: township clerks of
 * two townships of 浏阳市 (430181, the demo county) — the windows that take applications — so the review
 * chain runs township → county federation (`federation_reviewer.county`) → county civil affairs
 * (`county_reviewer.county`) with different people.
 */
import { createUser, systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { DEMO_PASSWORD } from '../seed/index';
import { usernameTaken } from './disability.repository';

export const DEMO_DISABILITY_COUNTY = '430181';
/** 淮川街道 and 社港镇 of 浏阳市. */
export const DEMO_DISABILITY_TOWNSHIPS = ['430181001', '430181102'] as const;
export const DEMO_TOWNSHIP_CLERK = 'subsidy_clerk.township';
export const DEMO_TOWNSHIP_CLERK_2 = 'subsidy_clerk.township2';

export async function seedDisabilityAccounts(ctx: CoreContext): Promise<void> {
  const system = systemActor('seed', '430000');
  const accounts = [
    {
      username: DEMO_TOWNSHIP_CLERK,
      displayName: '演示淮川街道补贴经办员',
      divisionCode: DEMO_DISABILITY_TOWNSHIPS[0],
    },
    {
      username: DEMO_TOWNSHIP_CLERK_2,
      displayName: '演示社港镇补贴经办员',
      divisionCode: DEMO_DISABILITY_TOWNSHIPS[1],
    },
  ];
  for (const a of accounts) {
    if (await usernameTaken(ctx.db.kysely, a.username)) continue;
    await createUser(ctx, system, { ...a, role: 'subsidy_clerk', password: DEMO_PASSWORD });
  }
}
