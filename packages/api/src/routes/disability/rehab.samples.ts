/** Out-of-scope access samples for the rehab routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { addDays, todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '@social-affairs/core';
import {
  createFukangCase,
  createRehabInstitution,
  createRental,
  createRentalPoint,
  enrolRehab,
  saveDeviceItem,
  setPointStock,
} from '@social-affairs/core/disability';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

/**
 * A 芙蓉区 rehabilitation institution with the base person enrolled, a rental point at 文艺路街道 with the
 * person renting a wheelchair, and a 福康工程 case of the person. The write routes that need county level or
 * `disability:manage` in the service run as the county's subsidy clerk (role `subsidy_clerk`).
 */
export async function rehabSamples(core: CoreContext, base: DisabilitySampleBase): Promise<RouteSamples> {
  const sys = systemActor('test', '430102');
  const today = todayPlainDate(core.config.timeZone, core.clock.now());
  const inst = await createRehabInstitution(core, sys, {
    name: '芙蓉区样例康复站',
    kind: 'community_rehab',
    divisionCode: '430102001',
    servesDistricts: [],
    capacity: 10,
    services: ['daily_life'],
    address: null,
    phone: null,
    pilot: null,
  });
  const person = base.person.personId;
  const enrolment = await enrolRehab(core, sys, {
    institutionId: inst.id,
    personId: person,
    basis: 'home_patient',
    divisionCode: '430102001',
    enrolledOn: today,
    note: null,
  });
  const item = await saveDeviceItem(core, sys, {
    code: 'SAMPLE-01',
    name: '样例轮椅',
    category: 'mobility',
    rentalFenPerMonth: 3000,
    purchaseCapFen: 80000,
    status: 'active',
  });
  const point = await createRentalPoint(core, sys, {
    name: '文艺路样例租赁点',
    kind: 'community',
    divisionCode: '430102001',
    institutionId: inst.id,
    address: null,
  });
  await setPointStock(core, sys, point.id, { itemId: item.id, quantity: 2 });
  const rental = await createRental(core, sys, {
    personId: person,
    itemId: item.id,
    pointId: point.id,
    fromOn: today,
    dueOn: addDays(today, 90),
    depositFen: 0,
    note: null,
  });
  const fukang = await createFukangCase(core, sys, {
    personId: person,
    divisionCode: '430102001',
    itemKind: 'surgery',
    itemId: null,
    itemName: '样例手术',
    requestedFen: 100_000,
    appliedOn: today,
    note: null,
  });
  const step = { on: today, note: null };
  return {
    'GET /api/disability/rehab/institutions/:id': { params: { id: inst.id } },
    'PUT /api/disability/rehab/institutions/:id': {
      params: { id: inst.id },
      role: 'subsidy_clerk',
      body: {
        name: '芙蓉区样例康复站',
        servesDistricts: [],
        capacity: 12,
        services: ['daily_life'],
        address: null,
        phone: null,
        pilot: null,
        status: 'active',
        version: 1,
      },
    },
    'POST /api/disability/rehab/enrolments': {
      params: {},
      body: {
        institutionId: inst.id,
        personId: person,
        basis: 'home_patient',
        divisionCode: '430102001',
        enrolledOn: today,
      },
    },
    'GET /api/disability/rehab/enrolments/:id': { params: { id: enrolment.id } },
    'POST /api/disability/rehab/enrolments/:id/sessions': {
      params: { id: enrolment.id },
      body: { heldOn: today, kind: 'daily_life' },
    },
    'POST /api/disability/rehab/enrolments/:id/discharge': {
      params: { id: enrolment.id },
      body: { dischargedOn: today, reason: '样例结案' },
    },
    'POST /api/disability/devices/points': {
      params: {},
      role: 'subsidy_clerk',
      body: { name: '另一样例点', kind: 'community', divisionCode: '430102001', institutionId: inst.id },
    },
    'GET /api/disability/devices/points/:id': { params: { id: point.id } },
    'PUT /api/disability/devices/points/:id/stock': {
      params: { id: point.id },
      body: { itemId: item.id, quantity: 5 },
    },
    'POST /api/disability/devices/rentals': {
      params: {},
      body: {
        personId: person,
        itemId: item.id,
        pointId: point.id,
        fromOn: today,
        dueOn: rental.dueOn,
        depositFen: 0,
      },
    },
    'POST /api/disability/devices/rentals/:id/return': {
      params: { id: rental.id },
      body: { returnedOn: today, depositRefundFen: 0 },
    },
    'POST /api/disability/devices/fukang': {
      params: {},
      body: {
        personId: person,
        divisionCode: '430102001',
        itemKind: 'device',
        itemId: item.id,
        itemName: '样例轮椅',
        requestedFen: 1000,
        appliedOn: today,
      },
    },
    'POST /api/disability/devices/fukang/:id/decision': {
      params: { id: fukang.id },
      body: { outcome: 'approved', approvedFen: 1000, decidedOn: today },
    },
    'POST /api/disability/devices/fukang/:id/delivery': { params: { id: fukang.id }, body: step },
    'POST /api/disability/devices/fukang/:id/close': { params: { id: fukang.id }, body: step },
  };
}
