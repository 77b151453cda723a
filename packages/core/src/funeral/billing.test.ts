import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { decideApproval } from '../approvals/index';
import { importAssistanceRoll } from '../assistance/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import {
  caseBilling,
  cancelBill,
  createBill,
  incomeExpenditureReport,
  invoiceLedger,
  listClaims,
  markClaimPaid,
  payBill,
  recordExpenditure,
  submitReimbursementClaim,
  unclaimedWaiversTodo,
  voidInvoice,
} from './billing.service';
import { aFuneralCase, aFuneralFacility, type FuneralFacilityFixture } from './funeral.fixtures';
import { funeralLine } from './line';
import { seedBillingDemo } from './billing.demo-seed';
import { definePricePackage, priceList, proposePriceItem, publishPriceList } from './prices.service';

const code = (e: unknown): string | undefined => (isDomainError(e) ? e.code : String(e));
const fail = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => code(e),
  );

const BASIS = '发改价格〔2026〕108号';
async function aPriceList(ctx: CoreContext, f: FuneralFacilityFixture, from = '2026-01-01'): Promise<void> {
  const items = [
    ['B01', '遗体接运', 'basic', 'collection', '次', 30_000],
    ['B02', '遗体冷藏', 'basic', 'storage', '天', 10_000],
    ['B03', '遗体告别', 'basic', 'farewell', '场', 30_000],
    ['B04', '遗体火化', 'basic', 'cremation', '具', 42_000],
    ['B05', '骨灰寄存', 'basic', 'ash_storage', '年', 10_000],
    ['N01', '遗体整容', 'non_basic', null, '次', 30_000],
    ['N02', '豪华骨灰盒', 'non_basic', null, '个', 268_000],
    ['N03', '豪华告别厅', 'non_basic', null, '场', 120_000],
    ['N04', '鲜花布置', 'non_basic', null, '套', 50_000],
  ] as const;
  for (const [c, name, category, basicKind, unit, priceFen] of items)
    await proposePriceItem(ctx, f.staff, f.id, {
      code: c,
      name,
      category,
      basicKind,
      unit,
      priceFen,
      legalBasis: category === 'basic' ? BASIS : '本馆选择性服务收费目录',
      effectiveFrom: from,
    });
  await publishPriceList(ctx, f.staff, f.id);
}
const FOUR_BASIC = [
  { code: 'B01', quantity: 1 },
  { code: 'B02', quantity: 2 },
  { code: 'B04', quantity: 1 },
  { code: 'B05', quantity: 1 },
];

async function onRoll(ctx: CoreContext, personId: string, program: string, county: string): Promise<void> {
  const p = await ctx.db.kysely
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const clerk = (await aUser(ctx, { role: 'registrar', divisionCode: county })).actor;
  const r = await importAssistanceRoll(ctx, clerk, {
    file: Buffer.from(
      `公民身份号码,姓名,救助类别,区县代码,起始日期\n${p.residentId},${p.name},${program},${county},2024-01-01\n`,
    ),
    fileName: `${program}名单.csv`,
  });
  expect(r.rowsApplied).toBe(1);
}

describeEachDatabase(
  'funeral prices and billing (R-FUN-09, R-FUN-10)',
  (t) => {
    it('price list: published with legal basis, a change ends the old row (history), no backdating; forced bundles refused; scope', async () => {
      const clock = new ManualClock('2026-05-10T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const f = await aFuneralFacility(ctx, { county: '430202' });
      await aPriceList(ctx, f);
      const change = {
        code: 'B02',
        name: '遗体冷藏',
        category: 'basic' as const,
        basicKind: 'storage' as const,
        unit: '天',
        priceFen: 8_000,
        legalBasis: BASIS,
      };
      expect(
        await fail(proposePriceItem(ctx, f.staff, f.id, { ...change, effectiveFrom: '2026-05-01' })),
      ).toBe('FUNERAL_PRICE_CHANGE_DATE');
      expect(
        await fail(
          proposePriceItem(ctx, f.staff, f.id, {
            ...change,
            category: 'non_basic',
            basicKind: null,
            effectiveFrom: '2026-06-01',
          }),
        ),
      ).toBe('FUNERAL_PRICE_CATEGORY_CHANGED');
      expect(
        await fail(
          proposePriceItem(ctx, f.staff, f.id, { ...change, basicKind: null, effectiveFrom: '2026-06-01' }),
        ),
      ).toBe('FUNERAL_PRICE_BASIC_KIND_REQUIRED');
      expect(
        await fail(
          proposePriceItem(ctx, f.staff, f.id, { ...change, legalBasis: '', effectiveFrom: '2026-06-01' }),
        ),
      ).toBe('FUNERAL_PRICE_BASIS_REQUIRED');
      await proposePriceItem(ctx, f.staff, f.id, { ...change, effectiveFrom: '2026-06-01' });
      // The draft is not in force until published.
      expect(
        (await priceList(ctx, f.staff, f.id, '2026-06-02')).inForce.find((i) => i.code === 'B02')?.priceFen,
      ).toBe(10_000);
      await publishPriceList(ctx, f.staff, f.id);
      expect(await fail(publishPriceList(ctx, f.staff, f.id))).toBe('FUNERAL_PRICE_NOTHING_TO_PUBLISH');
      const may = await priceList(ctx, f.staff, f.id, '2026-05-31');
      const june = await priceList(ctx, f.staff, f.id, '2026-06-01');
      expect(may.inForce.find((i) => i.code === 'B02')?.priceFen).toBe(10_000);
      expect(june.inForce.find((i) => i.code === 'B02')?.priceFen).toBe(8_000);
      expect(
        june.history.filter((i) => i.code === 'B02').map((i) => [i.effectiveFrom, i.effectiveTo, i.priceFen]),
      ).toEqual([
        ['2026-01-01', '2026-05-31', 10_000],
        ['2026-06-01', null, 8_000],
      ]);
      expect(june.inForce.find((i) => i.code === 'B04')).toMatchObject({
        category: 'basic',
        legalBasis: BASIS,
      });
      // R-FUN-10 TC: an item requiring another, or a package making cremation depend on a premium hall.
      expect(
        await fail(
          proposePriceItem(ctx, f.staff, f.id, {
            code: 'B09',
            name: '火化',
            category: 'basic',
            basicKind: 'cremation',
            unit: '具',
            priceFen: 1,
            legalBasis: BASIS,
            effectiveFrom: '2026-06-01',
            requires: ['N03'],
          }),
        ),
      ).toBe('FUNERAL_FORCED_BUNDLE');
      expect(
        await fail(definePricePackage(ctx, f.staff, f.id, { name: '火化套餐', itemCodes: ['B04', 'N03'] })),
      ).toBe('FUNERAL_FORCED_BUNDLE');
      expect(
        await fail(definePricePackage(ctx, f.staff, f.id, { name: '告别套餐', itemCodes: ['N03', 'X9'] })),
      ).toBe('FUNERAL_ITEM_NOT_LISTED');
      expect(
        (await definePricePackage(ctx, f.staff, f.id, { name: '告别礼仪', itemCodes: ['N03', 'N04'] }))
          .itemCodes,
      ).toEqual(['N03', 'N04']);
      // Another facility's staff, or another county, cannot see or change this list.
      const other = await aFuneralFacility(ctx, { county: '430202' });
      expect(await fail(priceList(ctx, other.staff, f.id))).toBe('NOT_FOUND');
      expect(
        await fail(proposePriceItem(ctx, other.staff, f.id, { ...change, effectiveFrom: '2026-07-01' })),
      ).toBe('NOT_FOUND');
      const far = await aFuneralFacility(ctx, { county: '430102' });
      expect(await fail(publishPriceList(ctx, far.countyStaff, f.id))).toBe('NOT_FOUND');
    });

    it('TC: a 低保 decedent → the four basic items 0, premium urn and extra services billed; item not listed refused; pay → numbered invoice; void', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-05-10T02:00:00.000Z'));
      const f = await aFuneralFacility(ctx, { county: '430202' }); // 株洲荷塘区: no universal coverage, no free collection
      await aPriceList(ctx, f);
      const c = await aFuneralCase(ctx, f, { birthDate: '1940-02-02', deathDate: '2026-05-08' });
      await onRoll(ctx, c.personId, '低保', '430202');
      const view = await caseBilling(ctx, f.staff, c.id);
      expect(view.eligibility).toMatchObject({ reason: 'dibao', payer: 'family' });
      expect(view.eligibility.programs[0]!.source).toContain('低保名单.csv');
      expect(
        await fail(
          createBill(ctx, f.staff, c.id, {
            serviceDate: '2026-05-09',
            items: [...FOUR_BASIC, { code: 'X99', quantity: 1 }],
          }),
        ),
      ).toBe('FUNERAL_ITEM_NOT_LISTED');
      expect(
        await fail(createBill(ctx, f.staff, c.id, { serviceDate: '2026-05-07', items: FOUR_BASIC })),
      ).toBe('FUNERAL_SERVICE_DATE_BEFORE_DEATH');
      expect(await fail(createBill(ctx, f.staff, c.id, { serviceDate: '2026-05-09', items: [] }))).toBe(
        'FUNERAL_BILL_EMPTY',
      );
      expect(
        await fail(
          createBill(ctx, f.staff, c.id, {
            serviceDate: '2026-05-09',
            items: [
              { code: 'B01', quantity: 1 },
              { code: 'B01', quantity: 1 },
            ],
          }),
        ),
      ).toBe('FUNERAL_BILL_ITEM_REPEATED');
      const bill = await createBill(ctx, f.staff, c.id, {
        serviceDate: '2026-05-09',
        items: [...FOUR_BASIC, { code: 'N02', quantity: 1 }, { code: 'N01', quantity: 1 }],
      });
      expect(bill.lines.map((l) => [l.code, l.amountFen, l.familyFen, l.waiverReason])).toEqual([
        ['B01', 30_000, 0, 'dibao'],
        ['B02', 20_000, 0, 'dibao'],
        ['B04', 42_000, 0, 'dibao'],
        ['B05', 10_000, 0, 'dibao'],
        ['N02', 268_000, 268_000, null],
        ['N01', 30_000, 30_000, null],
      ]);
      expect(bill.lines[0]!.waiverBasis).toContain('低保对象');
      expect(bill).toMatchObject({
        status: 'open',
        familyFen: 298_000,
        waivedFen: 102_000,
        feeEra: 'from_2026',
      });
      expect(
        await fail(createBill(ctx, f.staff, c.id, { serviceDate: '2026-05-09', items: FOUR_BASIC })),
      ).toBe('FUNERAL_BILL_EXISTS');
      expect(await fail(payBill(ctx, f.staff, bill.id, { method: 'wechat', amountFen: 100 }))).toBe(
        'FUNERAL_PAYMENT_AMOUNT',
      );
      const inv = await payBill(ctx, f.staff, bill.id, { method: 'wechat', amountFen: 298_000 });
      expect(inv.invoiceNo).toMatch(/殡收字〔2026〕第000001号$/);
      expect(await fail(payBill(ctx, f.staff, bill.id, { method: 'wechat', amountFen: 298_000 }))).toBe(
        'FUNERAL_BILL_NOT_PAYABLE',
      );
      expect(await fail(cancelBill(ctx, f.staff, bill.id, { reason: '重开' }))).toBe(
        'FUNERAL_BILL_NOT_CANCELLABLE',
      );
      expect(await fail(voidInvoice(ctx, f.staff, inv.id, { reason: 'x' }))).toBe('FUNERAL_REASON_REQUIRED');
      const other = await aFuneralFacility(ctx, { county: '430202' });
      expect(await fail(voidInvoice(ctx, other.staff, inv.id, { reason: '开错' }))).toBe('NOT_FOUND');
      const voided = await voidInvoice(ctx, f.staff, inv.id, { reason: '付款方式登记错误' });
      expect(voided).toMatchObject({ status: 'void', voidReason: '付款方式登记错误' });
      const again = await payBill(ctx, f.staff, bill.id, { method: 'cash', amountFen: 298_000 });
      expect(again.invoiceNo).toMatch(/第000002号$/);
      const ledger = await invoiceLedger(ctx, f.staff, { sort: 'invoiceNo', order: 'desc' });
      expect(ledger.items.map((i) => [i.invoiceNo.slice(-8), i.status])).toEqual([
        ['第000002号', 'issued'],
        ['第000001号', 'void'],
      ]);
      expect(ledger.totalFen).toBe(298_000);
      expect((await invoiceLedger(ctx, other.staff, {})).total).toBe(0);
    });

    it('TCs: no status and no coverage → standard price; Changsha: collection free, hukou residents covered; unidentified → county finance, family 0', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-05-10T02:00:00.000Z'));
      const zz = await aFuneralFacility(ctx, { county: '430202' });
      await aPriceList(ctx, zz);
      const plain = await aFuneralCase(ctx, zz, { birthDate: '1950-03-03', deathDate: '2026-05-01' });
      const std = await createBill(ctx, zz.staff, plain.id, { serviceDate: '2026-05-02', items: FOUR_BASIC });
      expect(std).toMatchObject({ familyFen: 102_000, waivedFen: 0, status: 'open' });
      expect(std.eligibility.reason).toBeNull();

      const cs = await aFuneralFacility(ctx, { county: '430102' }); // 长沙市芙蓉区
      await aPriceList(ctx, cs);
      const visitor = await aFuneralCase(ctx, cs, { birthDate: '1950-03-03', deathDate: '2026-05-01' });
      // A visitor whose hukou is outside Changsha (the fixture writes the facility's county).
      await ctx.db.kysely
        .updateTable('people')
        .set({ hukouDivisionCode: '430202' })
        .where('id', '=', visitor.personId)
        .execute();
      const vb = await createBill(ctx, cs.staff, visitor.id, {
        serviceDate: '2026-05-02',
        items: FOUR_BASIC,
      });
      expect(vb.lines.map((l) => [l.code, l.familyFen, l.waiverReason])).toEqual([
        ['B01', 0, 'collection_free'],
        ['B02', 20_000, null],
        ['B04', 42_000, null],
        ['B05', 10_000, null],
      ]);
      const resident = await aFuneralCase(ctx, cs, { birthDate: '1951-04-04', deathDate: '2026-05-01' });
      const rb = await createBill(ctx, cs.staff, resident.id, {
        serviceDate: '2026-05-02',
        items: [...FOUR_BASIC, { code: 'B03', quantity: 1 }, { code: 'N04', quantity: 1 }],
      });
      expect(rb.lines.map((l) => [l.code, l.familyFen, l.waiverReason])).toEqual([
        ['B01', 0, 'universal'],
        ['B02', 0, 'universal'],
        ['B04', 0, 'universal'],
        ['B05', 0, 'universal'],
        ['B03', 30_000, null], // 告别: basic at the guided price, not among the free kinds by default
        ['N04', 50_000, null],
      ]);

      const nameless = await aFuneralCase(ctx, zz, { estimatedAge: 60, deathDate: '2026-04-20' });
      expect(
        await fail(
          createBill(ctx, zz.staff, nameless.id, {
            serviceDate: '2026-05-02',
            items: [...FOUR_BASIC, { code: 'N02', quantity: 1 }],
          }),
        ),
      ).toBe('FUNERAL_NON_BASIC_FOR_COUNTY_PAYER');
      const nb = await createBill(ctx, zz.staff, nameless.id, {
        serviceDate: '2026-05-02',
        items: FOUR_BASIC,
      });
      expect(nb).toMatchObject({
        payer: 'county_finance',
        familyFen: 0,
        waivedFen: 102_000,
        status: 'settled',
      });
      expect(nb.lines.every((l) => l.waiverReason === 'unidentified')).toBe(true);
      expect(await fail(payBill(ctx, zz.staff, nb.id, { method: 'cash', amountFen: 0 }))).toBe(
        'FUNERAL_BILL_NOT_PAYABLE',
      );
      // A cancelled bill can be replaced.
      await cancelBill(ctx, zz.staff, std.id, { reason: '家属改选项目' });
      expect(
        (
          await createBill(ctx, zz.staff, plain.id, {
            serviceDate: '2026-05-02',
            items: [{ code: 'B04', quantity: 1 }],
          })
        ).familyFen,
      ).toBe(42_000);
    });

    it('monthly reimbursement claim to the county on the approval engine; 收支两条线 report keeps income and expenditure apart', async () => {
      const clock = new ManualClock('2026-05-10T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const f = await aFuneralFacility(ctx, { county: '430202' });
      await aPriceList(ctx, f);
      const poor = await aFuneralCase(ctx, f, { birthDate: '1944-01-01', deathDate: '2026-05-02' });
      await onRoll(ctx, poor.personId, '特困', '430202');
      const nameless = await aFuneralCase(ctx, f, { estimatedAge: 50, deathDate: '2026-05-01' });
      const b1 = await createBill(ctx, f.staff, poor.id, {
        serviceDate: '2026-05-03',
        items: [...FOUR_BASIC, { code: 'N02', quantity: 1 }],
      });
      await createBill(ctx, f.staff, nameless.id, { serviceDate: '2026-05-04', items: FOUR_BASIC });
      await payBill(ctx, f.staff, b1.id, { method: 'bank_card', amountFen: 268_000 });
      // To-do: nothing while the month runs; from the next month on, the unclaimed waivers are due.
      expect(await unclaimedWaiversTodo(ctx, f.staff)).toEqual([]);
      clock.set('2026-06-02T02:00:00.000Z');
      expect((await unclaimedWaiversTodo(ctx, f.staff))[0]).toMatchObject({
        kind: 'funeral.claims-due',
        count: 2,
      });
      clock.set('2026-05-10T02:00:00.000Z');
      expect(await fail(submitReimbursementClaim(ctx, f.staff, { facilityId: f.id, month: '2026-06' }))).toBe(
        'FUNERAL_CLAIM_MONTH',
      );
      expect(await fail(submitReimbursementClaim(ctx, f.staff, { facilityId: f.id, month: '2026-04' }))).toBe(
        'FUNERAL_CLAIM_EMPTY',
      );
      const claim = await submitReimbursementClaim(ctx, f.staff, { facilityId: f.id, month: '2026-05' });
      expect(claim.totalFen).toBe(204_000);
      expect(claim.breakdown.map((b) => [b.reason, b.cases, b.amountFen]).sort()).toEqual([
        ['tekun', 1, 102_000],
        ['unidentified', 1, 102_000],
      ]);
      expect(await fail(submitReimbursementClaim(ctx, f.staff, { facilityId: f.id, month: '2026-05' }))).toBe(
        'FUNERAL_CLAIM_EXISTS',
      );
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430202' })).actor;
      expect(await fail(markClaimPaid(ctx, reviewer, claim.id, { paidOn: '2026-05-10' }))).toBe(
        'FUNERAL_CLAIM_NOT_APPROVED',
      );
      await decideApproval(ctx, reviewer, claim.approvalId!, {
        decision: 'reject',
        reason: '缺少火化证明复印件',
      });
      await ctx.events.dispatchPending();
      expect((await listClaims(ctx, f.staff, {}))[0]).toMatchObject({
        status: 'rejected',
        decisionReason: '缺少火化证明复印件',
      });
      // Rejected: the bills are free for a new claim.
      const again = await submitReimbursementClaim(ctx, f.staff, { facilityId: f.id, month: '2026-05' });
      expect(again.totalFen).toBe(204_000);
      await decideApproval(ctx, reviewer, again.approvalId!, { decision: 'approve' });
      await ctx.events.dispatchPending();
      await ctx.events.dispatchPending(); // replay changes nothing
      const paid = await markClaimPaid(ctx, reviewer, again.id, { paidOn: '2026-05-10' });
      expect(paid).toMatchObject({ status: 'paid', paidOn: '2026-05-10' });
      const outsider = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      expect(await fail(markClaimPaid(ctx, outsider, again.id, { paidOn: '2026-05-10' }))).toBe('NOT_FOUND');

      // 收支两条线.
      await recordExpenditure(ctx, f.staff, f.id, {
        spentOn: '2026-05-05',
        category: 'utilities',
        amountFen: 150_000,
        voucherNo: '记-2026-05-001',
        description: '火化炉燃气费',
      });
      expect(
        await fail(
          recordExpenditure(ctx, f.staff, f.id, {
            spentOn: '2026-05-06',
            category: 'other',
            amountFen: 1,
            voucherNo: '记-2026-05-001',
            description: '重复',
          }),
        ),
      ).toBe('FUNERAL_VOUCHER_DUPLICATE');
      const report = await incomeExpenditureReport(ctx, f.staff, f.id, '2026-05');
      expect(report.income).toMatchObject({ count: 1, totalFen: 268_000 });
      expect(report.expenditure).toMatchObject({ count: 1, totalFen: 150_000 });
      expect(report).not.toHaveProperty('balanceFen');
      const privateHome = await aFuneralFacility(ctx, { county: '430202', governmentInvested: false });
      expect(
        await fail(
          recordExpenditure(ctx, privateHome.staff, privateHome.id, {
            spentOn: '2026-05-05',
            category: 'other',
            amountFen: 1,
            voucherNo: 'v1',
            description: '测试',
          }),
        ),
      ).toBe('FUNERAL_NOT_GOVERNMENT_FACILITY');
    });

    it('demo seed: a price list with a change history, a synthetic roll and bills; a second run adds nothing', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-05-10T02:00:00.000Z'));
      const f = await aFuneralFacility(ctx, { county: '430202' });
      await aFuneralCase(ctx, f, { birthDate: '1940-01-01', deathDate: '2026-05-01' });
      await aFuneralCase(ctx, f, { birthDate: '1941-01-01', deathDate: '2026-05-02' });
      await seedBillingDemo(ctx);
      await seedBillingDemo(ctx);
      const list = await priceList(ctx, f.staff, f.id);
      expect(list.inForce).toHaveLength(9);
      expect(list.history.filter((i) => i.code === 'B02').map((i) => i.priceFen)).toEqual([10_000, 8_000]);
      const bills = await ctx.db.kysely.selectFrom('funeralBills').selectAll().execute();
      expect(bills).toHaveLength(2);
      expect(bills.every((b) => b.waivedFen > 0)).toBe(true); // both decedents are on the demo roll
    });
  },
  { lines: [funeralLine] },
);
