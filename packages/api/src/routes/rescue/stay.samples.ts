/** Out-of-scope access samples for the stay routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { aPartnerWithAgreement, aVisitPhoto } from '@social-affairs/core/rescue/testing';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function staySamples(core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  const onCase = { params: { id: base.caseId } };
  const partner = await aPartnerWithAgreement(core, base.station);
  const photo = await aVisitPhoto(core, base.caseId);
  return {
    'GET /api/rescue/cases/:id/services': onCase,
    'POST /api/rescue/cases/:id/services': {
      ...onCase,
      body: { kind: 'food', serviceDate: '2026-11-29', description: '午餐一份', providedBy: '食堂' },
    },
    'GET /api/rescue/cases/:id/stay': onCase,
    'POST /api/rescue/cases/:id/stay-extensions': {
      ...onCase,
      body: { reason: '等待家属前来接回', requestedUntil: '2027-01-31', attachmentIds: [photo] },
    },
    'GET /api/rescue/cases/:id/placements': onCase,
    'POST /api/rescue/cases/:id/placements': {
      ...onCase,
      body: { partnerId: partner.partnerId, startedOn: '2026-11-29', reason: '长期滞留需专业照护' },
    },
    'POST /api/rescue/cases/:id/placements/end': {
      ...onCase,
      body: { endedOn: '2026-11-29', endReason: '回站' },
    },
    'GET /api/rescue/cases/:id/visits': onCase,
    'POST /api/rescue/cases/:id/visits': {
      ...onCase,
      body: { visitDate: '2026-11-29', visitor: '张三', findings: '良好', evidenceIds: [photo] },
    },
    'GET /api/rescue/cases/:id/minor': onCase,
    'POST /api/rescue/cases/:id/minor/education': {
      ...onCase,
      body: { kind: 'school', institution: '第一小学', fromDate: '2026-11-29' },
    },
    'POST /api/rescue/cases/:id/minor/guardianship': {
      ...onCase,
      body: { assessedOn: '2026-11-29', finding: 'able' },
    },
    'GET /api/rescue/cases/:id/funds': onCase,
    'POST /api/rescue/funds': {
      params: {},
      body: {
        caseId: base.caseId,
        stationId: base.station.id,
        category: 'living',
        amountFen: 1000,
        spentOn: '2026-11-29',
        description: '伙食',
      },
    },
  };
}
