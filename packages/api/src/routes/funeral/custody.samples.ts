/** Out-of-scope access samples for the custody routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { insertCaseDocument } from '@social-affairs/core/funeral';
import { newId } from '@social-affairs/kernel';
import { aCollectionOrder, aFuneralCaseAttachment } from '@social-affairs/core/funeral/testing';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function custodySamples(core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  const onCase = { params: { id: base.caseId } };
  const c = await core.db.kysely
    .selectFrom('funeralCases')
    .select(['bodyCode'])
    .where('id', '=', base.caseId)
    .executeTakeFirstOrThrow();
  const scan = await aFuneralCaseAttachment(core, base.caseId, 'other');
  const doc = { id: newId() };
  await insertCaseDocument(core.db.kysely, {
    id: doc.id,
    caseId: base.caseId,
    kind: 'other',
    number: null,
    issuer: '样例',
    issuedOn: null,
    note: null,
    attachmentId: null,
    status: 'valid',
    revokedReason: null,
    recordedBy: 'sample',
    recordedAt: core.clock.now().toISOString(),
  });
  const code = { scannedCode: c.bodyCode, note: null };
  return {
    'POST /api/funeral/cases': { params: {}, body: aCollectionOrder(base.facility.id) },
    'GET /api/funeral/cases/:id': onCase,
    'GET /api/funeral/cases/:id/label.pdf': onCase,
    'GET /api/funeral/scan/:code': { params: { code: c.bodyCode } },
    'POST /api/funeral/cases/:id/collect': { ...onCase, body: { ...code, vehicle: null } },
    'POST /api/funeral/cases/:id/store': { ...onCase, body: { ...code, place: 'A-1' } },
    'POST /api/funeral/cases/:id/farewell': { ...onCase, body: { ...code, hall: '一号厅' } },
    'POST /api/funeral/cases/:id/cremate': { ...onCase, body: { ...code, cremator: null } },
    'POST /api/funeral/cases/:id/release-ashes': {
      ...onCase,
      body: { ...code, collectorName: '王小明', collectorResidentId: '430102197001010011' },
    },
    'POST /api/funeral/cases/:id/store-ashes': {
      ...onCase,
      body: { ...code, columbariumId: base.facility.id, niche: '1-1' },
    },
    'POST /api/funeral/cases/:id/bury': {
      ...onCase,
      body: { ...code, cemeteryId: base.cemetery.id, plot: '1区1号' },
    },
    'POST /api/funeral/cases/:id/cancel': { ...onCase, body: { reason: '样例' } },
    'POST /api/funeral/cases/:id/farewell-booking': {
      ...onCase,
      body: { hall: '一号厅', on: '2099-01-01', time: '09:00' },
    },
    'POST /api/funeral/cases/:id/disposition': { ...onCase, body: { disposition: 'cremation' } },
    'POST /api/funeral/cases/:id/documents': {
      ...onCase,
      body: { kind: 'other', issuer: '样例', attachmentId: scan },
    },
    'POST /api/funeral/cases/:id/documents/:documentId/revoke': {
      params: { id: base.caseId, documentId: doc.id },
      body: { reason: '样例' },
    },
  };
}
