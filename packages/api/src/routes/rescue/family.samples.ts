/** Out-of-scope access samples for the family routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { startReunion } from '@social-affairs/core/rescue';
import { aRescueCase } from '@social-affairs/core/rescue/testing';
import { newId } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function familySamples(core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  // A case of its own with an open reunion, so the other concerns' samples are not disturbed.
  const c = await aRescueCase(core, base.station, { estimatedAge: 30 });
  const reunion = await startReunion(core, base.station.staff, c.id, { channel: 'notice' });
  const onReunion = { params: { id: reunion.id } };
  return {
    'GET /api/rescue/cases/:id/family': { params: { id: base.caseId } },
    'POST /api/rescue/cases/:id/reunions': { params: { id: base.caseId }, body: { channel: 'dna' } },
    'POST /api/rescue/reunions/:id/contact': {
      ...onReunion,
      body: { familyName: '王芳', familyRelation: '母亲', familyPhone: '13800000000', version: 1 },
    },
    'POST /api/rescue/reunions/:id/identity-check': {
      ...onReunion,
      body: {
        kinName: '王芳',
        kinRelation: '母亲',
        kinResidentId: '11010519491231002X',
        evidenceAttachmentId: newId(),
        confirmedName: '张小明',
        version: 1,
      },
    },
    'POST /api/rescue/reunions/:id/handover': {
      ...onReunion,
      body: {
        collector: {
          name: '王芳',
          relation: '母亲',
          residentId: '11010519491231002X',
          idCopyAttachmentId: newId(),
        },
        belongings: [{ itemId: newId(), returned: true }],
        belongingsReceiptAttachmentId: newId(),
        version: 1,
      },
    },
    'POST /api/rescue/reunions/:id/cancel': { ...onReunion, body: { reason: '测试取消', version: 1 } },
    'GET /api/rescue/family-search': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/family-search/export': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/reunions': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/reunions/export': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/reunions/statistics': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/reunions/statistics/export': { params: {}, query: { stationId: base.station.id } },
  };
}
