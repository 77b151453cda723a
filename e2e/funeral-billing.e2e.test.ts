// Issue 17 item 5 in a real browser: a 低保 decedent's bill on the case page's 收费 tab — the eligibility
// found on the social-assistance roll (never typed), the four basic items free and a premium urn charged to
// the family — then the 收费与结算 page and the assistance rolls page.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/funeral-billing-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { systemActor } from '../packages/core/src/access/index.ts';
import { importAssistanceRoll } from '../packages/core/src/assistance/index.ts';
import { proposePriceItem, publishPriceList } from '../packages/core/src/funeral/index.ts';
import { aFuneralCase, aFuneralFacility } from '../packages/core/src/funeral/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('funeral billing: a 低保 decedent in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), 'packages/web/dist is missing: run `npm run build` first');
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: false,
      webRoot,
      logLevel: 'warn',
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  void it('shows the 低保 status with its source, bills the basic items at 0 and the premium urn to the family', async () => {
    const core = platform.app.core;
    const system = systemActor('e2e', '430000');
    const f = await aFuneralFacility(core, { county: '430202', name: '株洲市殡仪馆' });
    const items = [
      ['B01', '遗体接运', 'basic', 'collection', '次', 30_000],
      ['B02', '遗体冷藏', 'basic', 'storage', '天', 10_000],
      ['B04', '遗体火化', 'basic', 'cremation', '具', 42_000],
      ['B05', '骨灰寄存', 'basic', 'ash_storage', '年', 10_000],
      ['N02', '豪华骨灰盒', 'non_basic', null, '个', 268_000],
    ] as const;
    for (const [code, name, category, basicKind, unit, priceFen] of items)
      await proposePriceItem(core, f.staff, f.id, {
        code,
        name,
        category,
        basicKind,
        unit,
        priceFen,
        legalBasis: '发改价格〔2026〕108号',
        effectiveFrom: '2025-01-01',
      });
    await publishPriceList(core, f.staff, f.id);
    const c = await aFuneralCase(core, f, { birthDate: '1941-02-03', name: '赵秀兰', sex: 'female' });
    const person = await core.db.kysely
      .selectFrom('people')
      .selectAll()
      .where('id', '=', c.personId)
      .executeTakeFirstOrThrow();
    await importAssistanceRoll(core, system, {
      file: Buffer.from(
        `公民身份号码,姓名,救助类别,区县代码,起始日期\n${person.residentId},赵秀兰,低保,430202,2024-01-01\n`,
      ),
      fileName: '荷塘区低保名册.csv',
    });

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000); // a shared 2-core machine
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(f.staff.username);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    await page.goto(`${platform.url}/funeral/cases/${c.id}?tab=billing`);
    await page
      .getByText(/低保对象：/)
      .first()
      .waitFor();
    await page.getByText('荷塘区低保名册.csv', { exact: false }).first().waitFor();
    for (const name of ['遗体接运', '遗体冷藏', '遗体火化', '骨灰寄存', '豪华骨灰盒'])
      await page
        .getByRole('row', { name: new RegExp(name) })
        .getByRole('checkbox')
        .check();
    await page.getByRole('button', { name: '开具收费单' }).click();
    const total = page.getByTestId('family-total');
    await total.waitFor();
    assert.equal(await total.textContent(), '2680.00');
    for (const name of ['遗体接运', '遗体冷藏', '遗体火化', '骨灰寄存'])
      assert.match(
        (await page
          .getByRole('row', { name: new RegExp(`^${name}`) })
          .last()
          .textContent()) ?? '',
        /0\.00.*低保对象/,
      );
    await page.screenshot({ path: `${shots}funeral-billing-case.png`, fullPage: true });
    await page.getByRole('button', { name: '收款并开票' }).click();
    await page.getByText(/发票 .*殡收字〔\d{4}〕第000001号/).waitFor();

    await page.goto(`${platform.url}/funeral/billing?tab=prices&facility=${f.id}`);
    await page.getByText('豪华骨灰盒').first().waitFor();
    await page.screenshot({ path: `${shots}funeral-billing-prices.png`, fullPage: true });
    await page.goto(`${platform.url}/funeral/billing?tab=invoices&facility=${f.id}`);
    await page
      .getByText(/第000001号/)
      .first()
      .waitFor();
    await page.screenshot({ path: `${shots}funeral-billing-invoices.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
