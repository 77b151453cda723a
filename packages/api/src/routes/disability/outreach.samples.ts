/** Out-of-scope access samples for the outreach routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { systemActor } from '@social-affairs/core';
import { runOutreachRefresh } from '@social-affairs/core/disability';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

/**
 * The base person (芙蓉区, grade 2, on 低保, applying for care only) is on the living-subsidy list: one
 * refresh of 430102 pushes a reminder to 文艺路街道, whose outcome route the access test tries from elsewhere.
 */
export async function outreachSamples(core: CoreContext, base: DisabilitySampleBase): Promise<RouteSamples> {
  await runOutreachRefresh(core, systemActor('test', '430102'), '430102', '430102');
  const reminder = await core.db.kysely
    .selectFrom('disabilityOutreachReminders')
    .select('id')
    .where('personId', '=', base.person.personId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return {
    'POST /api/disability/outreach/reminders/:id/outcome': {
      params: { id: reminder.id },
      body: { outcome: 'applied', applicationId: base.applicationId },
    },
  };
}
