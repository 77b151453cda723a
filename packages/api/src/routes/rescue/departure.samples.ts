/** Out-of-scope access samples for the departure routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { newId } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function departureSamples(_core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  const onCase = { params: { id: base.caseId } };
  // Every record-id field of the bodies names a (here made-up) record: the case's scope is checked first.
  return {
    'GET /api/rescue/cases/:id/departure': onCase,
    'POST /api/rescue/cases/:id/departure': {
      ...onCase,
      body: {
        kind: 'collected_by_family',
        collector: {
          name: '王芳',
          relation: '母亲',
          residentId: '11010519491231002X',
          idCopyAttachmentId: newId(),
        },
        declarationAttachmentId: newId(),
        cashPayments: [{ amountFen: 1000 }],
        cashReceiptAttachmentId: newId(),
        belongings: [{ itemId: newId(), returned: true }],
        belongingsReceiptAttachmentId: newId(),
      },
    },
    'GET /api/rescue/cases/:id/self-departure-declaration.pdf': onCase,
    'POST /api/rescue/cases/:id/settlement': {
      ...onCase,
      body: { collectiveHukouInstitution: '长沙市社会福利院', attachmentIds: [newId()] },
    },
    'GET /api/rescue/departures': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/departures/export': { params: {}, query: { stationId: base.station.id } },
  };
}
