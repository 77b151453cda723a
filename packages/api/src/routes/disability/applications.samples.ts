/** Out-of-scope access samples for the applications routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function applicationsSamples(
  _core: CoreContext,
  base: DisabilitySampleBase,
): Promise<RouteSamples> {
  const params = { id: base.applicationId };
  return Promise.resolve({
    'GET /api/disability/applications/:id': { params },
    // Not a record of a division (the window looks anyone up, apply anywhere): for the read-audit catalogue only.
    'GET /api/disability/applications/applicant': {
      params: {},
      query: { residentId: base.person.residentId },
    },
    'POST /api/disability/applications/:id/materials-complete': { params, body: {} },
    'POST /api/disability/applications/:id/forward': { params, body: {} },
    'POST /api/disability/applications/:id/notify': { params, body: { how: 'phone' } },
    'POST /api/disability/applications/:id/withdraw': { params, body: { reason: '越权撤回' } },
    'POST /api/disability/applications/:id/exchanges': { params, body: { kind: 'note', on: '2026-01-05' } },
  });
}
