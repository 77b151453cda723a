/** Out-of-scope access samples for the roster routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { systemActor } from '@social-affairs/core';
import { freezeRoster } from '@social-affairs/core/disability';
import { todayPlainDate } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function rosterSamples(core: CoreContext, _base: DisabilitySampleBase): Promise<RouteSamples> {
  // The base's entitlement of 430102001 is on this month's roster of 芙蓉区.
  const month = todayPlainDate(core.config.timeZone, core.clock.now()).slice(0, 7);
  const roster = await freezeRoster(core, systemActor('test', '430102'), { countyCode: '430102', month });
  const params = { id: roster.id };
  return {
    'GET /api/disability/rosters/:id': { params },
    'GET /api/disability/rosters/:id/diff': { params },
    'GET /api/disability/rosters/:id/diff/export': { params },
    'POST /api/disability/rosters/:id/unfreeze': {
      params,
      body: { reason: '越权撤销测试' },
      role: 'subsidy_clerk',
    },
    'POST /api/disability/rosters/:id/confirm': { params, body: {} },
    'POST /api/disability/rosters/:id/sign': { params, body: {}, role: 'county_reviewer' },
  };
}
