/** Out-of-scope access samples for the qingming routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import {
  createMemorial,
  createQingmingSlots,
  leaveMemorialMessage,
  moderateMemorial,
  recordProxyOrder,
  staffSlots,
} from '@social-affairs/core/funeral';
import { addDays, todayPlainDate } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function qingmingSamples(core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  const { cemetery } = base;
  const staff = cemetery.staff;
  const tomorrow = addDays(todayPlainDate(core.config.timeZone, core.clock.now()), 1);
  await createQingmingSlots(core, staff, {
    facilityId: cemetery.id,
    from: tomorrow,
    days: 1,
    windows: [{ startsAt: '08:00', endsAt: '09:30' }],
    quota: 10,
  });
  const slot = (await staffSlots(core, staff, cemetery.id, tomorrow))[0]!;
  await recordProxyOrder(core, staff, {
    facilityId: cemetery.id,
    requesterName: '样例申请人',
    phone: '13800001234',
    deceasedName: '样例逝者',
    requestedDate: tomorrow,
  });
  const order = await core.db.kysely
    .selectFrom('funeralQingmingProxyOrders')
    .select('id')
    .where('facilityId', '=', cemetery.id)
    .executeTakeFirstOrThrow();
  const approved = await createMemorial(core, {
    facilityId: cemetery.id,
    deceasedName: '样例逝者',
    biography: '样例生平',
    creatorName: '样例家属',
    phone: '13800001235',
  });
  const memorialId = async (code: string) =>
    (
      await core.db.kysely
        .selectFrom('funeralMemorials')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;
  await moderateMemorial(core, staff, await memorialId(approved.code), { decision: 'approved' });
  await leaveMemorialMessage(core, approved.code, { authorName: '样例', body: '怀念' });
  const message = await core.db.kysely
    .selectFrom('funeralMemorialMessages')
    .select('id')
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const pending = await createMemorial(core, {
    facilityId: cemetery.id,
    deceasedName: '样例逝者二',
    biography: '样例生平',
    creatorName: '样例家属',
    phone: '13800001236',
  });
  const pendingId = await memorialId(pending.code);
  const token = 'QM1.ABCDEFGH.20261130.000000000000000000000000';
  return {
    // Public routes keyed by a memorial's code: a page not (yet) approved is not there for anyone.
    'GET /api/public/memorials/:code': { params: { code: pending.code } },
    'POST /api/public/memorials/:code/messages': {
      params: { code: pending.code },
      body: { authorName: '样例', body: '怀念' },
    },
    'POST /api/public/memorials/:code/flowers': { params: { code: pending.code } },
    'PUT /api/funeral/qingming/plans': {
      params: {},
      body: { facilityId: cemetery.id, year: 2027, note: '越权发布' },
    },
    'POST /api/funeral/qingming/slots': {
      params: {},
      body: {
        facilityId: cemetery.id,
        from: tomorrow,
        days: 1,
        windows: [{ startsAt: '10:00', endsAt: '11:00' }],
        quota: 5,
      },
    },
    'GET /api/funeral/qingming/slots': { params: {}, query: { facilityId: cemetery.id } },
    'GET /api/funeral/qingming/live': { params: {}, query: { facilityId: cemetery.id } },
    'POST /api/funeral/qingming/slots/:id/quota': { params: { id: slot.id }, body: { quota: 20 } },
    'POST /api/funeral/qingming/bookings/phone': {
      params: {},
      body: { slotId: slot.id, visitorName: '越权', phone: '13800001237', partySize: 1 },
    },
    'POST /api/funeral/qingming/check-in': { params: {}, body: { facilityId: cemetery.id, token } },
    'POST /api/funeral/qingming/proxy-orders': {
      params: {},
      body: {
        facilityId: cemetery.id,
        requesterName: '越权',
        phone: '13800001238',
        deceasedName: '某',
        requestedDate: tomorrow,
      },
    },
    'POST /api/funeral/qingming/proxy-orders/:id/done': { params: { id: order.id }, body: {} },
    'POST /api/funeral/qingming/memorials/:id/moderate': {
      params: { id: pendingId },
      body: { decision: 'approved' },
    },
    'POST /api/funeral/qingming/messages/:id/moderate': {
      params: { id: message.id },
      body: { decision: 'approved' },
    },
  };
}
