/** Out-of-scope access samples for the billing routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { systemActor } from '@social-affairs/core';
import {
  createBill,
  payBill,
  proposePriceItem,
  publishPriceList,
  submitReimbursementClaim,
} from '@social-affairs/core/funeral';
import { aFuneralCase, aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { todayPlainDate } from '@social-affairs/kernel';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function billingSamples(core: CoreContext, base: FuneralSampleBase): Promise<RouteSamples> {
  // A funeral home of its own (another concern's samples may change the base one), with a list and a bill.
  const f = await aFuneralFacility(core, { county: '430102' });
  const system = systemActor('test', '430000');
  const today = todayPlainDate(core.config.timeZone, core.clock.now());
  const item = (
    code: string,
    category: 'basic' | 'non_basic',
    basicKind: 'cremation' | null,
    priceFen: number,
  ) =>
    proposePriceItem(core, system, f.id, {
      code,
      name: code,
      category,
      basicKind,
      unit: '次',
      priceFen,
      legalBasis: '发改价格〔2026〕108号',
      effectiveFrom: '2020-01-01',
    });
  await item('B04', 'basic', 'cremation', 42_000);
  await item('N02', 'non_basic', null, 268_000);
  await publishPriceList(core, system, f.id);
  const draft = await proposePriceItem(core, system, f.id, {
    code: 'N09',
    name: '草稿项目',
    category: 'non_basic',
    basicKind: null,
    unit: '次',
    priceFen: 100,
    legalBasis: '本馆目录',
    effectiveFrom: '2020-01-01',
  });
  const c = await aFuneralCase(core, f, { birthDate: '1941-04-04', deathDate: today });
  const bill = await createBill(core, system, c.id, {
    serviceDate: today,
    items: [
      { code: 'B04', quantity: 1 },
      { code: 'N02', quantity: 1 },
    ],
  });
  const other = await aFuneralCase(core, f, { birthDate: '1942-04-04', deathDate: today });
  const open = await createBill(core, system, other.id, {
    serviceDate: today,
    items: [{ code: 'N02', quantity: 1 }],
  });
  const invoice = await payBill(core, system, bill.id, { method: 'cash', amountFen: bill.familyFen });
  const claim = await submitReimbursementClaim(core, system, { facilityId: f.id, month: today.slice(0, 7) });
  const id = (v: string) => ({ params: { id: v } });
  return {
    'GET /api/funeral/facilities/:id/prices': id(f.id),
    'POST /api/funeral/facilities/:id/prices': {
      ...id(f.id),
      body: {
        code: 'N10',
        name: '骨灰袋',
        category: 'non_basic',
        unit: '个',
        priceFen: 100,
        legalBasis: '本馆目录',
        effectiveFrom: today,
      },
    },
    'POST /api/funeral/facilities/:id/prices/publish': id(f.id),
    'DELETE /api/funeral/prices/:id': id(draft.id),
    'POST /api/funeral/facilities/:id/price-packages': {
      ...id(f.id),
      body: { name: '套餐', itemCodes: ['N02', 'B04'] },
    },
    'GET /api/funeral/cases/:id/billing': id(base.caseId),
    'POST /api/funeral/cases/:id/bills': {
      ...id(base.caseId),
      body: { serviceDate: today, items: [{ code: 'B04', quantity: 1 }] },
    },
    'POST /api/funeral/bills/:id/cancel': { ...id(open.id), body: { reason: '重开' } },
    'POST /api/funeral/bills/:id/pay': {
      ...id(open.id),
      body: { method: 'cash', amountFen: open.familyFen },
    },
    'POST /api/funeral/invoices/:id/void': { ...id(invoice.id), body: { reason: '开错' } },
    'POST /api/funeral/claims': { params: {}, body: { facilityId: f.id, month: today.slice(0, 7) } },
    'POST /api/funeral/claims/:id/paid': { ...id(claim.id), body: { paidOn: today } },
    'POST /api/funeral/facilities/:id/expenditures': {
      ...id(f.id),
      body: { spentOn: today, category: 'other', amountFen: 100, voucherNo: 'V1', description: '测试' },
    },
    'GET /api/funeral/facilities/:id/income-expenditure': {
      ...id(f.id),
      query: { month: today.slice(0, 7) },
    },
  };
}
