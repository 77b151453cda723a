/**
 * Out-of-scope samples (tests only) for the user-administration routes: the province account `userId`
 * (outside any county administrator's scope) and an institution of 芙蓉区 named in the access change.
 */
import type { CoreContext } from '@social-affairs/core';
import { institutionSample } from './person-merge.samples';

export async function userAdminSamples(
  core: CoreContext,
  userId: string,
): Promise<Record<string, { params: Record<string, string>; body?: unknown }>> {
  const institution = await institutionSample(core);
  return {
    'POST /api/users/:id/access': {
      params: { id: userId },
      body: { role: 'funeral_staff', divisionCode: '430102001', institutionId: institution.id },
    },
    'POST /api/users/:id/status': { params: { id: userId }, body: { status: 'disabled' } },
    'POST /api/users/:id/unlock': { params: { id: userId } },
  };
}
