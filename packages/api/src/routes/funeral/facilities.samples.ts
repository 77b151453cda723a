/** Out-of-scope access samples for the facilities routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import { randomUUID } from 'node:crypto';
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function facilitiesSamples(_core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  const onFacility = { params: { id: base.facility.id } };
  return Promise.resolve({
    'GET /api/funeral/facilities/:id': onFacility,
    'PUT /api/funeral/facilities/:id': {
      ...onFacility,
      body: {
        version: 1,
        address: '样例路 1 号',
        ownership: 'government',
        capacity: 10,
        approvedByLevel: 'county_government',
        reviewedByLevel: 'county_civil_affairs',
      },
    },
    'POST /api/funeral/facilities/:id/inspections': {
      ...onFacility,
      body: {
        year: 2026,
        inspectedOn: '2026-01-05',
        inspector: '样例',
        findings: '样例',
        result: 'pass',
        evidenceIds: [randomUUID()],
      },
    },
    'POST /api/funeral/facilities/:id/resubmit': { ...onFacility, body: { note: '样例重新提交' } },
    'POST /api/funeral/facilities/:id/permit-changes': {
      params: { id: base.cemetery.id },
      body: { capacity: 5, note: '样例变更' },
    },
  });
}
