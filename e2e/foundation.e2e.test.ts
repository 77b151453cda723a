// The platform's foundation in a real browser: login, scope-limited division picker, the home chart
// and its table, the people list with masked ids, logout. Needs `npm run build` first (packages/web/dist).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';
/** A masked resident id as the UI shows it: `430181********123X`. */
const maskedId = /^\d{6}\*{8}\d{3}[\dX]$/;
const fullId = /\d{17}[\dX]/;

void describe('foundation web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), 'packages/web/dist is missing: run `npm run build` first');
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: { size: 'demo', seed: 1 },
      webRoot,
      logLevel: 'warn',
    });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  /** A fresh browser profile (no cookies) whose uncaught page errors fail the test. */
  async function newPage(): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { page, pageErrors };
  }

  async function logIn(page: Page, username: string) {
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  }

  async function homeTableRows(page: Page) {
    const rows = page.locator('[data-testid="people-by-division-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    return rows;
  }

  /** How many pixels of the chart canvas are neither transparent nor white (bars, axes, legend). */
  async function paintedPixels(page: Page): Promise<number> {
    const canvas = page.locator('[data-testid="echart"] canvas').first();
    await canvas.waitFor();
    // ECharts animates bars in; wait for the animation to settle before sampling.
    await page.waitForTimeout(1200);
    // Runs in the page; typed structurally because the e2e tsconfig has no DOM lib.
    type Canvas2d = {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    };
    return canvas.evaluate((element) => {
      const c = element as unknown as Canvas2d;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0 && (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235)) painted++;
      }
      return painted;
    });
  }

  void it('a county subsidy clerk sees only 浏阳市, its chart and masked ids, and logs out', async () => {
    const { page, pageErrors } = await newPage();

    // An unauthenticated visit lands on the login page, remembering where it was going.
    await page.goto(`${platform.url}/people`);
    await page.waitForURL(/\/login\?next=%2Fpeople/);
    await page.getByText('用户登录').waitFor();

    // A wrong password shows the server's message and keeps what was typed.
    await page.getByLabel('用户名', { exact: true }).fill('subsidy_clerk.county');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /密码|用户名/ });
    await alert.waitFor();
    assert.equal(await page.getByLabel('用户名', { exact: true }).inputValue(), 'subsidy_clerk.county');
    await page.screenshot({ path: `${shots}foundation-login-error.png` });

    await logIn(page, 'subsidy_clerk.county');
    await page.waitForURL(/\/people$/);

    // Header: who, which role, which scope.
    const who = page.getByTestId('current-user');
    await who.getByText('补贴经办人员').waitFor();
    await who.getByText('浏阳市').waitFor();

    // The division picker offers the user's scope and nothing else.
    await page.getByTestId('division-picker').click();
    const options = page.locator('.ant-select-tree-treenode .ant-select-tree-title');
    await options.first().waitFor();
    assert.deepEqual(await options.allInnerTexts(), ['浏阳市']);
    await page.keyboard.press('Escape');

    // 首页: the chart draws and its numbers are in the table below it.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.waitForURL(/\/$/);
    await page.getByText('人员分布（按行政区划与年龄段）').waitFor();
    const rows = await homeTableRows(page);
    assert.ok((await rows.count()) > 0, 'the home table lists the townships of 浏阳市');
    assert.ok((await paintedPixels(page)) > 2000, 'the chart canvas has bars drawn on it');
    await page.screenshot({ path: `${shots}foundation-home-county.png`, fullPage: true });

    // 人员信息: resident ids only ever masked.
    await page.getByRole('menuitem', { name: '人员信息' }).click();
    await page.waitForURL(/\/people$/);
    await page.getByRole('heading', { name: /人员信息（共 [\d,]+ 人）/ }).waitFor();
    const ids = page.getByTestId('resident-id');
    await ids.first().waitFor();
    const shown = await ids.allInnerTexts();
    assert.ok(shown.length > 0);
    for (const id of shown) assert.match(id, maskedId);
    assert.doesNotMatch(await page.locator('body').innerText(), fullId);
    await page.screenshot({ path: `${shots}foundation-people-county.png`, fullPage: true });

    // 导出 Excel exports what the filters select, as an .xlsx download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /导出 Excel/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.match(download.url(), /\/api\/people\/export\?division=430181/);

    // 退出登录 ends the session: back on the login page, and the app stays closed.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('用户登录').waitFor();
    await page.goto(`${platform.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByText('用户登录').waitFor();
    await page.screenshot({ path: `${shots}foundation-logged-out.png` });

    assert.deepEqual(pageErrors, []);
  });

  void it('a province supervisor sees the 14 prefectures, drills into one, and returns after a lost session', async () => {
    const { page, pageErrors } = await newPage();
    await page.goto(`${platform.url}/`);
    await page.waitForURL(/\/login/);
    await logIn(page, 'supervisor.province');
    await page.waitForURL(/\/$/);

    const rows = await homeTableRows(page);
    assert.equal(await rows.count(), 14);
    assert.ok((await paintedPixels(page)) > 2000, 'the chart canvas has bars drawn on it');
    await page.screenshot({ path: `${shots}foundation-home-province.png`, fullPage: true });

    // Drilling into 长沙市 picks it in the header and lists its counties.
    await rows.filter({ hasText: '长沙市' }).getByRole('button', { name: '长沙市' }).click();
    await page.getByTestId('division-breadcrumb').getByText('长沙市').waitFor();
    await page.getByTestId('division-picker').getByText('长沙市').waitFor();
    await rows.filter({ hasText: '浏阳市' }).waitFor();
    assert.ok((await paintedPixels(page)) > 2000, 'the drilled chart has bars drawn on it');
    await page.screenshot({ path: `${shots}foundation-home-drilled.png`, fullPage: true });

    // When the session is gone, the next API call sends the user to log in and then back where they were.
    await page.context().clearCookies();
    await page.getByRole('menuitem', { name: '人员信息' }).click();
    await page.waitForURL(/\/login\?next=%2Fpeople/);
    await logIn(page, 'supervisor.province');
    await page.waitForURL(/\/people$/);
    await page.getByRole('heading', { name: /人员信息（共 [\d,]+ 人）/ }).waitFor();

    assert.deepEqual(pageErrors, []);
  });
});
