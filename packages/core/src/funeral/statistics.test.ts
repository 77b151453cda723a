import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { recordDeath } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aPerson, aUser, testContext } from '../testing/index';
import { appendCustodyEvent } from './cases.repository';
import { aFuneralCase, aFuneralFacility, type FuneralFacilityFixture } from './funeral.fixtures';
import { funeralLine } from './line';
import ExcelJS from 'exceljs';
import { exchangeJsonLines, exportFuneralExchange, previewFuneralExchange } from './exchange.service';
import { exchangeWorkbook } from './exchange.xlsx';
import { EXCHANGE_ENTITIES } from './exchange.dictionary';
import { insertCaseDocument } from './cases.repository';
import { newId } from '@social-affairs/kernel';
import { cremationRateOf, funeralBucketOf, funeralStatistics } from './statistics.service';

describe('funeral statistics helpers', () => {
  it('buckets and the cremation rate', () => {
    expect(funeralBucketOf('quarter', '2026-11-02')).toBe('2026-Q4');
    expect(funeralBucketOf('month', '2026-11-02')).toBe('2026-11');
    expect(cremationRateOf({ deaths: 3, deathsCremated: 1 })).toBe(0.3333);
    expect(cremationRateOf({ deaths: 0, deathsCremated: 0 })).toBeNull();
  });

  it('docs/funeral-exchange.md describes every field of the exchange dictionary', () => {
    const doc = readFileSync(new URL('../../../../docs/funeral-exchange.md', import.meta.url), 'utf8');
    for (const e of EXCHANGE_ENTITIES) {
      expect(doc, e.entity).toContain(`\`${e.entity}\``);
      for (const f of e.fields)
        expect(doc, `${e.entity}.${f.field}`).toMatch(
          new RegExp(`\\|\\s*\`${f.field}\`\\s*\\|\\s*${f.label}\\s*\\|`),
        );
    }
  });
});

/**
 * The fixture set of the statistics and exchange tests, computed by hand (docs/funeral.md "Statistics and
 * exchange"): homes A (芙蓉区 430102) and B (荷塘区 430202); deaths P1…P7 and an unidentified body.
 */
async function statisticsFixture(ctx: CoreContext) {
  const sys = systemActor('test', '000000');
  const a = await aFuneralFacility(ctx, { county: '430102', name: '统计甲殡仪馆' });
  const b = await aFuneralFacility(ctx, { county: '430202', name: '统计乙殡仪馆' });
  const event = (caseId: string, step: Parameters<typeof appendCustodyEvent>[1]['step'], at: string) =>
    appendCustodyEvent(ctx.db.kysely, { caseId, step, at, actor: 'test', code: null });
  const died = async (
    home: FuneralFacilityFixture,
    deathDate: string,
    opts: Parameters<typeof aFuneralCase>[2] = {},
  ) => {
    const c = await aFuneralCase(ctx, home, { birthDate: '1940-05-05', deathDate, ...opts });
    await recordDeath(ctx, sys, c.personId, { deathDate, source: '殡葬' });
    return c;
  };
  // P1: died in 芙蓉区 on 10-05, collected and cremated in October.
  const p1 = await died(a, '2026-10-05');
  await event(p1.id, 'collected', '2026-10-05T03:00:00.000Z');
  await event(p1.id, 'cremated', '2026-10-06T02:00:00.000Z');
  // P2: died on 10-10, in storage, not cremated yet.
  const p2 = await died(a, '2026-10-10');
  await event(p2.id, 'in_storage', '2026-10-10T05:00:00.000Z');
  // P3: a death with no funeral case (denominator only).
  const p3 = await aPerson(ctx, sys, { county: '430102', birth: [1938, 1, 1] });
  await recordDeath(ctx, sys, p3.id, { deathDate: '2026-10-12', source: '公安' });
  // P4: died in 天心区 (430103) on 09-20, received in September, cremated at A at 01:00 Beijing on 10-01.
  const p4 = await died(a, '2026-09-20', { deathDivisionCode: '430103' });
  await event(p4.id, 'collected', '2026-09-21T02:00:00.000Z');
  await event(p4.id, 'cremated', '2026-09-30T17:00:00.000Z');
  // P5: died in 荷塘区 on 10-03, body buried (disposition burial) at B.
  const p5 = await died(b, '2026-10-03', { disposition: 'burial' });
  await event(p5.id, 'collected', '2026-10-03T04:00:00.000Z');
  await event(p5.id, 'buried', '2026-10-04T04:00:00.000Z');
  // P6: died in August (outside the period).
  await died(a, '2026-08-31');
  // P7: died on 10-20, transported out on 10-21.
  const p7 = await died(a, '2026-10-20', { disposition: 'transport_out' });
  await event(p7.id, 'collected', '2026-10-20T01:00:00.000Z');
  await event(p7.id, 'transported_out', '2026-10-21T01:00:00.000Z');
  // An unidentified body stored on 10-15 (no death recorded in the index yet).
  const u = await aFuneralCase(ctx, a, { estimatedAge: 50, deathDate: '2026-10-14' });
  await event(u.id, 'in_storage', '2026-10-15T06:00:00.000Z');
  await otherConcerns(ctx, { a, b, p1 });
  return { a, b, p1, p2, p3, p4, p5, p7, u };
}

/**
 * Rows of the other concerns' tables, written directly (as fixtures do): an eco burial (F6), remediation
 * findings (F6), Qingming bookings (F7) and a bill with waived lines (F5).
 */
async function otherConcerns(
  ctx: CoreContext,
  x: { a: FuneralFacilityFixture; b: FuneralFacilityFixture; p1: { id: string; personId: string } },
) {
  const db = ctx.db.kysely;
  const now = '2026-10-01T00:00:00.000Z';
  await db
    .insertInto('funeralEcoBurials')
    .values({
      id: newId(),
      personId: x.p1.personId,
      deceasedName: '王建国',
      caseId: x.p1.id,
      facilityId: x.a.id,
      divisionCode: '430102',
      kind: 'tree',
      buriedOn: '2026-10-08',
      place: '测试树葬区',
      awardFen: 100000,
      awardBasis: '测试',
      awardStatus: 'pending',
      paidOn: null,
      recordedBy: 'test',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  // R1 found in September in a township of 芙蓉区, overdue and open; R2 found and closed in October in
  // 荷塘区; R3 found in July in 天心区, past its deadline and closed only after the period (overdue then).
  const finding = (divisionCode: string, foundOn: string, deadline: string, closedOn: string | null) => ({
    id: newId(),
    category: 'illegal_cemetery' as const,
    divisionCode,
    location: '测试地点',
    locationFlags: '',
    facilityId: null,
    description: '测试',
    foundOn,
    deadline,
    status: closedOn ? ('closed' as const) : ('open' as const),
    closedOn,
    closureNote: null,
    evidenceAttachmentIds: '',
    createdBy: 'test',
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  await db
    .insertInto('funeralRemediationFindings')
    .values([
      finding('430102001', '2026-09-10', '2026-09-30', null),
      finding('430202', '2026-10-02', '2026-12-01', '2026-10-20'),
      finding('430103', '2026-07-01', '2026-08-01', '2026-11-01'),
    ])
    .execute();
  const slotId = newId();
  await db
    .insertInto('funeralQingmingSlots')
    .values({
      id: slotId,
      facilityId: x.a.id,
      divisionCode: '430102',
      date: '2026-10-01',
      startsAt: '08:00',
      endsAt: '10:00',
      quota: 100,
      reserve: 10,
      booked: 3,
      bookedOnline: 3,
      checkedIn: 1,
      createdAt: now,
      createdBy: 'test',
    })
    .execute();
  const booking = (status: 'active' | 'checked_in' | 'cancelled', n: number) => ({
    id: newId(),
    code: `TST${n}${newId().slice(-4)}`,
    slotId,
    facilityId: x.a.id,
    divisionCode: '430102',
    date: '2026-10-01',
    channel: 'online' as const,
    visitorName: '测试',
    phoneHash: `hash${n}`,
    phoneMasked: '138****0000',
    partySize: 1,
    deceasedName: null,
    plotLabel: null,
    status,
    createdBy: null,
    createdAt: now,
    cancelledAt: null,
    checkedInAt: null,
    checkedInBy: null,
  });
  await db
    .insertInto('funeralQingmingBookings')
    .values([booking('active', 1), booking('checked_in', 2), booking('cancelled', 3)])
    .execute();
  const itemId = newId();
  await db
    .insertInto('funeralPriceItems')
    .values({
      id: itemId,
      facilityId: x.a.id,
      divisionCode: '430102',
      code: 'T01',
      name: '遗体火化',
      category: 'basic',
      basicKind: null,
      unit: '具',
      priceFen: 50000,
      legalBasis: '测试',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      status: 'published',
      publishedAt: now,
      publishedBy: 'test',
      createdBy: 'test',
      createdAt: now,
    })
    .execute();
  const bill = async (status: 'paid' | 'cancelled') => {
    const id = newId();
    await db
      .insertInto('funeralBills')
      .values({
        id,
        caseId: x.p1.id,
        facilityId: x.a.id,
        divisionCode: '430102',
        serviceDate: '2026-10-06',
        feeEra: 'from_2026',
        payer: 'family',
        eligibility: 'dibao',
        status,
        totalFen: 110000,
        familyFen: 30000,
        waivedFen: 80000,
        claimId: null,
        cancelReason: null,
        createdBy: 'test',
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      .execute();
    const line = (seq: number, waivedFen: number, waiverReason: 'dibao' | 'collection_free' | null) => ({
      id: newId(),
      billId: id,
      seq,
      priceItemId: itemId,
      code: 'T01',
      name: '测试项目',
      category: 'basic' as const,
      basicKind: null,
      unit: '次',
      unitPriceFen: 50000,
      quantity: 1,
      amountFen: waivedFen || 30000,
      familyFen: waivedFen ? 0 : 30000,
      waivedFen,
      waiverReason,
      waiverBasis: waiverReason ? '测试' : null,
    });
    await db
      .insertInto('funeralBillLines')
      .values([line(1, 50000, 'dibao'), line(2, 30000, 'collection_free'), line(3, 0, null)])
      .execute();
  };
  await bill('paid');
  await bill('cancelled');
}

describeEachDatabase(
  'funeral statistics',
  (t) => {
    it('figures by hand: deaths, the cremation rate (a death without a case in the denominator), events by Beijing day, scope', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-11-02T02:00:00.000Z'));
      const f = await statisticsFixture(ctx);
      const province = (await aUser(ctx, { role: 'supervisor', divisionCode: '430000' })).actor;
      const q = { period: 'month' as const, from: '2026-09-01', to: '2026-10-31' };
      const s = await funeralStatistics(ctx, province, q);
      expect(s.totals).toMatchObject({
        deaths: 6,
        deathsCremated: 2,
        cremationRate: 0.3333,
        bodiesReceived: 6,
        cremations: 2,
        burials: 1,
        bodyBurials: 1,
        transportedOut: 1,
        unidentified: 1,
      });
      expect(s.totals).toMatchObject({
        ecoBurials: 1,
        qingmingBookings: 2,
        qingmingCheckIns: 1,
        remediationFound: 2,
        remediationClosed: 1,
        remediationOverdue: 2,
      });
      expect(s.waivedByReason).toEqual([
        { reason: 'dibao', label: '最低生活保障对象', lines: 1, amountFen: 50000 },
        { reason: 'collection_free', label: '免费接运', lines: 1, amountFen: 30000 },
      ]);
      expect(s.unavailable).toEqual([]);
      const sep = s.buckets.find((x) => x.key === '2026-09')!;
      const oct = s.buckets.find((x) => x.key === '2026-10')!;
      expect([sep.deaths, sep.deathsCremated, sep.bodiesReceived, sep.cremations]).toEqual([1, 1, 1, 0]);
      // P4's cremation at 2026-09-30T17:00Z is 01:00 on 1 October in Beijing.
      expect([oct.deaths, oct.deathsCremated, oct.cremationRate, oct.cremations]).toEqual([5, 1, 0.2, 2]);
      const cs = s.rows.find((r) => r.divisionCode === '430100')!;
      const zz = s.rows.find((r) => r.divisionCode === '430200')!;
      expect([cs.deaths, cs.deathsCremated, cs.cremationRate, cs.cremations]).toEqual([5, 2, 0.4, 2]);
      expect([zz.deaths, zz.deathsCremated, zz.cremationRate, zz.burials]).toEqual([1, 0, 0, 1]);
      expect([cs.remediationFound, cs.remediationOverdue, zz.remediationClosed]).toEqual([1, 2, 1]);
      expect([sep.remediationFound, oct.remediationFound, oct.qingmingBookings]).toEqual([1, 1, 2]);
      expect(s.rows.find((r) => r.divisionCode === '430300')?.deaths).toBe(0);
      expect(s.cells.some((c) => c.bucket === '2026-10' && c.divisionCode === '430100')).toBe(true);

      // The county of 芙蓉区 sees its own: deaths in 芙蓉区 (P4 died in 天心区), its facility's events.
      const county = await funeralStatistics(ctx, f.a.countyStaff, q);
      expect(county.totals).toMatchObject({
        deaths: 4,
        deathsCremated: 1,
        cremationRate: 0.25,
        cremations: 2,
        bodiesReceived: 5,
        burials: 0,
        ecoBurials: 1,
        qingmingBookings: 2,
        remediationFound: 1,
        remediationClosed: 0,
        remediationOverdue: 1,
      });
      await expect(
        funeralStatistics(ctx, f.a.countyStaff, { ...q, division: '430202' }),
      ).rejects.toMatchObject({
        code: 'DIVISION_OUT_OF_SCOPE',
      });
      // A facility's own staff: its cases only, no people-index deaths.
      const home = await funeralStatistics(ctx, f.b.staff, q);
      expect(home.institutionOnly).toBe(true);
      expect(home.totals).toMatchObject({
        deaths: 0,
        cremationRate: null,
        burials: 1,
        bodiesReceived: 1,
        qingmingBookings: 0,
        remediationFound: 0,
      });
      expect(home.waivedByReason).toEqual([]);
      // Quarter buckets and refusals.
      const quarters = await funeralStatistics(ctx, province, { ...q, period: 'quarter' });
      expect(quarters.buckets.map((x) => [x.key, x.cremations])).toEqual([
        ['2026-Q3', 0],
        ['2026-Q4', 2],
      ]);
      await expect(
        funeralStatistics(ctx, province, { from: '2026-10-31', to: '2026-10-01' }),
      ).rejects.toMatchObject({ code: 'PERIOD_INVALID' });

      // A body identified through person merge: the merged (unidentified) record's case counts for the
      // survivor, and its place of death (天心区) decides the death's division.
      const sys = systemActor('test', '000000');
      const p8 = await aPerson(ctx, sys, { county: '430102', birth: [1939, 2, 2] });
      await recordDeath(ctx, sys, p8.id, { deathDate: '2026-10-25', source: '公安' });
      const u2 = await aFuneralCase(ctx, f.a, { estimatedAge: 80, deathDivisionCode: '430103' });
      await appendCustodyEvent(ctx.db.kysely, {
        caseId: u2.id,
        step: 'cremated',
        at: '2026-10-27T02:00:00.000Z',
        actor: 'test',
      });
      await ctx.db.kysely
        .updateTable('people')
        .set({ mergedInto: p8.id })
        .where('id', '=', u2.personId)
        .execute();
      const merged = await funeralStatistics(ctx, province, q);
      expect([merged.totals.deaths, merged.totals.deathsCremated, merged.totals.cremations]).toEqual([
        7, 3, 3,
      ]);
      expect((await funeralStatistics(ctx, f.a.countyStaff, q)).totals.deaths).toBe(4);
    });

    it('exchange: sheets per entity, scope, masking unless people:reveal, an audited read with row counts', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-11-02T02:00:00.000Z'));
      const f = await statisticsFixture(ctx);
      const p1 = await ctx.db.kysely
        .selectFrom('people')
        .select('residentId')
        .where('id', '=', f.p1.personId)
        .executeTakeFirstOrThrow();
      const rid = p1.residentId!;
      await insertCaseDocument(ctx.db.kysely, {
        id: newId(),
        caseId: f.p1.id,
        kind: 'death_certificate',
        number: rid,
        issuer: '测试医院',
        issuedOn: '2026-10-05',
        note: null,
        attachmentId: null,
        status: 'valid',
        revokedReason: null,
        recordedBy: 'test',
        recordedAt: '2026-10-05T04:00:00.000Z',
      });
      const q = { division: '430102', from: '2026-10-01', to: '2026-11-02' };
      // The county's funeral staff: no people:reveal → masked.
      const r = await exportFuneralExchange(ctx, f.a.countyStaff, { ...q, format: 'jsonl' });
      const count = (e: string) => r.sheets.find((s) => s.entity === e)!;
      expect(r.masked).toBe(true);
      expect(count('deceased').rows).toHaveLength(6);
      expect(count('agent').rows).toHaveLength(5);
      expect(count('facility').rows.map((x) => x.facilityId)).toEqual([f.a.id]);
      expect(count('service').rows).toHaveLength(8);
      // Price: P1's two bills (one cancelled) of three lines; reservations: the visit day's three bookings.
      expect(count('price').rows).toHaveLength(6);
      expect(count('price').rows[0]).toMatchObject({
        caseNo: f.p1.caseNo,
        waiverReason: 'dibao',
        waivedFen: 50000,
      });
      expect(
        count('reservation')
          .rows.map((x) => x.status)
          .sort(),
      ).toEqual(['active', 'cancelled', 'checked_in']);
      expect(count('reservation').rows[0]!.phoneMasked).toBe('138****0000');
      expect(count('reform_area').rows[0]).toMatchObject({ zone: 'cremation' });
      const d1 = count('deceased').rows.find((x) => x.caseNo === f.p1.caseNo)!;
      expect(d1.residentId).toBe(`${rid.slice(0, 6)}********${rid.slice(-4)}`);
      expect(d1.sex).toBe('1');
      expect(count('agent').rows[0]!.agentPhone).toBe('138****0000');
      expect(count('document').rows[0]!.number).toBe(d1.residentId);
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'funeral.exchange.export')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.details)).toMatchObject({
        format: 'jsonl',
        masked: true,
        rows: { deceased: 6, agent: 5, facility: 1, service: 8, document: 1, price: 6, reservation: 3 },
      });
      expect(audit[0]!.details).not.toContain(rid);
      const lines = [...exchangeJsonLines(r)];
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', counts: { deceased: 6, price: 6 } });
      expect(lines).toHaveLength(1 + 6 + 5 + 1 + 8 + 1 + 6 + 3 + 1);
      expect(lines.join('')).not.toContain(rid);

      // A county reviewer holds people:reveal: full ids.
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      const full = await exportFuneralExchange(ctx, reviewer, q);
      expect(full.masked).toBe(false);
      expect(full.sheets[0]!.rows.find((x) => x.caseNo === f.p1.caseNo)!.residentId).toBe(rid);

      // The workbook: 说明 then one sheet per entity, Chinese labels over field codes.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(
        (await exchangeWorkbook(r, {
          timeZone: 'Asia/Shanghai',
          exporter: '测试',
        })) as unknown as ArrayBuffer,
      );
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        '说明',
        '逝者信息',
        '承办人信息',
        '殡葬服务机构',
        '殡葬服务记录',
        '证明材料',
        '收费明细',
        '祭扫预约',
        '殡葬改革区域',
      ]);
      const sheet = wb.getWorksheet('逝者信息')!;
      expect(sheet.getRow(2).getCell(4).value).toBe('residentId');
      expect(sheet.rowCount).toBe(8);
      expect(JSON.stringify(sheet.getSheetValues())).not.toContain(rid);

      // A facility's staff sees its own facility's cases; the preview is not audited.
      const home = await previewFuneralExchange(ctx, f.b.staff, { from: q.from, to: q.to });
      expect(home.counts.find((c) => c.entity === 'deceased')!.rows).toBe(1);
      expect(home.counts.find((c) => c.entity === 'facility')!.rows).toBe(1);
      await expect(
        exportFuneralExchange(ctx, f.a.countyStaff, { ...q, division: '430202' }),
      ).rejects.toMatchObject({
        code: 'DIVISION_OUT_OF_SCOPE',
      });
      await expect(
        exportFuneralExchange(ctx, f.a.countyStaff, { ...q, from: '2025-01-01' }),
      ).rejects.toMatchObject({ code: 'PERIOD_TOO_LONG' });
      expect(
        await ctx.db.kysely
          .selectFrom('auditLog')
          .select('seq')
          .where('action', '=', 'funeral.exchange.export')
          .execute(),
      ).toHaveLength(2);
    });
  },
  { lines: [funeralLine] },
);
