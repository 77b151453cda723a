/** Out-of-scope access samples for the certificates routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { appendCustodyEvent, issueCertificate, requestTransport } from '@social-affairs/core/funeral';
import { aFuneralCase } from '@social-affairs/core/funeral/testing';
import { newId } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function certificatesSamples(core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  // A cremated body with a certificate, and a body in storage with a transport request (own cases, so
  // that other concerns' samples moving the base cases do not matter).
  const burnt = await aFuneralCase(core, base.facility, { birthDate: '1939-09-09', step: 'farewell' });
  await appendCustodyEvent(core.db.kysely, {
    caseId: burnt.id,
    step: 'cremated',
    at: core.clock.now().toISOString(),
    actor: 'test',
  });
  const cert = await issueCertificate(core, base.facility.staff, burnt.id, {});
  const stored = await aFuneralCase(core, base.facility, { birthDate: '1945-05-05' });
  const request = await requestTransport(core, base.facility.staff, stored.id, {
    destinationDivisionCode: '430421',
    destinationAddress: '衡阳县西渡镇',
    reason: '回原籍安葬',
    homeCountyCertificate: { number: '衡县民证〔2026〕1号', issuer: '衡阳县民政局', issuedOn: '2020-01-01' },
  });
  const onCert = { params: { id: cert.id } };
  const facilityQuery = { params: {}, query: { facilityId: base.facility.id } };
  return {
    'GET /api/funeral/cases/:id/certificates': { params: { id: burnt.id } },
    'POST /api/funeral/cases/:id/certificates': { params: { id: burnt.id }, body: {} },
    'POST /api/funeral/certificates/:id/collect': {
      ...onCert,
      body: { collectorName: '王小明', collectorRelation: '子女', collectorResidentId: '11010519491231002X' },
    },
    'POST /api/funeral/certificates/:id/register': {
      ...onCert,
      body: { office: '定王台派出所', registeredOn: '2020-01-01' },
    },
    'POST /api/funeral/certificates/:id/archive': { ...onCert, body: {} },
    'POST /api/funeral/certificates/:id/cancel': { ...onCert, body: { reason: '测试作废' } },
    'POST /api/funeral/certificates/:id/reissue': { ...onCert, body: { reason: 'lost' } },
    'GET /api/funeral/certificates/:id/pdf': onCert,
    'GET /api/funeral/certificates': facilityQuery,
    'GET /api/funeral/certificates/export': facilityQuery,
    'POST /api/funeral/cases/:id/transport-requests': {
      params: { id: (await aFuneralCase(core, base.facility, { estimatedAge: 50 })).id },
      body: {
        destinationDivisionCode: '430421',
        destinationAddress: '衡阳县西渡镇',
        reason: '回原籍安葬',
        homeCountyCertificate: {
          number: '衡县民证〔2026〕2号',
          issuer: '衡阳县民政局',
          issuedOn: '2020-01-01',
          attachmentId: newId(),
        },
      },
    },
    'POST /api/funeral/transport-requests/:id/depart': {
      params: { id: request.id },
      body: { hygieneDone: true },
    },
    'GET /api/funeral/transport-requests': facilityQuery,
    'GET /api/funeral/transport-requests/export': facilityQuery,
  };
}
