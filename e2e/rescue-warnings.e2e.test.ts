// The rescue line's warnings, statistics and hotline pages in a real browser: a station worker sees the
// stay-over-limit warning (R-RES-05) among the counts by kind, filters by clicking the count and goes to
// the case; records a hotline call (a refused submit keeps what was typed, the error next to the field);
// a city supervisor sees the statistics with the charts, switches to quarters and downloads the Excel.
// Needs `npm run build` first (packages/web/dist). Screenshots go to test-results/rescue-warnings-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { aUser } from '../packages/core/src/testing/index.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const DAY = 86_400_000;

void describe('rescue warnings, statistics and hotline web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staff = '';
  let supervisor = '';
  let overLimitCaseId = '';

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
    const other = await aRescueStation(core, { county: '430104', name: '岳麓区救助管理站' });
    staff = station.staff.username;
    const twelveDaysAgo = new Date(Date.now() - 12 * DAY).toISOString();
    overLimitCaseId = (
      await aRescueCase(core, station, { birthDate: '1978-04-05', name: '张建国', enteredAt: twelveDaysAgo })
    ).id;
    await aRescueCase(core, station, {
      estimatedAge: 60,
      mentalSigns: true,
      enteredAt: new Date(Date.now() - 20 * DAY).toISOString(),
    });
    await aRescueCase(core, other, { birthDate: '1990-01-01', name: '李志强', enteredAt: twelveDaysAgo });
    supervisor = (await aUser(core, { role: 'supervisor', divisionCode: '430100' })).username;
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(
    username: string,
  ): Promise<{ page: Page; context: BrowserContext; pageErrors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
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

  void it('station staff: the warnings by kind, filtered by a click, lead to the case', async () => {
    const { page, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue/warnings`);
    const card = page.locator('[data-kind="stay_over_limit"]');
    await card.getByText('1', { exact: true }).waitFor();
    await page.locator('[data-kind="stranded"]').getByText('1', { exact: true }).waitFor();
    // Only the station's own people: 李志强 is another station's.
    await page.getByText('张建国').first().waitFor();
    assert.equal(await page.getByText('李志强').count(), 0);
    await page.screenshot({ path: `${shots}rescue-warnings-staff.png`, fullPage: true });
    await card.click();
    await page.waitForURL(/kind=stay_over_limit/);
    const rows = page.locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    // The unfiltered rows stay on screen until the filtered answer arrives: wait for them to go.
    await rows.nth(1).waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1);
    await rows.first().getByRole('link', { name: '去办理' }).click();
    await page.waitForURL(new RegExp(`/rescue/cases/${overLimitCaseId}`));
    assert.deepEqual(pageErrors, []);
  });

  void it('station staff: records a hotline call; a refused submit keeps what was typed', async () => {
    const { page, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue/hotline`);
    await page.getByRole('button', { name: '登记来电' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('登记热线来电').waitFor();
    await dialog.getByLabel('来电号码').fill('13912345678');
    await dialog.getByLabel('通话摘要').fill('好');
    await dialog.getByRole('button', { name: '保存' }).click();
    // The server asks for at least 2 characters; the number typed is still there.
    await dialog.getByText('至少 2 个字').waitFor();
    assert.equal(await dialog.getByLabel('来电号码').inputValue(), '13912345678');
    await dialog.getByLabel('通话摘要').fill('群众反映火车站南广场有老人露宿，已派车接回');
    await dialog.getByLabel('录音文件编号').fill('REC/2026/0001.wav');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('tbody tr.ant-table-row', { hasText: '老人露宿' });
    await row.waitFor();
    await row.getByText('139****5678').waitFor();
    await row.getByText('保存中').waitFor();
    assert.equal(await page.getByText('13912345678').count(), 0);
    await page.screenshot({ path: `${shots}rescue-warnings-hotline.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('city supervisor: warnings across stations, statistics with charts by quarter, Excel export', async () => {
    const { page, context, pageErrors } = await signedIn(supervisor);
    await page.goto(`${platform.url}/rescue/warnings?kind=stay_over_limit`);
    await page.getByText('李志强').first().waitFor();
    await page.getByText('张建国').first().waitFor();
    await page.goto(`${platform.url}/rescue/statistics`);
    await page.getByRole('img', { name: '救助统计趋势图' }).locator('canvas').first().waitFor();
    const table = page.locator('.ant-table').last();
    await table.getByText('芙蓉区').waitFor();
    await table.getByText('岳麓区').waitFor();
    await page.getByText('按季度').click();
    await page.waitForURL(/period=quarter/);
    await page.screenshot({ path: `${shots}rescue-warnings-statistics.png`, fullPage: true });
    const href = await page.getByRole('link', { name: /导出/ }).first().getAttribute('href');
    assert.ok(href);
    const res = await context.request.get(new URL(href, platform.url).toString());
    assert.equal(res.status(), 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const values = JSON.stringify(wb.getWorksheet('救助统计')?.getSheetValues());
    assert.ok(values.includes('芙蓉区'));
    assert.deepEqual(pageErrors, []);
  });
});
