// Lists, to-dos and the person view in a real browser (issue 13 items 3, 4, 7): sorting a column of the
// people list reorders it and survives a reload (the sort is in the URL); the home page lists a registrar's
// and a reviewer's to-dos with links that open the right page; the statistics trend card draws; the person
// page of a married person shows the marriage line's panel (婚姻状况).
//
// The test makes what it checks instead of relying on the demo data's dates: as registrar.county it registers
// a marriage of two 浏阳市 residents through the API (the person page is opened for that husband — a party
// whose hukou lies outside the registrar's county answers 404 by design, see docs/architecture.md "Lists,
// sorting and exports"), and it stores a booking for today as the public portal would have made it earlier
// (the portal only books from tomorrow, so "today" cannot be booked through the API today). The reviewer's
// pairs to review are the demo's cremation roll comparison (packages/core/src/matching/matching.demo-seed.ts);
// the test checks through the API that some are open before it looks at the page.
//
// Needs a web build: `npm run build` (packages/web/dist) or E2E_WEB_ROOT=<dir of a vite build>.
// Screenshots go to test-results/lists-*.png. Time budget: about 40 s (one demo seed, four sign-ins).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  request,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { newId } from '../packages/kernel/src/index.ts';
import { marriageToday } from '../packages/core/src/marriage/index.ts';
import { aCouple } from '../packages/core/src/marriage/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';
/** The couple the test registers and the couple booked for today (names no demo person carries). */
const couple = { husband: '欧阳明轩', wife: '司马婉清' };
const booked = { applicant: '上官志远', partner: '诸葛雨桐' };

void describe('lists, to-dos and the person view', { timeout: 180_000 }, () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let registrarApi: APIRequestContext;
  /** The person id of the husband the test registered (hukou in 浏阳市, the registrar's county). */
  let husbandId: string;
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

    // As registrar.county, through the API: the registry they work at, then a marriage registered there.
    registrarApi = await request.newContext({ baseURL: platform.url });
    const login = await registrarApi.post('/api/auth/login', {
      data: { username: 'registrar.county', password },
    });
    assert.equal(login.status(), 200, await login.text());
    const mine = await registrarApi.get('/api/marriage/my-registries');
    assert.equal(mine.status(), 200, await mine.text());
    const registry = ((await mine.json()) as { id: string; code: string; divisionCode: string }[]).find(
      (r) => r.code === '43018101',
    );
    assert.ok(registry, 'registrar.county is qualified at 浏阳市民政局婚姻登记处 (43018101)');
    const input = aCouple(registry.id, {
      county: '430181',
      husbandBirth: '1991-02-14',
      wifeBirth: '1993-09-09',
    });
    input.husband.name = couple.husband;
    input.wife.name = couple.wife;
    const registered = await registrarApi.post('/api/marriage/registrations', { data: input });
    assert.equal(registered.status(), 201, await registered.text());
    husbandId = ((await registered.json()) as { husband: { personId: string } }).husband.personId;

    // A booking for today at that registry, as the public portal stored it when it was made.
    await platform.app.core.db.kysely
      .insertInto('marriageAppointments')
      .values({
        id: newId(),
        reference: 'E2EL0001',
        registryId: registry.id,
        divisionCode: registry.divisionCode,
        date: marriageToday(platform.app.core),
        halfDay: 'am',
        slotNo: 1,
        service: 'marriage',
        applicantName: booked.applicant,
        partnerName: booked.partner,
        phone: '13907310099',
        status: 'booked',
        createdAt: new Date().toISOString(),
      })
      .execute();

    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await registrarApi?.dispose();
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

  function todoCard(page: Page) {
    return page.locator('.ant-card', { hasText: '我的待办' });
  }

  /** The to-do card's item whose title contains `title`. */
  function todoItem(page: Page, title: string) {
    return todoCard(page).locator('.ant-list-item', { hasText: title });
  }

  /** The home page's people chart (ECharts loads on demand): drawn before a screenshot is taken. */
  async function homeChartDrawn(page: Page) {
    await page.locator('.ant-card', { hasText: '人员分布' }).locator('canvas').first().waitFor();
    await page.waitForTimeout(1_500); // ECharts grows the bars for a second: shoot the finished chart
  }

  /** Waits (up to 10 s) until the people table shows exactly `expected` (names, in order). */
  async function shownNames(page: Page, expected: string[]): Promise<string[]> {
    const cells = page.locator('.ant-table-tbody tr.ant-table-row td:first-child a');
    let shown: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
      shown = await cells.allTextContents();
      if (JSON.stringify(shown) === JSON.stringify(expected)) return shown;
    }
    assert.deepEqual(shown, expected, 'the table shows the page the server sorted');
    return shown;
  }

  async function names(page: Page): Promise<string[]> {
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    return rows.locator('td:first-child a').allTextContents();
  }

  void it('sorts the people list by a column, keeps the sort in the URL across a reload, and opens a married person’s marriage panel', async () => {
    const { page, pageErrors } = await signedIn('registrar.county');
    await page.goto(`${platform.url}/people`);
    const before = await names(page);
    await page.locator('th', { hasText: '出生日期' }).click();
    await page.waitForURL(/sort=birthDate/);
    // The second click asks the server for the descending order; the table shows that page once it has it
    // (the URL and the header change at once, the rows only when the answer is in).
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/people' && r.url().includes('sort=-birthDate'),
    );
    await page.locator('th', { hasText: '出生日期' }).click();
    await page.waitForURL(/sort=-birthDate/);
    await page.locator('th[aria-sort="descending"]', { hasText: '出生日期' }).waitFor();
    const served = ((await (await answer).json()) as { items: { name: string }[] }).items.map((p) => p.name);
    const sorted = await shownNames(page, served);
    assert.notDeepEqual(sorted, before, 'sorting by birth date changes the order');
    const births = await page
      .locator('.ant-table-tbody tr.ant-table-row')
      .locator('td', { hasText: /^\d{4}-\d{2}-\d{2}$/ })
      .allTextContents();
    assert.ok(births.length > 1, 'the rows show their birth dates');
    assert.deepEqual(births, [...births].sort().reverse(), 'the rows run from the youngest to the oldest');
    await page.reload();
    await page.waitForURL(/sort=-birthDate/);
    assert.deepEqual(await names(page), sorted, 'the sort survives a reload');
    assert.equal(
      await page.locator('th[aria-sort="descending"]', { hasText: '出生日期' }).count(),
      1,
      'the column shows its descending sort after the reload',
    );
    await page.screenshot({ path: `${shots}lists-people-sorted.png`, fullPage: true });

    // The husband of the marriage registered above: his page shows the marriage line's panel.
    await page.goto(`${platform.url}/people/${encodeURIComponent(husbandId)}`);
    await page.getByRole('heading', { name: couple.husband }).waitFor();
    const panel = page.locator('.ant-card', {
      has: page.locator('.ant-card-head-title', { hasText: '婚姻状况' }),
    });
    await panel.waitFor();
    // GB/T 2261.2 婚姻状况: a first marriage reads 初婚.
    await panel.getByText('初婚', { exact: true }).waitFor();
    await panel.getByText(/浏阳市民政局婚姻登记处（存续）/).waitFor();
    await page.screenshot({ path: `${shots}lists-person.png`, fullPage: true });
    // The panel's read is audited (marriage.status-read, via the person page).
    const audit = await platform.app.core.db.kysely
      .selectFrom('auditLog')
      .select(['action'])
      .where('targetId', '=', husbandId)
      .where('action', '=', 'marriage.status-read')
      .execute();
    assert.ok(audit.length > 0, 'the marriage panel read is in the audit log');
    assert.deepEqual(pageErrors, []);
  });

  void it('lists the registrar’s and the reviewer’s to-dos on the home page with links to the right page', async () => {
    const registrar = await signedIn('registrar.county');
    const bookings = todoItem(registrar.page, '今日预约待办理');
    await bookings.waitFor();
    assert.ok(
      Number(await bookings.locator('.ant-badge .ant-scroll-number').first().getAttribute('title')) >= 1,
      'the booking for today is counted',
    );
    await homeChartDrawn(registrar.page);
    await registrar.page.screenshot({ path: `${shots}lists-home-registrar.png`, fullPage: true });
    await bookings.getByRole('link', { name: '去办理' }).click();
    await registrar.page.waitForURL(/\/marriage$/);
    // The workbench opened by the link lists today's booking.
    await registrar.page.getByText(booked.applicant).first().waitFor();

    // The reviewer: the demo's comparison left pairs to review; the to-do opens the review queue.
    const reviewer = await signedIn('county_reviewer.province');
    const open = await reviewer.page.request.get(`${platform.url}/api/matching/pairs?status=open&pageSize=1`);
    assert.equal(open.status(), 200, await open.text());
    assert.ok(
      ((await open.json()) as { total: number }).total > 0,
      'the demo comparison left pairs to review',
    );
    const review = todoItem(reviewer.page, '待人工核查的比对结果');
    await review.waitFor();
    await homeChartDrawn(reviewer.page);
    await reviewer.page.screenshot({ path: `${shots}lists-home-reviewer.png`, fullPage: true });
    await review.getByRole('link', { name: '去办理' }).click();
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
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_500); // the charts' entry animation
    await page.screenshot({ path: `${shots}lists-stats.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
