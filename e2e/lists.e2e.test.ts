// Lists, to-dos and the person view in a real browser (issue 13 items 3, 4, 7): sorting a column of the
// people list reorders it and survives a reload (the sort is in the URL); the home page lists a registrar's
// and a reviewer's to-dos with links that open the right page; the statistics trend card draws; the person
// page shows the marriage panel. Needs `npm run build` first (packages/web/dist; E2E_WEB_ROOT overrides).
// Screenshots go to test-results/lists-*.png. Time budget: about 40 s.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPlatform } from '../packages/cli/src/start.ts';

const webRoot = process.env.E2E_WEB_ROOT ?? fileURLToPath(new URL('../packages/web/dist', import.meta.url));
const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';

void describe('lists, to-dos and the person view', { timeout: 120_000 }, () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), `${webRoot} is missing: run \`npm run build\` first`);
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: { size: 'demo', seed: 1 },
      webRoot,
      logLevel: 'warn',
    });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
    });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(platform.url);
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    return { page, pageErrors };
  }

  /** The to-do card's item whose title contains `title`: its "去办理" link. */
  function todoLink(page: Page, title: string) {
    return page
      .locator('.ant-card', { hasText: '我的待办' })
      .locator('.ant-list-item', { hasText: title })
      .getByRole('link', { name: '去办理' });
  }

  async function names(page: Page): Promise<string[]> {
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    return rows.locator('td:first-child a').allTextContents();
  }

  void it('sorts the people list by a column, keeps the sort in the URL across a reload, and opens the person’s marriage panel', async () => {
    const { page, pageErrors } = await signedIn('registrar.county');
    await page.goto(`${platform.url}/people`);
    const before = await names(page);
    await page.locator('th', { hasText: '出生日期' }).click();
    await page.waitForURL(/sort=birthDate/);
    await page.locator('th', { hasText: '出生日期' }).click();
    await page.waitForURL(/sort=-birthDate/);
    await page.locator('th[aria-sort="descending"]', { hasText: '出生日期' }).waitFor();
    await page.waitForLoadState('networkidle');
    const sorted = await names(page);
    assert.notDeepEqual(sorted, before, 'sorting by birth date changes the order');
    await page.reload();
    await page.waitForURL(/sort=-birthDate/);
    assert.deepEqual(await names(page), sorted, 'the sort survives a reload');
    assert.equal(
      await page.locator('th[aria-sort="descending"]', { hasText: '出生日期' }).count(),
      1,
      'the column shows its descending sort after the reload',
    );
    await page.screenshot({ path: `${shots}lists-people-sorted.png`, fullPage: true });

    // A married person's page shows the marriage line's panel.
    const married = await page.request.get(`${platform.url}/api/marriage/marriages?pageSize=1`);
    assert.equal(married.status(), 200);
    const personId = ((await married.json()) as { items: { husband: { personId: string } }[] }).items[0]!
      .husband.personId;
    await page.goto(`${platform.url}/people/${encodeURIComponent(personId)}`);
    await page.getByText('婚姻状况').first().waitFor();
    await page.screenshot({ path: `${shots}lists-person.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('lists the registrar’s and the reviewer’s to-dos on the home page with links to the right page', async () => {
    const registrar = await signedIn('registrar.county');
    await registrar.page.locator('.ant-card', { hasText: '我的待办' }).waitFor();
    await registrar.page
      .locator('.ant-card', { hasText: '我的待办' })
      .locator('.ant-list-item, .ant-empty')
      .first()
      .waitFor();
    await registrar.page.screenshot({ path: `${shots}lists-home-registrar.png`, fullPage: true });
    const marriageTodos = ['今日预约待办理', '离婚冷静期届满'];
    const present = [];
    for (const title of marriageTodos)
      if ((await todoLink(registrar.page, title).count()) > 0) present.push(title);
    assert.ok(present.length > 0, `the registrar has a marriage to-do (${marriageTodos.join(' / ')})`);
    await todoLink(registrar.page, present[0]!).click();
    await registrar.page.waitForURL(/\/marriage$/);

    const reviewer = await signedIn('county_reviewer.province');
    const review = todoLink(reviewer.page, '待人工核查的比对结果');
    await review.waitFor();
    await reviewer.page.screenshot({ path: `${shots}lists-home-reviewer.png`, fullPage: true });
    await review.click();
    await reviewer.page.waitForURL(/\/matching\/review\?status=open/);
    await reviewer.page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.deepEqual([...registrar.pageErrors, ...reviewer.pageErrors], []);
  });

  void it('draws the statistics trend card', async () => {
    const { page, pageErrors } = await signedIn('supervisor.province');
    await page.goto(`${platform.url}/stats`);
    const card = page.locator('.ant-card', { hasText: '人员月度趋势' });
    await card.waitFor();
    await card.locator('canvas, [data-testid="people-trend-table"]').first().waitFor();
    await page.screenshot({ path: `${shots}lists-stats.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
