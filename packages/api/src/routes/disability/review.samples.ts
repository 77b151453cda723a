/** Out-of-scope access samples for the review routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { systemActor } from '@social-affairs/core';
import { lodgeDispute, stopRecipient } from '@social-affairs/core/disability';
import { aDisabledPerson, anEntitlement } from '@social-affairs/core/disability/testing';
import { newId, todayPlainDate } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function reviewSamples(core: CoreContext, base: DisabilitySampleBase): Promise<RouteSamples> {
  const system = systemActor('test', '430102');
  const today = todayPlainDate(core.config.timeZone, core.clock.now());
  // A stopped entitlement of its own with an open dispute (the base entitlement stays active for others).
  const holder = await aDisabledPerson(core, { county: '430102', grade: 1 });
  const ent = await anEntitlement(core, holder, { divisionCode: '430102001', fromMonth: '2020-01' });
  await stopRecipient(core, system, ent.id, { reason: 'voluntary', eventDate: today });
  const disputed = await lodgeDispute(core, system, ent.id, { lodgedOn: today, reason: '本人要求恢复发放' });
  const app = (body?: unknown) => ({ params: { id: base.applicationId }, ...(body ? { body } : {}) });
  return {
    'GET /api/disability/applications/:id/review': app(),
    'POST /api/disability/applications/:id/review/submit': app({}),
    'POST /api/disability/applications/:id/review/township-check': app({
      decision: 'approve',
      stepId: newId(),
      evidenceAttachmentIds: [newId()],
    }),
    'POST /api/disability/applications/:id/review/federation': app({
      decision: 'approve',
      certificateConfirmed: true,
      categoryGradeConfirmed: true,
      stepId: newId(),
    }),
    'POST /api/disability/applications/:id/review/decision': app({ care: 'granted', stepId: newId() }),
    'POST /api/disability/applications/:id/review/objection': app({ receivedOn: today, reason: '有异议' }),
    'POST /api/disability/applications/:id/review/notice-end': app(),
    'GET /api/disability/recipients/:id': { params: { id: base.entitlementId } },
    'POST /api/disability/recipients/:id/stop': {
      params: { id: base.entitlementId },
      body: { reason: 'voluntary', eventDate: today },
    },
    'POST /api/disability/recipients/:id/disputes': {
      params: { id: ent.id },
      body: { lodgedOn: today, reason: '要求复核' },
      role: 'county_reviewer',
    },
    'POST /api/disability/disputes/:id/decision': {
      params: { id: disputed.disputes[0]!.id },
      body: { outcome: 'upheld', reason: '维持停发' },
    },
  };
}
