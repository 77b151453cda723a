import { isDomainError, parsePlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { storeAttachment } from '../attachments/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { aFuneralFacility } from './funeral.fixtures';
import { funeralLine } from './line';
import {
  createMemorial,
  leaveMemorialMessage,
  listPublicMemorials,
  memorialsForModeration,
  messagesForModeration,
  moderateMemorial,
  moderateMemorialMessage,
  offerFlower,
  publicMemorial,
} from './memorials.service';
import { seedQingmingDemo } from './qingming.demo-seed';
import {
  bookQingmingByPhone,
  bookQingmingVisit,
  cancelQingmingBooking,
  checkInQingmingPass,
  completeProxyOrder,
  createQingmingSlots,
  findQingmingBooking,
  listQingmingBookings,
  listQingmingCemeteries,
  passTokenOf,
  proxyOrderStatus,
  publicSlots,
  publishQingmingPlan,
  qingmingLive,
  qingmingLiveOverview,
  requestProxySweeping,
  staffSlots,
} from './qingming.service';

// ManualClock starts at 2026-11-29 10:00 Beijing.
const TODAY = '2026-11-29';
const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (isDomainError(err)) return err.code;
    throw err;
  }
};
const phone = (i: number) => `138${String(10000000 + i).padStart(8, '0')}`;

async function slotCount(ctx: CoreContext, slotId: string) {
  const s = await ctx.db.kysely
    .selectFrom('funeralQingmingSlots')
    .select(['booked', 'bookedOnline', 'checkedIn', 'quota', 'reserve'])
    .where('id', '=', slotId)
    .executeTakeFirstOrThrow();
  const rows = await ctx.db.kysely
    .selectFrom('funeralQingmingBookings')
    .select(['partySize'])
    .where('slotId', '=', slotId)
    .where('status', '<>', 'cancelled')
    .execute();
  return { ...s, rows: rows.length, people: rows.reduce((n, r) => n + r.partySize, 0) };
}

async function setup(ctx: CoreContext, quota = 40) {
  const cemetery = await aFuneralFacility(ctx, { kind: 'cemetery_public_benefit', county: '430102' });
  await createQingmingSlots(ctx, cemetery.staff, {
    facilityId: cemetery.id,
    from: parsePlainDate(TODAY),
    days: 2,
    windows: [
      { startsAt: '14:00', endsAt: '15:30' },
      { startsAt: '16:00', endsAt: '17:30' },
    ],
    quota,
  });
  const slots = await staffSlots(ctx, cemetery.staff, cemetery.id);
  return { cemetery, slots };
}

describeEachDatabase(
  'Qingming bookings (R-FUN-12)',
  (t) => {
    it('never overbooks a slot under 60 parallel online and 6 parallel phone bookings; the phone reserve holds', async () => {
      const ctx = testContext(t.db, new ManualClock());
      const { cemetery, slots } = await setup(ctx, 40);
      const slot = slots[0]!;
      expect(slot).toMatchObject({ quota: 40, reserve: 4, onlineLeft: 36, left: 40 });
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          code(
            bookQingmingVisit(ctx, { slotId: slot.id, visitorName: '王清明', phone: phone(i), partySize: 1 }),
          ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(36);
      expect(results.filter((r) => r === 'QINGMING_SLOT_FULL')).toHaveLength(24);
      expect(await slotCount(ctx, slot.id)).toMatchObject({
        booked: 36,
        bookedOnline: 36,
        rows: 36,
        people: 36,
      });
      // The green channel: staff book elderly callers by phone into the reserve, never past the quota.
      const phoneResults = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          code(
            bookQingmingByPhone(ctx, cemetery.staff, {
              slotId: slot.id,
              visitorName: '李奶奶',
              phone: phone(100 + i),
              partySize: 1,
            }),
          ),
        ),
      );
      expect(phoneResults.filter((r) => r === 'ok')).toHaveLength(4);
      expect(phoneResults.filter((r) => r === 'QINGMING_SLOT_FULL')).toHaveLength(2);
      expect(await slotCount(ctx, slot.id)).toMatchObject({
        booked: 40,
        bookedOnline: 36,
        rows: 40,
        people: 40,
      });
      const list = await listQingmingBookings(
        ctx,
        cemetery.staff,
        { facilityId: cemetery.id, channel: 'phone' },
        { page: 1, pageSize: 10 },
      );
      expect(list.total).toBe(4);
      expect(list.items[0]).toMatchObject({
        channel: 'phone',
        createdBy: cemetery.staff.username,
        phoneMasked: expect.stringMatching(/^138\*+\d{4}$/),
      });
      // Public slots show only the online share.
      expect((await publicSlots(ctx, cemetery.id, TODAY)).find((s) => s.id === slot.id)?.left).toBe(0);
    });

    it('one active booking per phone per day, party size, cancel, look-up, refusals change nothing', async () => {
      const ctx = testContext(t.db, new ManualClock());
      const { slots } = await setup(ctx, 10);
      const [a, b, , tomorrow] = slots;
      const input = { visitorName: '张三', phone: '139 0000 1111', partySize: 2 };
      // Five parallel bookings of one phone on one day: exactly one wins.
      const parallel = await Promise.all(
        [a, b, a, b, a].map((s) => code(bookQingmingVisit(ctx, { ...input, slotId: s!.id }))),
      );
      expect(parallel.filter((r) => r === 'ok')).toHaveLength(1);
      expect(parallel.filter((r) => r === 'QINGMING_PHONE_ALREADY_BOOKED')).toHaveLength(4);
      const before = [await slotCount(ctx, a!.id), await slotCount(ctx, b!.id)];
      expect(before[0]!.booked + before[1]!.booked).toBe(2);
      // Another day is fine.
      const r2 = await bookQingmingVisit(ctx, { ...input, slotId: tomorrow!.id });
      expect(r2.passQr).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(r2.passToken).toBe(passTokenOf(ctx, r2.code, r2.date));
      expect(
        await code(bookQingmingVisit(ctx, { ...input, partySize: 6, phone: phone(1), slotId: a!.id })),
      ).toBe('QINGMING_PARTY_TOO_LARGE');
      expect(await code(bookQingmingVisit(ctx, { ...input, phone: '12345', slotId: a!.id }))).toBe(
        'PHONE_INVALID',
      );
      expect(await code(bookQingmingVisit(ctx, { ...input, phone: phone(2), slotId: 'nope' }))).toBe(
        'NOT_FOUND',
      );
      expect([await slotCount(ctx, a!.id), await slotCount(ctx, b!.id)]).toEqual(before);
      // Look-up and cancel by code + phone; a wrong phone answers like an unknown code.
      expect(await code(findQingmingBooking(ctx, r2.code, phone(9)))).toBe('NOT_FOUND');
      expect((await findQingmingBooking(ctx, r2.code.toLowerCase(), '13900001111')).status).toBe('active');
      await cancelQingmingBooking(ctx, r2.code, '13900001111');
      expect(await code(cancelQingmingBooking(ctx, r2.code, '13900001111'))).toBe(
        'QINGMING_BOOKING_NOT_ACTIVE',
      );
      expect(await slotCount(ctx, tomorrow!.id)).toMatchObject({ booked: 0, rows: 0 });
      // Cancelled frees the phone for that day again.
      expect(await code(bookQingmingVisit(ctx, { ...input, slotId: tomorrow!.id }))).toBe('ok');
      // A past window of today is refused.
      ctx.clock.now = () => new Date('2026-11-29T09:45:00.000Z'); // 17:45 Beijing
      expect(await code(bookQingmingVisit(ctx, { ...input, phone: phone(3), slotId: b!.id }))).toBe(
        'QINGMING_SLOT_PAST',
      );
    });

    it('checks a pass in once, on its day, at its cemetery; refuses forged, used, cancelled and other-day passes', async () => {
      const clock = new ManualClock();
      const ctx = testContext(t.db, clock);
      const { cemetery, slots } = await setup(ctx, 10);
      const other = await aFuneralFacility(ctx, { kind: 'columbarium', county: '430102' });
      const outsider = await aFuneralFacility(ctx, { kind: 'cemetery_commercial', county: '430103' });
      const today = await bookQingmingVisit(ctx, {
        slotId: slots[0]!.id,
        visitorName: '赵四',
        phone: phone(1),
        partySize: 3,
      });
      const later = await bookQingmingVisit(ctx, {
        slotId: slots[3]!.id,
        visitorName: '钱五',
        phone: phone(2),
        partySize: 1,
      });
      const gone = await bookQingmingVisit(ctx, {
        slotId: slots[1]!.id,
        visitorName: '孙六',
        phone: phone(3),
        partySize: 1,
      });
      await cancelQingmingBooking(ctx, gone.code, phone(3));
      const checkIn = (token: string, facilityId = cemetery.id, actor = cemetery.staff) =>
        code(checkInQingmingPass(ctx, actor, { facilityId, token }));
      const forged = today.passToken.slice(0, -1) + (today.passToken.endsWith('a') ? 'b' : 'a');
      expect(await checkIn(forged)).toBe('QINGMING_PASS_INVALID');
      expect(await checkIn('hello')).toBe('QINGMING_PASS_INVALID');
      expect(await checkIn(today.passToken, other.id, other.staff)).toBe('QINGMING_PASS_OTHER_CEMETERY');
      expect(await checkIn(today.passToken, cemetery.id, outsider.countyStaff)).toBe('NOT_FOUND');
      expect(await checkIn(later.passToken)).toBe('QINGMING_PASS_WRONG_DAY');
      expect(await checkIn(gone.passToken)).toBe('QINGMING_BOOKING_CANCELLED');
      expect(await checkIn(today.passToken)).toBe('ok');
      expect(await checkIn(today.passToken)).toBe('QINGMING_PASS_USED');
      expect(await slotCount(ctx, slots[0]!.id)).toMatchObject({ booked: 3, checkedIn: 3 });
      const live = await qingmingLive(ctx, cemetery.staff, cemetery.id);
      expect(live.totals).toMatchObject({ quota: 20, booked: 3, checkedIn: 3, onSite: 3 });
      clock.advanceMinutes(120);
      expect((await qingmingLive(ctx, cemetery.staff, cemetery.id)).totals.onSite).toBe(0);
      const overview = await qingmingLiveOverview(ctx, cemetery.countyStaff);
      expect(overview.rows.find((r) => r.facilityId === cemetery.id)).toMatchObject({
        booked: 3,
        checkedIn: 3,
        cityName: '长沙市',
      });
      expect(overview.rows.some((r) => r.facilityId === outsider.id)).toBe(false);
      expect(await code(qingmingLive(ctx, outsider.countyStaff, cemetery.id))).toBe('NOT_FOUND');
    });

    it('slots and plans: cemeteries only, scope, published plan on the public list', async () => {
      const ctx = testContext(t.db, new ManualClock());
      const home = await aFuneralFacility(ctx, { kind: 'funeral_home' });
      const invalid = await aFuneralFacility(ctx, {
        kind: 'cemetery_commercial',
        approvedByLevel: 'county_civil_affairs',
      });
      const { cemetery } = await setup(ctx, 10);
      const outsider = await aFuneralFacility(ctx, { kind: 'cemetery_commercial', county: '430103' });
      const body = (facilityId: string) => ({
        facilityId,
        from: parsePlainDate(TODAY),
        days: 1,
        windows: [{ startsAt: '09:00', endsAt: '10:00' }],
        quota: 5,
      });
      expect(await code(createQingmingSlots(ctx, home.staff, body(home.id)))).toBe('QINGMING_NOT_A_CEMETERY');
      expect(await code(createQingmingSlots(ctx, invalid.staff, body(invalid.id)))).toBe(
        'FUNERAL_FACILITY_INVALID',
      );
      expect(await code(createQingmingSlots(ctx, outsider.staff, body(cemetery.id)))).toBe('NOT_FOUND');
      expect(
        await createQingmingSlots(ctx, cemetery.staff, {
          ...body(cemetery.id),
          days: 2,
          windows: [{ startsAt: '14:00', endsAt: '15:30' }],
        }),
      ).toEqual({ created: 0, skipped: 2 });
      await publishQingmingPlan(ctx, cemetery.staff, {
        facilityId: cemetery.id,
        year: 2026,
        note: '错峰祭扫，文明祭扫',
      });
      const list = await listQingmingCemeteries(ctx);
      const mine = list.find((c) => c.id === cemetery.id);
      expect(mine).toMatchObject({
        plan: { year: 2026, note: '错峰祭扫，文明祭扫' },
        openDays: [TODAY, '2026-11-30'],
      });
      expect(list.some((c) => c.id === home.id || c.id === invalid.id)).toBe(false);
    });

    it('proxy sweeping: requested online, done by staff only with a photo, seen done by code', async () => {
      const ctx = testContext(t.db, new ManualClock());
      const { cemetery } = await setup(ctx, 10);
      const outsider = await aFuneralFacility(ctx, { kind: 'cemetery_commercial', county: '430103' });
      const r = await requestProxySweeping(ctx, {
        facilityId: cemetery.id,
        requesterName: '周七',
        phone: phone(7),
        deceasedName: '周老太',
        plotLabel: 'A区1号',
        requestedDate: parsePlainDate('2026-12-01'),
      });
      expect(r.status).toBe('requested');
      const row = await ctx.db.kysely
        .selectFrom('funeralQingmingProxyOrders')
        .selectAll()
        .where('code', '=', r.code)
        .executeTakeFirstOrThrow();
      expect(row.phoneMasked).toBe('138****0007');
      expect(await code(completeProxyOrder(ctx, outsider.countyStaff, row.id, {}))).toBe('NOT_FOUND');
      expect(await code(completeProxyOrder(ctx, cemetery.staff, row.id, {}))).toBe(
        'QINGMING_PROXY_PHOTO_MISSING',
      );
      await storeAttachment(ctx, cemetery.staff, {
        ownerType: 'qingming_proxy_order',
        ownerId: row.id,
        kind: 'photo',
        content: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 60 }, (_, i) => i)]),
      });
      expect((await completeProxyOrder(ctx, cemetery.staff, row.id, { note: '已献花清扫' })).status).toBe(
        'done',
      );
      expect(await code(completeProxyOrder(ctx, cemetery.staff, row.id, {}))).toBe('QINGMING_PROXY_NOT_OPEN');
      expect(await proxyOrderStatus(ctx, r.code, phone(7))).toMatchObject({
        status: 'done',
        photoCount: 1,
        performedNote: '已献花清扫',
      });
      expect(await code(proxyOrderStatus(ctx, r.code, phone(8)))).toBe('NOT_FOUND');
    });

    it('memorial pages and messages are public only after moderation; banned words refused; scope', async () => {
      const ctx = testContext(t.db, new ManualClock());
      const { cemetery } = await setup(ctx, 10);
      const outsider = await aFuneralFacility(ctx, { kind: 'cemetery_commercial', county: '430103' });
      const base = {
        facilityId: cemetery.id,
        deceasedName: '吴德明',
        birthDate: parsePlainDate('1930-01-02'),
        deathDate: parsePlainDate('2020-05-06'),
        biography: '一生勤劳。',
        creatorName: '吴小明',
        phone: phone(5),
      };
      expect(await code(createMemorial(ctx, { ...base, biography: '欢迎来赌博' }))).toBe(
        'MEMORIAL_BANNED_WORDS',
      );
      expect(await code(createMemorial(ctx, { ...base, deathDate: parsePlainDate('1920-01-01') }))).toBe(
        'MEMORIAL_DATES_INVALID',
      );
      const m = await createMemorial(ctx, base);
      expect(m.status).toBe('pending');
      expect(await code(publicMemorial(ctx, m.code))).toBe('NOT_FOUND');
      expect((await listPublicMemorials(ctx, { page: 1, pageSize: 10 })).total).toBe(0);
      const pending = await memorialsForModeration(ctx, cemetery.staff, {
        status: 'pending',
        page: 1,
        pageSize: 10,
      });
      expect(pending.items.map((x) => x.code)).toEqual([m.code]);
      expect(
        (
          await memorialsForModeration(ctx, outsider.countyStaff, {
            status: 'pending',
            page: 1,
            pageSize: 10,
          })
        ).total,
      ).toBe(0);
      const id = pending.items[0]!.id;
      expect(await code(moderateMemorial(ctx, outsider.countyStaff, id, { decision: 'approved' }))).toBe(
        'NOT_FOUND',
      );
      expect(await code(moderateMemorial(ctx, cemetery.staff, id, { decision: 'rejected' }))).toBe(
        'MODERATION_REASON_REQUIRED',
      );
      await moderateMemorial(ctx, cemetery.staff, id, { decision: 'approved' });
      expect(
        await code(moderateMemorial(ctx, cemetery.staff, id, { decision: 'rejected', reason: '内容不实' })),
      ).toBe('MODERATION_ALREADY_DECIDED');
      expect((await listPublicMemorials(ctx, { q: '德明', page: 1, pageSize: 10 })).items).toMatchObject([
        { code: m.code, flowers: 0 },
      ]);
      expect(await offerFlower(ctx, m.code)).toEqual({ flowers: 1 });
      expect(await code(leaveMemorialMessage(ctx, m.code, { authorName: '路人', body: '毒品' }))).toBe(
        'MEMORIAL_BANNED_WORDS',
      );
      await leaveMemorialMessage(ctx, m.code, { authorName: '孙女', body: '永远怀念' });
      await leaveMemorialMessage(ctx, m.code, { authorName: '某人', body: '广告' });
      expect((await publicMemorial(ctx, m.code)).messages).toEqual([]);
      const msgs = await messagesForModeration(ctx, cemetery.staff, {
        status: 'pending',
        page: 1,
        pageSize: 10,
      });
      expect(msgs.total).toBe(2);
      const first = msgs.items.find((x) => x.authorName === '孙女');
      const second = msgs.items.find((x) => x.authorName === '某人');
      await moderateMemorialMessage(ctx, cemetery.staff, first!.id, { decision: 'approved' });
      await moderateMemorialMessage(ctx, cemetery.staff, second!.id, {
        decision: 'rejected',
        reason: '与祭奠无关',
      });
      expect(
        await code(moderateMemorialMessage(ctx, outsider.countyStaff, first!.id, { decision: 'approved' })),
      ).toBe('NOT_FOUND');
      const page = await publicMemorial(ctx, m.code);
      expect(page.messages).toMatchObject([{ authorName: '孙女', body: '永远怀念' }]);
      expect(JSON.stringify(page)).not.toMatch(/1380000000|phone|facilityId/);
      const rejected = await createMemorial(ctx, { ...base, deceasedName: '郑某' });
      const rid = (
        await memorialsForModeration(ctx, cemetery.staff, { status: 'pending', page: 1, pageSize: 10 })
      ).items[0]!.id;
      await moderateMemorial(ctx, cemetery.staff, rid, { decision: 'rejected', reason: '信息不完整' });
      expect(await code(publicMemorial(ctx, rejected.code))).toBe('NOT_FOUND');
    });

    it('demo seed: slots around Qingming 2027 and today, bookings, proxy orders, memorials; idempotent', async () => {
      const ctx = testContext(t.db, new ManualClock());
      const cemetery = await aFuneralFacility(ctx, { kind: 'cemetery_public_benefit' });
      await seedQingmingDemo(ctx);
      const count = async (table: 'funeralQingmingSlots' | 'funeralQingmingBookings' | 'funeralMemorials') =>
        Number(
          (
            await ctx.db.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const counts = [
        await count('funeralQingmingSlots'),
        await count('funeralQingmingBookings'),
        await count('funeralMemorials'),
      ];
      expect(counts[0]).toBe(7 * 8 + 2 * 8);
      expect(counts[1]).toBeGreaterThan(10);
      expect(counts[2]).toBe(3);
      await seedQingmingDemo(ctx);
      expect([
        await count('funeralQingmingSlots'),
        await count('funeralQingmingBookings'),
        await count('funeralMemorials'),
      ]).toEqual(counts);
      expect((await qingmingLive(ctx, cemetery.staff, cemetery.id)).totals.checkedIn).toBeGreaterThan(0);
    });
  },
  { lines: [funeralLine] },
);
