// Console conventions in a real browser (issue 13 item 11): a first visit logs no error in the browser
// console (no 401 from the session probe); a session that ends under the user brings the login page with
// "登录已过期" and back to the same page after signing in; every signed-in page has a breadcrumb above
// its one h1; tabs and menu entries a role cannot use are not shown to it; a ledger has a toolbar with
// 刷新 and 列设置 (remembered per page). Screenshots go to test-results/console-*.png.
// Needs `npm run build` first (packages/web/dist). Time budget: about 40 s on a 2-core machine (demo
// seed ~15 s, 5 tests of a few pages each); each test's timeout below is its hard ceiling.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';

void describe('console conventions', () => {
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

  /** A fresh profile; console errors, failed /api answers (4xx/5xx) and page errors are collected. */
  async function newPage() {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const failedApi: string[] = [];
    const pageErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('response', (res) => {
      if (res.url().includes('/api/') && res.status() >= 400) failedApi.push(`${res.status()} ${res.url()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page, consoleErrors, failedApi, pageErrors };
  }

  async function logIn(page: Page, username: string) {
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  }

  async function signedIn(username: string, path = '/') {
    const p = await newPage();
    await p.page.goto(`${platform.url}/login?next=${encodeURIComponent(path)}`);
    await logIn(p.page, username);
    await p.page.waitForURL((url) => url.pathname === path);
    return p;
  }

  const breadcrumb = (page: Page) => page.getByTestId('page-breadcrumb');

  void it(
    'first visit: the login page, no console error and no failed /api request',
    { timeout: 60_000 },
    async () => {
      const { page, consoleErrors, failedApi, pageErrors } = await newPage();
      await page.goto(`${platform.url}/people`);
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('button', { name: '登录' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${shots}console-first-visit.png` });
      assert.deepEqual(failedApi, [], 'the session probe answers 200 to a visitor without a session');
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(pageErrors, []);
      // No stale-session message to a first visitor.
      assert.equal(await page.getByTestId('session-expired').count(), 0);
    },
  );

  void it(
    'session expired: the login page says so and signing in returns to the page',
    { timeout: 90_000 },
    async () => {
      const { context, page, pageErrors } = await signedIn('registrar.county', '/people');
      await page.getByRole('button', { name: '刷新' }).waitFor();
      // The session ends under the user (as after an administrator's reset or the 8-hour limit): another
      // client signs this session out, the browser keeps its now-dead cookie.
      const cookie = (await context.cookies()).find((c) => c.name === 'sap_session');
      assert.ok(cookie);
      const out = await fetch(`${platform.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie: `sap_session=${cookie.value}`, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(out.status, 204);
      // The next request (刷新 in the ledger toolbar) finds the session gone.
      await page.getByRole('button', { name: '刷新' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      const notice = page.getByTestId('session-expired');
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? '', /登录已过期，请重新登录/);
      assert.equal(new URL(page.url()).searchParams.get('next'), '/people');
      await page.screenshot({ path: `${shots}console-session-expired.png` });

      // A reload with the stale cookie still says so (the probe reports it, then clears the cookie).
      await page.reload();
      await page.getByTestId('session-expired').waitFor();

      await logIn(page, 'registrar.county');
      await page.waitForURL((url) => url.pathname === '/people');
      assert.deepEqual(pageErrors, []);
    },
  );

  void it('breadcrumbs above the one h1 on every signed-in page', { timeout: 120_000 }, async () => {
    const pages: { path: string; crumbs: string[] }[] = [
      { path: '/', crumbs: ['首页'] },
      { path: '/people', crumbs: ['首页'] },
      { path: '/marriage', crumbs: ['首页'] },
      { path: '/marriage/appointments', crumbs: ['首页', '婚姻登记'] },
      { path: '/marriage/register', crumbs: ['首页', '婚姻登记'] },
      { path: '/marriage/records', crumbs: ['首页', '婚姻登记'] },
      { path: '/marriage/import', crumbs: ['首页', '婚姻登记'] },
      { path: '/marriage/matches', crumbs: ['首页', '婚姻登记'] },
      { path: '/marriage/statistics', crumbs: ['首页', '婚姻登记'] },
      { path: '/stats', crumbs: ['首页'] },
    ];
    const { page, pageErrors } = await signedIn('registrar.county');
    for (const { path, crumbs } of pages) {
      await page.goto(`${platform.url}${path}`);
      await breadcrumb(page).waitFor();
      await page.locator('h1').first().waitFor();
      assert.equal(await page.locator('h1').count(), 1, `${path}: one h1`);
      const items = (
        await breadcrumb(page).locator('li:not(.ant-breadcrumb-separator)').allTextContents()
      ).map((t) => t.replace(/\s|\//g, ''));
      assert.deepEqual(items, crumbs, path);
      // The breadcrumb sits above the heading.
      const crumbBox = await breadcrumb(page).boundingBox();
      const headingBox = await page.locator('h1').boundingBox();
      assert.ok(crumbBox && headingBox && crumbBox.y < headingBox.y, `${path}: breadcrumb above the h1`);
    }
    await page.goto(`${platform.url}/marriage/records`);
    await breadcrumb(page).getByRole('link', { name: '婚姻登记' }).click();
    await page.waitForURL((url) => url.pathname === '/marriage');
    await page.goto(`${platform.url}/marriage/records`);
    await page.locator('h1').waitFor();
    await page.screenshot({ path: `${shots}console-breadcrumb-records.png` });

    const admin = await signedIn('admin.county', '/system/users');
    await breadcrumb(admin.page).waitFor();
    assert.deepEqual(
      (await breadcrumb(admin.page).locator('li:not(.ant-breadcrumb-separator)').allTextContents()).map((t) =>
        t.replace(/\s|\//g, ''),
      ),
      ['首页', '系统管理'],
    );
    await admin.page.screenshot({ path: `${shots}console-breadcrumb-users.png` });
    assert.deepEqual([...pageErrors, ...admin.pageErrors], []);
  });

  void it('tabs and menu entries a role cannot use are not shown to it', { timeout: 90_000 }, async () => {
    const tabNames = async (page: Page) =>
      (await page.getByTestId('section-tabs').getByRole('tab').allTextContents()).map((t) => t.trim());
    const menuNames = async (page: Page) =>
      (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());

    const registrar = await signedIn('registrar.county', '/marriage/records');
    await registrar.page.getByTestId('section-tabs').waitFor();
    assert.deepEqual(await tabNames(registrar.page), [
      '工作台',
      '预约日历',
      '结婚登记',
      '档案查询',
      '历史补录',
      '补录待匹配',
      '统计',
    ]);
    const registrarMenu = await menuNames(registrar.page);
    assert.ok(registrarMenu.includes('婚姻登记'));
    for (const hidden of ['数据比对', '用户管理', '审计日志', '系统管理'])
      assert.ok(!registrarMenu.some((m) => m.includes(hidden)), `registrar must not see ${hidden}`);

    // 督查人员 reads the marriage ledgers but registers nothing: 结婚登记 and 历史补录 are not offered.
    const supervisor = await signedIn('supervisor.county', '/marriage/records');
    await supervisor.page.getByTestId('section-tabs').waitFor();
    const supervisorTabs = await tabNames(supervisor.page);
    assert.deepEqual(supervisorTabs, ['工作台', '预约日历', '档案查询', '补录待匹配', '统计']);
    await supervisor.page.screenshot({ path: `${shots}console-tabs-supervisor.png` });
    // Typing the address of a page the role cannot use still answers 没有访问权限, not the form.
    await supervisor.page.goto(`${platform.url}/marriage/register`);
    await supervisor.page.getByText('没有访问权限').waitFor();

    // 县级审核人员 works on comparison: 数据比对 in the menu, no 婚姻登记.
    const reviewer = await signedIn('county_reviewer.county', '/matching/review');
    await reviewer.page.getByTestId('section-tabs').waitFor();
    assert.deepEqual(await tabNames(reviewer.page), ['比对任务', '核查队列', '寻亲候选', '寻亲查询']);
    const reviewerMenu = await menuNames(reviewer.page);
    assert.ok(reviewerMenu.includes('数据比对'));
    assert.ok(!reviewerMenu.includes('婚姻登记'));
    assert.deepEqual([...registrar.pageErrors, ...supervisor.pageErrors, ...reviewer.pageErrors], []);
  });

  void it(
    'a ledger toolbar: 刷新 reloads, 列设置 hides a column and remembers it',
    { timeout: 90_000 },
    async () => {
      const { page, pageErrors } = await signedIn('registrar.county', '/people');
      const toolbar = page.getByTestId('table-toolbar');
      await toolbar.waitFor();
      const header = page.locator('thead th').filter({ hasText: '拼音' });
      await header.first().waitFor();

      const reloaded = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/people');
      await toolbar.getByRole('button', { name: '刷新' }).click();
      assert.equal((await reloaded).status(), 200);

      await toolbar.getByRole('button', { name: '列设置' }).click();
      const settings = page.getByTestId('column-settings');
      await settings.waitFor();
      await settings.getByRole('checkbox', { name: '拼音' }).uncheck();
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: `${shots}console-column-settings.png` });
      assert.equal(await header.count(), 0);
      await toolbar.getByText('已隐藏 1 列').waitFor();

      await page.reload();
      await page.locator('thead th').filter({ hasText: '姓名' }).first().waitFor();
      assert.equal(await header.count(), 0, 'the choice is remembered for this page');

      await page.getByTestId('table-toolbar').getByRole('button', { name: '列设置' }).click();
      await page.getByTestId('column-settings').getByRole('button', { name: '恢复默认' }).click();
      await header.first().waitFor();
      assert.deepEqual(pageErrors, []);
    },
  );
});
