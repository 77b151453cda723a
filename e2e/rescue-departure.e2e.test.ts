// The rescue line's departure page and case tab in a real browser: a 15-year-old cannot leave alone (the
// page greys the option out with the reason); he is collected by his mother, whose id copy is uploaded
// (R-RES-07); the departure shows in the 离站与安置 ledger, which filters by kind and exports to Excel.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/rescue-departure-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeResidentId, parsePlainDate } from '@social-affairs/kernel';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  aBelonging,
  aRescueCase,
  aRescueStation,
  type RescueStationFixture,
} from '../packages/core/src/rescue/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('rescue departure web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let station: RescueStationFixture;
  const contexts: BrowserContext[] = [];

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
    station = await aRescueStation(platform.app.core, { county: '430102', name: '长沙市救助管理站' });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string) {
    // A tablet in landscape.
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1180, height: 820 },
      hasTouch: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    return { page, context, pageErrors };
  }

  const caseTab = (page: Page) => page.locator('[role="tab"][id$="-tab-departure"]');

  void it('blocks a 15-year-old from leaving alone, records his collection by his mother, and lists it in the ledger', async () => {
    const core = platform.app.core;
    const c = await aRescueCase(core, station, { estimatedAge: 15, name: '小李' });
    await aBelonging(core, c.id, '书包');
    const { page, context, pageErrors } = await signedIn(station.staff.username);
    await page.goto(`${platform.url}/rescue/cases/${c.id}`);
    await caseTab(page).click();
    await page.getByText('办理离站').waitFor();
    const self = page.getByRole('radio', { name: /自行离站/ });
    assert.equal(await self.isDisabled(), true);
    await page
      .getByText(/不可选：未满16周岁（15岁）不能独自离站/)
      .first()
      .waitFor();
    await page.screenshot({ path: `${shots}rescue-departure-minor.png`, fullPage: true });

    await page.getByText('亲属接领', { exact: true }).click();
    await page.getByLabel('姓名', { exact: true }).fill('李秀英');
    await page.getByLabel('与受助人关系').fill('母亲');
    await page.getByLabel('公民身份号码').fill(composeResidentId('430102', parsePlainDate('1985-07-08'), 22));
    await page.getByText('本人（或领人者）已在纸质清单上签收').click();
    // Without the id copy the form refuses (R-RES-07: the handover would be invalid).
    await page.getByRole('button', { name: '确认离站并结案' }).click();
    await page.getByText('交接须有领人者身份证件复印件').waitFor();
    const item = page.locator('.ant-form-item', {
      has: page.getByText('领人者身份证件复印件', { exact: true }),
    });
    await item.locator('input[type="file"][accept="image/*,application/pdf"]').setInputFiles({
      name: '李秀英身份证复印件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% id copy\n%%EOF\n'),
    });
    await item.getByText('李秀英身份证复印件.pdf').first().waitFor();
    await page.getByRole('button', { name: '确认离站并结案' }).click();
    await page.getByText('离站记录').waitFor();
    await page.getByText(/母亲 李秀英（430102\*{8}\d{3}[\dX]）/).waitFor();
    await page.screenshot({ path: `${shots}rescue-departure-collected.png`, fullPage: true });

    await page.goto(`${platform.url}/rescue/departures?kind=collected_by_family`);
    await page.locator('tbody tr.ant-table-row', { hasText: c.caseNo }).waitFor();
    const exportLink = page.getByRole('link', { name: /导出 Excel/ });
    const href = await exportLink.getAttribute('href');
    assert.ok(href?.includes('/api/rescue/departures/export'));
    assert.ok(href?.includes('kind=collected_by_family'));
    const res = await context.request.get(`${platform.url}${href}`);
    assert.equal(res.status(), 200);
    await page.screenshot({ path: `${shots}rescue-departure-ledger.png`, fullPage: true });
    await page.goto(`${platform.url}/rescue/departures?kind=death`);
    await page.getByText('没有符合条件的离站或落户安置记录。').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
