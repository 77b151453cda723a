// Issue 18 item 4 in a real browser: a forwarded two-subsidy application goes township check → county
// disability federation → county civil affairs decision (facts found in the registries, never typed) →
// end of the public notice → the person shows in 补贴对象 from the month of application (R-DIS-05) → the
// county freezes the month's roster and the first payment of both subsidies is there as 新增.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/disability-review-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { addDays, todayPlainDate } from '../packages/kernel/src/index.ts';
import {
  aDisabilityCounty,
  aDisabledPerson,
  aStandard,
  anApplication,
} from '../packages/core/src/disability/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('disability review: from a forwarded application to a recipient in the browser', () => {
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

  void it('runs the chain with three people and lists the recipient', async () => {
    const core = platform.app.core;
    const fx = await aDisabilityCounty(core);
    const p = await aDisabledPerson(core, { name: '周建国', grade: 1, dibaoFrom: '2020-01-01' });
    const app = await anApplication(core, p, { subsidies: ['living', 'care'], status: 'forwarded' });
    const year = Number(todayPlainDate(core.config.timeZone, core.clock.now()).slice(0, 4));
    await aStandard(core, { year, subsidy: 'care', amountFen: 11_000 });
    await aStandard(core, { year, subsidy: 'living', amountFen: 12_000 });
    const pageErrors: string[] = [];
    const as = async (username: string, body: (page: Page) => Promise<void>) => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      page.setDefaultTimeout(90_000); // a shared 2-core machine
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${platform.url}/login`);
      await page.getByLabel('用户名', { exact: true }).fill(username);
      await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
      await page.getByRole('button', { name: '登录' }).click();
      await page
        .getByRole('button', { name: '退出登录' })
        .waitFor({ timeout: 90_000 })
        .catch(async (e: unknown) => {
          await page.screenshot({ path: `${shots}disability-review-login-failed.png`, fullPage: true });
          throw e;
        });
      await page.goto(`${platform.url}/disability/applications/${app.id}?tab=review`);
      await body(page);
      await context.close();
    };

    await as(fx.townshipClerk.username, async (page) => {
      await page.getByRole('button', { name: '提交审核' }).click();
      await page.getByRole('button', { name: '初审通过，报县残联' }).click();
      await page.getByText(/审核中：县残联审核/).waitFor();
    });
    await as(fx.federation.username, async (page) => {
      await page.getByText('残疾人证登记库', { exact: false }).first().waitFor();
      await page.getByLabel('残疾人证为申请人本人所有且有效（第二代残疾人证）').check();
      await page.getByLabel('残疾类别和等级经核实无误').check();
      await page.getByRole('button', { name: '审核通过，报县民政' }).click();
      await page.getByText(/审核中：县民政部门审核决定/).waitFor();
    });
    await as(fx.civilAffairs.username, async (page) => {
      await page.getByText('低保对象，持有效第二代残疾人证', { exact: false }).waitFor();
      await page.screenshot({ path: `${shots}disability-review-decision.png`, fullPage: true });
      await page.getByRole('button', { name: '作出决定' }).click();
      await page
        .getByText(/公示中：/)
        .first()
        .waitFor();
    });
    // Five working days pass: the notice ended yesterday.
    const today = todayPlainDate(core.config.timeZone, core.clock.now());
    await core.db.kysely
      .updateTable('disabilityApplications')
      .set({ noticeStartsOn: addDays(today, -8), noticeEndsOn: addDays(today, -1) })
      .where('id', '=', app.id)
      .execute();
    await as(fx.townshipClerk.username, async (page) => {
      await page.getByRole('button', { name: '公示期满，认定发放' }).click();
      await page.getByText(/已批准：/).waitFor();
      await page.goto(`${platform.url}/disability/recipients`);
      await page.getByRole('button', { name: '周建国' }).first().waitFor();
      assert.equal(await page.getByRole('button', { name: '周建国' }).count(), 2);
      await page.getByText(today.slice(0, 7)).first().waitFor();
      await page.screenshot({ path: `${shots}disability-review-recipients.png`, fullPage: true });
      await page.getByRole('button', { name: '周建国' }).first().click();
      await page.getByText('变动记录').waitFor();
      await page.screenshot({ path: `${shots}disability-review-recipient.png`, fullPage: true });
    });
    // The first payment: the county clerk freezes this month's roster; both subsidies are new lines.
    const login = async (username: string): Promise<Page> => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      page.setDefaultTimeout(90_000);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${platform.url}/login`);
      await page.getByLabel('用户名', { exact: true }).fill(username);
      await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '退出登录' }).waitFor();
      return page;
    };
    const clerk = await login(fx.countyClerk.username);
    await clerk.goto(`${platform.url}/disability/rosters`);
    await clerk.getByRole('button', { name: '冻结本月名册' }).click();
    await clerk
      .getByRole('dialog')
      .getByRole('button', { name: /冻\s*结/ })
      .click();
    await clerk.getByText(/月度变动对比/).waitFor();
    const firstPayment = clerk.getByRole('row', { name: /周建国.*新增/ });
    await firstPayment.first().waitFor();
    assert.equal(await firstPayment.count(), 2);
    await clerk.screenshot({ path: `${shots}disability-review-first-payment.png`, fullPage: true });
    await clerk.context().close();
    assert.deepEqual(pageErrors, []);
  });
});
