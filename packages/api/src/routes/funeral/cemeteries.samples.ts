/** Out-of-scope access samples for the cemeteries routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { storeAttachment } from '@social-affairs/core';
import {
  createPlotBlock,
  listPlots,
  recordEcoBurial,
  recordFinding,
  REMEDIATION_OWNER_TYPE,
} from '@social-affairs/core/funeral';
import { type PlainDate, childrenOf } from '@social-affairs/kernel';

import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

/** A date literal as the contracts' branded date. */
const d = (s: string) => s as PlainDate;

/** A one-page PDF (closure evidence of the sample finding). */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

export async function cemeteriesSamples(core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  const cem = base.cemetery;
  await createPlotBlock(core, cem.staff, {
    facilityId: cem.id,
    section: 'S',
    rowFrom: 1,
    rowTo: 1,
    numberFrom: 1,
    numberTo: 2,
    kind: 'ash_grave',
    areaM2: 1,
    locationFlags: [],
  });
  const plotId = (await listPlots(core, cem.staff, { facilityId: cem.id, page: 1, pageSize: 1 })).items[0]!
    .id;
  const finding = await recordFinding(core, cem.countyStaff, {
    category: 'scattered_grave_forbidden',
    divisionCode: childrenOf('430102')[0]!.code,
    location: '样例：高速公路沿线',
    locationFlags: ['highway'],
    protectedHistoric: false,
    description: '样例：新坟 1 座',
    foundOn: d('2026-01-05'),
    deadline: d('2026-03-05'),
  });
  const evidence = await storeAttachment(core, cem.countyStaff, {
    ownerType: REMEDIATION_OWNER_TYPE,
    ownerId: finding.id,
    kind: 'closure_photo',
    content: pdf,
  });
  const caseRow = await core.db.kysely
    .selectFrom('funeralCases')
    .select('personId')
    .where('id', '=', base.caseId)
    .executeTakeFirstOrThrow();
  const eco = await recordEcoBurial(core, cem.countyStaff, {
    personId: caseRow.personId,
    caseId: base.caseId,
    facilityId: cem.id,
    kind: 'tree',
    buriedOn: d('2026-01-05'),
    place: '样例树葬区',
  });
  const person = base.subject.personId;
  return {
    'GET /api/funeral/cemeteries/:id/map': { params: { id: cem.id } },
    'GET /api/funeral/plots': { params: {}, query: { facilityId: cem.id } },
    'GET /api/funeral/plots/export': { params: {}, query: { facilityId: cem.id } },
    'GET /api/funeral/plots/:id': { params: { id: plotId } },
    'POST /api/funeral/plots/blocks': {
      params: {},
      body: {
        facilityId: cem.id,
        section: 'T',
        rowFrom: 1,
        rowTo: 1,
        numberFrom: 1,
        numberTo: 1,
        kind: 'ash_grave',
        areaM2: 1,
      },
    },
    'POST /api/funeral/plots/:id/sale': {
      params: { id: plotId },
      body: {
        holderName: '样例',
        holderPhone: '13800001111',
        holderPersonId: person,
        deceasedPersonId: person,
        termFrom: d('2026-01-05'),
        termYears: 20,
      },
    },
    'POST /api/funeral/plots/:id/interment': {
      params: { id: plotId },
      body: { personId: person, remains: 'ashes', interredOn: d('2026-01-05') },
    },
    'POST /api/funeral/plots/:id/renewal': { params: { id: plotId }, body: { years: 5 } },
    'GET /api/funeral/eco-burials': { params: {}, query: { facilityId: cem.id } },
    'GET /api/funeral/eco-burials/export': { params: {}, query: { facilityId: cem.id } },
    'POST /api/funeral/eco-burials': {
      params: {},
      body: {
        personId: person,
        caseId: base.caseId,
        facilityId: cem.id,
        kind: 'tree',
        buriedOn: d('2026-01-05'),
        place: '样例',
      },
    },
    'POST /api/funeral/eco-burials/:id/paid': { params: { id: eco.id }, body: { paidOn: d('2026-01-06') } },
    'POST /api/funeral/remediation': {
      params: {},
      body: {
        category: 'illegal_cemetery',
        divisionCode: '430102',
        location: '样例位置',
        facilityId: cem.id,
        description: '样例情况',
        foundOn: d('2026-01-05'),
        deadline: d('2026-02-05'),
      },
    },
    'GET /api/funeral/remediation/:id': { params: { id: finding.id } },
    'POST /api/funeral/remediation/:id/closure': {
      params: { id: finding.id },
      body: {
        closedOn: d('2026-01-06'),
        closureNote: '样例整改',
        evidenceAttachmentIds: [evidence.attachment.id],
      },
    },
  };
}
