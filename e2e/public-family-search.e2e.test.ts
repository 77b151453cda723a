// The public family-search pages (全国救助寻亲, no login; ADR 0026) in a real browser at phone width: from
// the login page's link, a live 寻亲公告 card with its photo (no case number, no exact place), then 我要寻亲:
// a refused submit keeps what was typed and shows the error next to the field, a good one shows the
// receipt and query code, and 查询进度 answers 处理中 for them.
// Needs `npm run build` first (packages/web/dist). Screenshots go to test-results/public-family-search-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { storeAttachment } from '../packages/core/src/attachments/index.ts';
import { tinyPng } from '../packages/core/src/rescue/rescue.demo-activity.ts';
import { issueSearchNotice } from '../packages/core/src/rescue/search-notice.service.ts';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('public family-search pages', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let number = '';
  let caseNo = '';

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
    const core = platform.app.core;
    const station = await aRescueStation(core, { county: '430102', name: '长沙市救助管理站' });
    const c = await aRescueCase(core, station, { estimatedAge: 70, sex: 'female' });
    caseNo = c.caseNo;
    await storeAttachment(core, station.staff, {
      ownerType: 'rescue_case',
      ownerId: c.id,
      kind: 'photo',
      content: tinyPng(3),
    });
    number = (await issueSearchNotice(core, station.staff, c.id)).number;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  void it('shows a live notice, files a report (a refused submit keeps the values) and checks its progress', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByRole('link', { name: '全国救助寻亲' }).click();
    await page.getByRole('heading', { name: '全国救助寻亲', level: 1 }).waitFor();

    // 寻亲公告: the card with its photo; the case number and the exact place are not shown.
    const card = page.getByTestId('public-notice');
    await card.getByText(`公告编号 ${number}`, { exact: false }).waitFor();
    await card.getByText('约70岁', { exact: false }).waitFor();
    await card.getByText('长沙市芙蓉区', { exact: false }).first().waitFor();
    const img = card.getByRole('img', { name: `寻亲公告 ${number} 照片` });
    await img.waitFor();
    const loaded = () =>
      img.evaluate((el) => {
        const i = el as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth > 0;
      });
    for (let i = 0; i < 50 && !(await loaded()); i++) await page.waitForTimeout(100);
    assert.ok(await loaded(), 'the notice photo loads');
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes(caseNo) && !body.includes('长沙火车站广场'));
    await page.screenshot({ path: `${shots}public-family-search-notices.png`, fullPage: true });

    // 我要寻亲: the phone is wrong — refused by the server, the error beside the field, values kept.
    await page.getByRole('tab', { name: '我要寻亲' }).click();
    const form = page.locator('form#public-report');
    await form.getByLabel('走失者姓名（不清楚可不填）').fill('王小红');
    await form.getByText('女', { exact: true }).click();
    await form.getByLabel('出生年份').fill('1958');
    await form.getByLabel('走失地（县、市、区）').click();
    await page
      .getByRole('menuitemcheckbox', { name: '长沙市' })
      .or(page.getByText('长沙市', { exact: true }))
      .first()
      .click();
    await page.getByText('芙蓉区', { exact: true }).first().click();
    await form.getByLabel('体貌特征、口音、衣着等').fill('右手腕有烫伤疤痕，说长沙话');
    await form.getByLabel('联系人姓名').fill('王建国');
    await form.getByLabel('联系电话').fill('12345');
    await form.getByRole('button', { name: '提交寻亲信息' }).click();
    await form.getByText('请填写 11 位手机号码或带区号的固定电话').waitFor();
    assert.equal(await form.getByLabel('走失者姓名（不清楚可不填）').inputValue(), '王小红');
    assert.equal(await form.getByLabel('体貌特征、口音、衣着等').inputValue(), '右手腕有烫伤疤痕，说长沙话');
    await page.screenshot({ path: `${shots}public-family-search-refused.png`, fullPage: true });

    await form.getByLabel('联系电话').fill('13912345678');
    await form.getByRole('button', { name: '提交寻亲信息' }).click();
    const receipt = page.getByTestId('public-report-receipt');
    await receipt.getByText('已提交').waitFor();
    const receiptNo = (await receipt.locator('.resident-id').nth(0).innerText()).trim();
    assert.match(receiptNo, /^XQ\d{8}[0-9A-Z]{6}$/);
    await receipt.getByText('长沙市芙蓉区民政局').waitFor();
    await page.screenshot({ path: `${shots}public-family-search-receipt.png`, fullPage: true });

    // 查询进度: prefilled from the receipt.
    await page.getByRole('tab', { name: '查询进度' }).click();
    await page.getByRole('button', { name: '查询进度' }).click();
    await page.getByTestId('public-report-status').getByText('处理中').waitFor();

    // The consented report is listed on the notices tab, without the contact.
    await page.getByRole('tab', { name: '寻亲公告' }).click();
    await page.getByTestId('public-report').getByText('寻找“王小红”', { exact: false }).waitFor();
    const after = await page.locator('body').innerText();
    assert.ok(!after.includes('13912345678') && !after.includes('王建国'));
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
