/**
 * Demo data of prices and billing (idempotent): a price list for each demo funeral home (basic items at
 * plausible Hunan guided prices, non-basic items, one price change as history), a small synthetic
 * social-assistance roll through the platform import pipeline naming some demo decedents, and a few bills.
 * Facilities (F1) and cases (F2) are seeded first; a funeral home that already has a price list is skipped.
 */
import { addDays, parsePlainDate, todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import { importAssistanceRoll } from '../assistance/index';
import type { CoreContext } from '../context';
import { billsOfCaseRows, demoBillingCases, demoBillingHomes } from './billing.repository';
import { createBill } from './billing.service';
import { priceItemsOfFacility } from './prices.repository';
import { proposePriceItem, publishPriceList, type PriceItemInput } from './prices.service';

const BASIS_2026 = '发改价格〔2026〕108号；湖南省基本殡葬服务政府指导价';
const BASIS_LOCAL = '本馆选择性服务收费目录（已公示）';

const DEMO_ITEMS: Omit<PriceItemInput, 'effectiveFrom'>[] = [
  {
    code: 'B01',
    name: '遗体接运（市区）',
    category: 'basic',
    basicKind: 'collection',
    unit: '次',
    priceFen: 30_000,
    legalBasis: BASIS_2026,
  },
  {
    code: 'B02',
    name: '遗体冷藏',
    category: 'basic',
    basicKind: 'storage',
    unit: '天',
    priceFen: 10_000,
    legalBasis: BASIS_2026,
  },
  {
    code: 'B03',
    name: '遗体告别（普通厅）',
    category: 'basic',
    basicKind: 'farewell',
    unit: '场',
    priceFen: 30_000,
    legalBasis: BASIS_2026,
  },
  {
    code: 'B04',
    name: '遗体火化（普通炉）',
    category: 'basic',
    basicKind: 'cremation',
    unit: '具',
    priceFen: 42_000,
    legalBasis: BASIS_2026,
  },
  {
    code: 'B05',
    name: '骨灰寄存',
    category: 'basic',
    basicKind: 'ash_storage',
    unit: '年',
    priceFen: 10_000,
    legalBasis: BASIS_2026,
  },
  {
    code: 'N01',
    name: '遗体整容',
    category: 'non_basic',
    unit: '次',
    priceFen: 30_000,
    legalBasis: BASIS_LOCAL,
  },
  {
    code: 'N02',
    name: '豪华骨灰盒',
    category: 'non_basic',
    unit: '个',
    priceFen: 268_000,
    legalBasis: BASIS_LOCAL,
  },
  {
    code: 'N03',
    name: '豪华告别厅',
    category: 'non_basic',
    unit: '场',
    priceFen: 120_000,
    legalBasis: BASIS_LOCAL,
  },
  {
    code: 'N04',
    name: '鲜花布置',
    category: 'non_basic',
    unit: '套',
    priceFen: 50_000,
    legalBasis: BASIS_LOCAL,
  },
];

export async function seedBillingDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  const system = systemActor('demo-seed', '430000');
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const homes = await demoBillingHomes(db);
  for (const home of homes) {
    if ((await priceItemsOfFacility(db, home.id)).length > 0) continue;
    for (const item of DEMO_ITEMS)
      await proposePriceItem(ctx, system, home.id, { ...item, effectiveFrom: '2025-01-01' });
    await publishPriceList(ctx, system, home.id);
    // A price change as history: cold storage 100 → 80 yuan a day from today (the 2026 list).
    await proposePriceItem(ctx, system, home.id, {
      ...DEMO_ITEMS[1]!,
      priceFen: 8_000,
      effectiveFrom: today,
    }).catch(() => undefined);
    await publishPriceList(ctx, system, home.id).catch(() => undefined);
  }
  // A small synthetic roll naming some demo decedents (imported through the pipeline, idempotent by file).
  const cases = await demoBillingCases(db);
  const programs = ['低保', '特困', '优抚'];
  const rows = cases.slice(0, 3).map((c, i) => {
    const from = addDays(parsePlainDate(c.deathDate ?? today), -400);
    return `${c.residentId},${c.name},${programs[i]},${c.hukouDivisionCode.slice(0, 6)},${from},`;
  });
  if (rows.length > 0)
    await importAssistanceRoll(ctx, system, {
      file: Buffer.from(['公民身份号码,姓名,救助类别,区县代码,起始日期,终止日期', ...rows].join('\n')),
      fileName: '演示社会救助名单.csv',
    });
  // A few bills: basic items for everyone, a premium urn for some.
  for (const [i, c] of cases.entries()) {
    if (c.step === 'cancelled') continue;
    const exists = (await billsOfCaseRows(db, c.id)).length > 0;
    if (exists) continue;
    const items = [
      { code: 'B01', quantity: 1 },
      { code: 'B02', quantity: 2 },
      { code: 'B04', quantity: 1 },
      { code: 'B05', quantity: 1 },
      ...(i % 2 === 0 ? [{ code: 'N02', quantity: 1 }] : []),
    ];
    await createBill(ctx, system, c.id, { serviceDate: today, items }).catch(() => undefined);
  }
}
