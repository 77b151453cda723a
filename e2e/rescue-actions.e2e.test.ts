// The rescue line's prescribed actions in a real browser: a station worker opens the workbench (期限看板),
// sees the overdue 24-hour steps of an unidentified person's case in red, logs one from the board, then
// opens the case's 七个规定动作 tab and prints the 寻亲公告 (a PDF opened inline in a new tab).
// Needs `npm run build` first (packages/web/dist). Screenshots go to test-results/rescue-actions-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { pdfText } from '../packages/core/src/testing/pdf-text.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('rescue prescribed actions web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staff = '';
  let caseId = '';
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
    staff = station.staff.username;
    // Entered 26 hours ago: the 24-hour steps are overdue.
    const enteredAt = new Date(Date.now() - 26 * 3_600_000).toISOString();
    const c = await aRescueCase(core, station, { estimatedAge: 52, enteredAt });
    caseId = c.id;
    caseNo = c.caseNo;
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

  void it('logs an overdue action from the workbench and prints the 寻亲公告 from the case page', async () => {
    const { page, context, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue`);
    const overdue = page.getByTestId('board-overdue');
    await overdue.getByText(caseNo).first().waitFor();
    assert.equal(await overdue.locator('tbody tr.ant-table-row').count(), 5);
    await page.screenshot({ path: `${shots}rescue-actions-workbench.png`, fullPage: true });

    // Log step 1 from its row: the board reloads without it.
    const row = overdue.locator('tbody tr.ant-table-row', { hasText: '录入全国救助管理信息系统' });
    await row.getByRole('button', { name: '登记' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('登记规定动作').waitFor();
    // Without evidence the server refuses; the dialog stays with the error next to the field.
    await dialog.getByRole('button', { name: '保存登记' }).click();
    await dialog.getByText('请提供佐证').waitFor();
    await dialog.getByLabel('佐证说明').fill('全国救助管理信息系统登记号 HN430102-2026-0001');
    await dialog.getByRole('button', { name: '保存登记' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await overdue
      .locator('tbody tr.ant-table-row', { hasText: '录入全国救助管理信息系统' })
      .waitFor({ state: 'detached' });
    assert.equal(await overdue.locator('tbody tr.ant-table-row').count(), 4);

    // The case page: the checklist shows step 1 done; print the notice (a new tab with the PDF). No notice
    // is issued yet: the button issues the first one (POST), then points the tab at it (the PDF route is a
    // read only and answers 404 before a notice exists).
    await page.goto(`${platform.url}/rescue/cases/${caseId}`);
    await page.getByRole('tab', { name: '七个规定动作' }).click();
    const checklist = page.getByTestId('actions-checklist');
    await checklist.locator('tr', { hasText: '录入全国救助管理信息系统' }).getByText('已完成').waitFor();
    await page.screenshot({ path: `${shots}rescue-actions-case.png`, fullPage: true });
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: '打印寻亲公告' }).click(),
    ]);
    const url =
      popup.url() === 'about:blank' ? (await popup.waitForURL(/search-notice/), popup.url()) : popup.url();
    assert.match(url, /search-notice\.pdf/);
    const res = await context.request.get(url);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const text = pdfText(Buffer.from(await res.body())).flat;
    assert.match(text, /民救寻字〔\d{4}〕第000001号/);
    assert.ok(text.includes('如有知情者请与我站联系'));
    assert.ok(text.includes('约52岁'));
    assert.match(url, /noticeId=/);
    // The issued notice is now listed under the checklist (a later print reprints it, same number).
    await page.getByText('已生成寻亲公告：').waitFor();
    await page.getByRole('link', { name: /民救寻字〔\d{4}〕第000001号/ }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
