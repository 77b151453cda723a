/** Out-of-scope access samples for the deaths routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { recordDeath, requestDeathRevocation, systemActor } from '@social-affairs/core';
import { aFuneralCase } from '@social-affairs/core/funeral/testing';
import { newId } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function deathsSamples(core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  const onCase = { params: { id: base.caseId } };
  const onBody = { params: { id: base.unidentifiedCaseId } };
  // A revocation request of 芙蓉区: a person of the county recorded dead, then the request.
  const dead = await aFuneralCase(core, base.facility, { birthDate: '1939-01-01', step: 'cancelled' });
  const system = systemActor('sample', '430102');
  const today = new Date(core.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  await recordDeath(core, system, dead.personId, { deathDate: today, source: '殡葬' });
  const revocation = await requestDeathRevocation(core, system, dead.personId, {
    reason: '样例：被死亡更正',
  });
  return {
    'POST /api/funeral/cases/:id/death-certificate': {
      ...onCase,
      body: { number: 'HN-0001', issuer: '测试医院', issuedOn: '2026-01-02', attachmentId: newId() },
    },
    'GET /api/funeral/cases/:id/deaths': onCase,
    'POST /api/funeral/cases/:id/flags/:flagId/resolve': {
      params: { id: base.caseId, flagId: newId() },
      body: { resolution: '已核实' },
    },
    'POST /api/funeral/cases/:id/police-confirmation': {
      ...onBody,
      body: { number: '公确1号', issuer: '芙蓉分局', confirmedOn: '2026-01-02', attachmentId: newId() },
    },
    'POST /api/funeral/cases/:id/claim-notice': { ...onBody, body: { startedOn: '2026-01-02' } },
    'POST /api/funeral/cases/:id/unclaimed': { ...onCase, body: { reason: '无人认领' } },
    'POST /api/funeral/cases/:id/unidentified-profile': { ...onBody, body: { features: '左眉有痣' } },
    'POST /api/funeral/death-revocations': {
      params: {},
      body: { personId: base.subject.personId, reason: '样例申请' },
    },
    'POST /api/funeral/death-revocations/:id/decide': {
      params: { id: revocation.id },
      body: { decision: 'approve', reason: '同意' },
    },
    'GET /api/funeral/unidentified': { params: {}, query: { facilityId: base.facility.id } },
    'GET /api/funeral/unidentified/export': { params: {}, query: { facilityId: base.facility.id } },
  };
}
