/** Out-of-scope access samples for the certificates routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { importCertificates } from '@social-affairs/core/disability';
import { aStandard } from '@social-affairs/core/disability/testing';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function certificatesSamples(
  core: CoreContext,
  base: DisabilitySampleBase,
): Promise<RouteSamples> {
  const certificateId = base.person.certificateId!;
  const run = await importCertificates(core, base.county.federation, {
    file: Buffer.from(
      '残疾人证号,公民身份号码,姓名,残疾类别,残疾等级,发证日期,有效期至,状态,状态日期,区县代码\r\n' +
        `${base.person.certificateNumber},${base.person.residentId},${base.person.name},4,2,2020-01-01,2030-01-01,有效,,430102`,
    ),
    fileName: '芙蓉区残疾人证.csv',
  });
  const standard = await aStandard(core, { divisionCode: '430102', year: 2026, amountFen: 11_000 });
  return {
    'GET /api/disability/certificates/:id': { params: { id: certificateId } },
    'POST /api/disability/certificates/:id/status': {
      params: { id: certificateId },
      body: { status: 'frozen', on: '2020-06-01', reason: '越权冻结' },
    },
    'GET /api/disability/certificates/imports/:id/report.xlsx': { params: { id: run.runId } },
    // In scope for the read-audit catalogue test (a GET record route without a path id).
    'GET /api/disability/standards/lookup': {
      params: {},
      query: { personId: base.person.personId, month: '2026-11' },
    },
    'POST /api/disability/standards/:id/withdraw': {
      params: { id: standard.id },
      body: { reason: '越权撤销' },
    },
    'POST /api/disability/standards': {
      params: {},
      role: 'supervisor',
      body: {
        divisionCode: '430181',
        year: 2026,
        subsidy: 'care',
        amountFen: 12_000,
        basis: '越权调整',
        replacesId: standard.id,
      },
    },
  };
}
