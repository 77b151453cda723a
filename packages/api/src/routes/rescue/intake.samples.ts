/** Out-of-scope access samples for the intake routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { refuseApplicant } from '@social-affairs/core/rescue';
import { rescueRefusalBody } from '@social-affairs/kernel/contracts/rescue';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

const qualifies = {
  canPayFoodLodging: false,
  hasRelativesToTurnTo: false,
  receivesSubsistence: false,
  situation: 'vagrant_begging',
  information: 'given',
} as const;

export async function intakeSamples(core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  const { station, caseId } = base;
  const refusal = await refuseApplicant(
    core,
    station.staff,
    rescueRefusalBody.parse({
      stationId: station.id,
      nameGiven: '样例',
      eligibility: { ...qualifies, receivesSubsistence: true },
    }),
  );
  return {
    'POST /api/rescue/intakes': {
      params: {},
      body: {
        stationId: station.id,
        eligibility: qualifies,
        nameGiven: '外站人员',
        sex: 'male',
        estimatedAge: 40,
        referralSource: 'self',
        securityCheck: 'passed',
        dormitoryId: station.maleDormitoryId,
        caseworkerName: '王明',
        caseworkerSex: 'male',
      },
    },
    'POST /api/rescue/refusals': {
      params: {},
      body: { stationId: station.id, eligibility: { ...qualifies, canPayFoodLodging: true } },
    },
    'GET /api/rescue/refusals/:id': { params: { id: refusal.id } },
    'GET /api/rescue/refusals/:id/notice.pdf': { params: { id: refusal.id } },
    'GET /api/rescue/cases/:id': { params: { id: caseId } },
    'POST /api/rescue/cases/:id/belongings': {
      params: { id: caseId },
      body: { item: '背包', quantity: 1 },
    },
    'POST /api/rescue/cases/:id/identify': {
      params: { id: caseId },
      body: { personId: base.subject.personId, reason: '指纹比对一致' },
    },
    'GET /api/rescue/residents': { params: {}, query: { stationId: station.id } },
    'GET /api/rescue/residents/export': { params: {}, query: { stationId: station.id } },
  };
}
