/** Out-of-scope access samples for the stations routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { systemActor } from '@social-affairs/core';
import { createRescueAgreement, createRescuePartner } from '@social-affairs/core/rescue';
import type { PlainDate } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function stationsSamples(core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  const system = systemActor('test', '430000');
  const partner = await createRescuePartner(core, system, {
    kind: 'foster',
    name: `样例托养机构${base.station.id.slice(0, 6)}`,
    divisionCode: '430102',
    ownership: 'public',
    capacity: 10,
    address: '芙蓉区样例路 1 号',
    contactName: null,
    contactPhone: null,
  });
  const agreement = await createRescueAgreement(core, system, {
    agreementNo: `样例协议${base.station.id.slice(0, 8)}`,
    stationId: base.station.id,
    partnerId: partner.id,
    validFrom: '2026-01-01' as PlainDate,
    validUntil: '2027-12-31' as PlainDate,
    places: 5,
  });
  const onStation = { params: { id: base.station.id } };
  const stationProfile = {
    name: '样例站',
    address: '地址',
    hotline: '0731-1',
    receptionAllDay: true,
    hotlineAllDay: true,
    hotlineInDirectory: true,
    capacityMale: 1,
    capacityFemale: 1,
  };
  return {
    'GET /api/rescue/stations/:id': onStation,
    'PUT /api/rescue/stations/:id': {
      ...onStation,
      body: { ...stationProfile, version: 1, status: 'active' },
    },
    'GET /api/rescue/stations/:id/dormitories': onStation,
    'POST /api/rescue/stations/:id/dormitories': {
      ...onStation,
      body: { name: '样例宿舍', sex: 'male', beds: 2 },
    },
    'PUT /api/rescue/dormitories/:id': {
      params: { id: base.station.maleDormitoryId },
      body: { name: '男宿舍一', beds: 10, status: 'active' },
    },
    'GET /api/rescue/partners/:id': { params: { id: partner.id } },
    'PUT /api/rescue/partners/:id': {
      params: { id: partner.id },
      body: {
        version: 1,
        kind: 'foster',
        name: '改名',
        divisionCode: '430181',
        ownership: 'public',
        capacity: 1,
        address: '地址',
        status: 'active',
      },
    },
    'POST /api/rescue/partners/:id/inspections': {
      params: { id: partner.id },
      body: {
        inspectedOn: '2026-01-02',
        inspector: '某',
        findings: '无',
        result: 'qualified',
        evidenceIds: ['0190c0de-0000-7000-8000-000000000001'],
      },
    },
    'GET /api/rescue/agreements': {
      params: {},
      query: { stationId: base.station.id, partnerId: partner.id },
    },
    'POST /api/rescue/agreements': {
      params: {},
      body: {
        agreementNo: 'OUT-1',
        stationId: base.station.id,
        partnerId: partner.id,
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
        places: 1,
      },
    },
    'GET /api/rescue/agreements/:id': { params: { id: agreement.id } },
    'POST /api/rescue/agreements/:id/terminate': {
      params: { id: agreement.id },
      body: { terminatedOn: '2026-01-02', reason: '样例终止' },
    },
    'GET /api/rescue/inspections': { params: {}, query: { partnerId: partner.id } },
    'GET /api/rescue/inspections/export': { params: {}, query: { partnerId: partner.id } },
  };
}
