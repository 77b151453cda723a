/**
 * Demo data of the Qingming concern (idempotent): for each demo cemetery or columbarium (created by the
 * facilities concern, which seeds first) a published plan, slots for the next Qingming (2027-04-05 ± 3
 * days × 8 windows) and for today (so the live view shows something), a few bookings (online and by
 * phone, some checked in today), proxy-sweeping orders, and approved and pending memorial pages.
 * Synthetic names and phones only.
 */
import { addDays, maskPhone, newId, parsePlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { createMemorial, leaveMemorialMessage, moderateMemorial } from './memorials.service';
import { findMemorialByCode } from './memorials.repository';
import {
  addCheckedIn,
  insertBooking,
  qingmingFacilities,
  slotsOf,
  takeSlotPlaces,
} from './qingming.repository';
import {
  bookQingmingByPhone,
  bookQingmingVisit,
  createQingmingSlots,
  newPublicCode,
  publishQingmingPlan,
  qingmingToday,
  recordProxyOrder,
} from './qingming.service';

const SEEDER = systemActor('demo-seed', '430000');
const WINDOWS = ['07:00', '08:30', '10:00', '11:30', '13:00', '14:30', '16:00', '17:30'].map((s) => {
  const [h, m] = s.split(':').map(Number) as [number, number];
  const end = h * 60 + m + 90;
  return {
    startsAt: s,
    endsAt: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
  };
});
const NAMES = ['王建国', '李秀英', '张志强', '刘桂兰', '陈明', '杨丽华', '赵刚', '黄淑芬', '周伟', '吴海燕'];
const phoneOf = (i: number) => `139${String(70000000 + i * 7919).padStart(8, '0')}`;

export async function seedQingmingDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  const facilities = (await qingmingFacilities(db)).slice(0, 4);
  const qingming = parsePlainDate('2027-04-02');
  const today = qingmingToday(ctx);
  let n = 0;
  for (const [k, f] of facilities.entries()) {
    if ((await slotsOf(db, f.id, '2027-04-05', '2027-04-05')).length > 0) continue; // seeded already
    try {
      await publishQingmingPlan(ctx, SEEDER, {
        facilityId: f.id,
        year: 2027,
        note: `${f.name}2027年清明祭扫方案：4月2日至8日实行预约、错峰祭扫，每时段限额入园；倡导鲜花祭扫、网上祭扫，园区内禁止焚烧纸钱、燃放鞭炮。70岁以上老人可拨打服务电话由工作人员代为预约。`,
      });
      await createQingmingSlots(ctx, SEEDER, {
        facilityId: f.id,
        from: qingming,
        days: 7,
        windows: WINDOWS,
        quota: 200,
      });
      await createQingmingSlots(ctx, SEEDER, {
        facilityId: f.id,
        from: today,
        days: 2,
        windows: WINDOWS,
        quota: 60,
      });
    } catch {
      continue; // a facility that may take no business (R-FUN-05) gets no slots
    }
    // Tomorrow (within the booking horizon): online and phone bookings through the services.
    const tomorrow = addDays(today, 1);
    const slots = await slotsOf(db, f.id, tomorrow, tomorrow);
    for (let i = 0; i < 6; i++) {
      const slot = slots[i % slots.length]!;
      const input = {
        slotId: slot.id,
        visitorName: NAMES[(n + i) % NAMES.length]!,
        phone: phoneOf(k * 100 + i),
        partySize: 1 + (i % 4),
        deceasedName: i % 2 ? `${NAMES[(i + 3) % NAMES.length]!.slice(0, 1)}老先生` : null,
        plotLabel: i % 2 ? `${String.fromCharCode(65 + i)}区${10 + i}号` : null,
      };
      if (i < 4) await bookQingmingVisit(ctx, input);
      else await bookQingmingByPhone(ctx, SEEDER, input);
    }
    // Today: bookings already through the gate (written directly: their windows may have passed).
    const todays = await slotsOf(db, f.id, today, today);
    for (const [i, slot] of todays.entries()) {
      for (let j = 0; j < 3 + ((i * 5) % 7); j++) {
        const party = 1 + ((i + j) % 3);
        if (!(await takeSlotPlaces(db, slot.id, party, j % 4 === 0 ? 'phone' : 'online'))) break;
        const phone = phoneOf(k * 1000 + i * 20 + j + 500);
        const checkedIn = i < 4 && j % 3 !== 2;
        await insertBooking(db, {
          id: newId(),
          code: newPublicCode(),
          slotId: slot.id,
          facilityId: f.id,
          divisionCode: f.divisionCode,
          date: today,
          channel: j % 4 === 0 ? 'phone' : 'online',
          visitorName: NAMES[(i + j) % NAMES.length]!,
          phoneHash: ctx.keys.hmac('funeral.qingming.phone', phone),
          phoneMasked: maskPhone(phone),
          partySize: party,
          deceasedName: null,
          plotLabel: null,
          status: checkedIn ? 'checked_in' : 'active',
          createdBy: j % 4 === 0 ? SEEDER.username : null,
          createdAt: ctx.clock.now().toISOString(),
          cancelledAt: null,
          checkedInAt: checkedIn ? ctx.clock.now().toISOString() : null,
          checkedInBy: checkedIn ? SEEDER.username : null,
        });
        if (checkedIn) await addCheckedIn(db, slot.id, party);
      }
    }
    for (let i = 0; i < 3; i++)
      await recordProxyOrder(ctx, SEEDER, {
        facilityId: f.id,
        requesterName: NAMES[(i + 5) % NAMES.length]!,
        phone: phoneOf(k * 100 + 50 + i),
        deceasedName: `${NAMES[i]!.slice(0, 1)}母`,
        plotLabel: `C区${20 + i}号`,
        requestedDate: addDays(qingming, 2 + i),
        note: i === 0 ? '在外地工作，请代为献花、清扫墓碑' : null,
      });
    for (let i = 0; i < 3; i++) {
      const m = await createMemorial(ctx, {
        facilityId: f.id,
        deceasedName: `${NAMES[(i + k) % NAMES.length]!.slice(0, 1)}${['德明', '秀兰', '淑珍'][i]}`,
        birthDate: parsePlainDate(`19${30 + i * 5}-0${i + 3}-1${i}`),
        deathDate: parsePlainDate(`20${20 + i}-1${i}-0${i + 2}`),
        biography: '一生勤劳朴实，热心助人，深受乡邻敬重。子孙永远怀念。',
        creatorName: NAMES[(i + 2) % NAMES.length]!,
        phone: phoneOf(k * 100 + 80 + i),
      });
      if (i < 2) {
        const row = await findMemorialByCode(db, m.code);
        await moderateMemorial(ctx, SEEDER, row!.id, { decision: 'approved' });
        await leaveMemorialMessage(ctx, m.code, { authorName: '孙女', body: '清明时节，深切怀念您！' });
      }
    }
    n++;
  }
}
