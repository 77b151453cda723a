// Issue 18 item 5 in a real browser: a county freezes this month's roster of the two subsidies, sees a death
// recorded elsewhere as a reasoned stop (停发 · 死亡) in the month-over-month diff, the townships confirm
// their parts, county civil affairs signs and the county clerk produces the bank's payment file, which pays
// the living recipient and not the dead one. Needs `npm run build` first (packages/web/dist).
// Screenshots: test-results/disability-roster-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '../packages/core/src/access/index.ts';
import { freezeRoster } from '../packages/core/src/disability/index.ts';
import {
  aDisabilityCounty,
  aDisabledPerson,
  aPaymentAccount,
  aStandard,
  anEntitlement,
} from '../packages/core/src/disability/testing.ts';
import { recordDeath } from '../packages/core/src/people/index.ts';
import { addMonthsToMonth } from '../packages/core/src/disability/rules.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('disability roster: freeze, diff, confirm and sign in the browser', () => {
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

  void it('freezes the month, shows the death as a reasoned stop, townships confirm, the county signs', async () => {
    const core = platform.app.core;
    const county = await aDisabilityCounty(core);
    const month = todayPlainDate(core.config.timeZone, core.clock.now()).slice(0, 7);
    const last = addMonthsToMonth(month, -1);
    await aStandard(core, { year: Number(month.slice(0, 4)), subsidy: 'care', amountFen: 11_000 });
    if (last.slice(0, 4) !== month.slice(0, 4))
      await aStandard(core, { year: Number(last.slice(0, 4)), subsidy: 'care', amountFen: 11_000 });
    const alive = await aDisabledPerson(core, { grade: 1, name: '周建国' });
    const dying = await aDisabledPerson(core, { grade: 1, name: '吴秀英' });
    await anEntitlement(core, alive, { fromMonth: last });
    await aPaymentAccount(core, alive.personId, { holderName: '周建国', accountNumber: '6217000012345678' });
    await aPaymentAccount(core, dying.personId, {
      holderName: '吴秀英',
      accountNumber: '6217000087654321',
      divisionCode: county.otherTownship,
    });
    await anEntitlement(core, dying, { fromMonth: last, divisionCode: county.otherTownship });
    await freezeRoster(core, systemActor('e2e', '430181'), { countyCode: '430181', month: last });
    // The death is recorded elsewhere (funeral line, people index): payment stops from the next month.
    await recordDeath(core, systemActor('e2e', '430181'), dying.personId, {
      deathDate: `${last}-15`,
      source: '殡葬',
    });
    await core.events.dispatchPending();

    const pageErrors: string[] = [];
    const login = async (username: string): Promise<Page> => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      page.setDefaultTimeout(90_000); // a shared 2-core machine
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${platform.url}/login`);
      await page.getByLabel('用户名', { exact: true }).fill(username);
      await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '退出登录' }).waitFor();
      return page;
    };

    // The county clerk freezes this month.
    const clerk = await login(county.countyClerk.username);
    await clerk.goto(`${platform.url}/disability/rosters`);
    await clerk.getByRole('button', { name: '冻结本月名册' }).click();
    await clerk
      .getByRole('dialog')
      .getByRole('button', { name: /冻\s*结/ })
      .click();
    await clerk.getByText(`发放名册：浏阳市 ${month}`).first().waitFor();
    await clerk.getByText(/月度变动对比/).waitFor();
    const stopRow = clerk.getByRole('row', { name: /停发.*死亡/ });
    await stopRow.first().waitFor();
    await clerk.screenshot({ path: `${shots}disability-roster-frozen.png`, fullPage: true });
    const url = clerk.url();

    // Each township confirms its part.
    for (const town of [county.townshipClerk, county.otherTownshipClerk]) {
      const page = await login(town.username);
      await page.goto(url);
      await page.getByRole('button', { name: '确认本辖区名册' }).click();
      await page
        .getByText(/已确认/)
        .first()
        .waitFor();
      await page.context().close();
    }

    // County civil affairs signs.
    const civil = await login(county.civilAffairs.username);
    await civil.goto(url);
    await civil.getByRole('button', { name: '县级民政签批' }).click();
    await civil.getByText('已签批').first().waitFor();
    await civil.getByText(/下一步：已签批/).waitFor();
    await civil.screenshot({ path: `${shots}disability-roster-signed.png`, fullPage: true });
    await civil.goto(`${platform.url}/disability/rosters`);
    await civil.getByText(month).first().waitFor();
    await civil.screenshot({ path: `${shots}disability-roster-list.png`, fullPage: true });
    await civil.context().close();

    // The county clerk produces the bank's payment file from the signed roster.
    await clerk.goto(`${platform.url}/disability/payments`);
    const rosterRow = clerk.getByRole('row', { name: new RegExp(month) });
    await rosterRow.getByRole('button', { name: '生成代发文件' }).click();
    await clerk
      .getByText(/已生成代发文件/)
      .first()
      .waitFor();
    await rosterRow.getByText('待回盘').waitFor();
    await clerk.screenshot({ path: `${shots}disability-roster-payment-file.png`, fullPage: true });
    const href = await rosterRow.getByRole('link', { name: /下\s*载/ }).getAttribute('href');
    assert.ok(href, 'the download link of the payment file');
    const file = await clerk.request.get(new URL(href, platform.url).toString());
    assert.equal(file.status(), 200);
    const text = await file.text();
    assert.match(text, /周建国/);
    assert.match(text, /6217000012345678/);
    assert.doesNotMatch(text, /吴秀英/);
    assert.deepEqual(pageErrors, []);
    await clerk.context().close();
  });
});
