// Issue 18 items 3 and 10 in a real browser: a township clerk takes a two-subsidy application at the window
// (form → application number → the ledger's countdown), and a citizen applies online on a phone and looks the
// status up by application number + phone. Needs `npm run build` first (packages/web/dist).
// Screenshots: test-results/disability-intake-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { aDisabilityCounty, aDisabledPerson } from '../packages/core/src/disability/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('disability intake: window and online application in the browser', () => {
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

  void it('a township clerk takes an application (refused number kept at the field) and sees its countdown; a citizen applies online and looks it up', async () => {
    const core = platform.app.core;
    const county = await aDisabilityCounty(core);
    const holder = await aDisabledPerson(core, { grade: 1, name: '周建国' });
    const citizen = await aDisabledPerson(core, { grade: 2, name: '吴秀英' });
    const pageErrors: string[] = [];

    // The window of 社港镇 takes an application of a 淮川街道 resident.
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000); // a shared 2-core machine
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(county.otherTownshipClerk.username);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.goto(`${platform.url}/disability/applications`);
    await page.getByTestId('take-application').click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('公民身份号码').fill(holder.residentId);
    await drawer.getByRole('button', { name: '查人员库' }).click();
    await drawer.getByText(/人员库：周建国/).waitFor();
    // A number of another holder is refused as typed (R-DIS-04) and the form keeps its values.
    await drawer.getByLabel(/残疾人证号/).fill(citizen.certificateNumber!);
    await drawer.getByText('残疾人证号的前18位与持证人的公民身份号码不一致').waitFor();
    await drawer.getByLabel(/残疾人证号/).fill(holder.certificateNumber!);
    await drawer.getByLabel(/联系电话/).fill('13812345678');
    await drawer.getByLabel('户籍所在乡镇（街道）').click();
    await page.getByTitle('淮川街道').click();
    await drawer.getByText('申请补贴').click(); // closes the dropdown
    await page.screenshot({ path: `${shots}disability-intake-form.png`, fullPage: true });
    await page.getByTestId('intake-submit').click();
    await page
      .getByTestId('taken-no')
      .waitFor({ timeout: 30_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: `${shots}disability-intake-refused.png`, fullPage: true });
        throw e;
      });
    const no = (await page.getByTestId('taken-no').textContent()) ?? '';
    assert.match(no, /^湘浏残补〔\d{4}〕\d{6}号$/);
    await drawer.getByText(/转户籍地剩余 \d+ 个工作日|转户籍地今天到期/).waitFor();
    await page.screenshot({ path: `${shots}disability-intake-taken.png`, fullPage: true });
    await page.keyboard.press('Escape');
    const row = page.getByRole('row', { name: new RegExp(no.replace(/[〔〕]/g, '.')) });
    await row.getByTestId('countdown').waitFor();
    assert.match((await row.getByTestId('countdown').textContent()) ?? '', /转户籍地/);
    await page.screenshot({ path: `${shots}disability-intake-ledger.png`, fullPage: true });
    // The application page's tab 申请与时限.
    await row.getByRole('link', { name: no }).click();
    await page.getByText('申请与时限').first().waitFor();
    await page.getByTestId('forward').waitFor();
    await page.screenshot({ path: `${shots}disability-intake-tab.png`, fullPage: true });
    await context.close();

    // A citizen on a phone: apply online, then look the status up.
    const phone = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const p = await phone.newPage();
    p.setDefaultTimeout(90_000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${platform.url}/disability/apply`);
    await p.getByLabel('姓名').fill('吴秀英');
    await p.getByLabel('公民身份号码').fill(citizen.residentId);
    await p.getByLabel(/残疾人证号/).fill(citizen.certificateNumber!);
    await p.getByLabel('户籍所在县（市、区）').click();
    await p.getByLabel('户籍所在县（市、区）').fill('浏阳');
    await p.getByTitle('长沙市浏阳市').click();
    await p.getByLabel('户籍所在乡镇（街道）').click();
    await p.getByTitle('淮川街道').click();
    await p.getByLabel(/联系电话/).fill('13700001111');
    await p.getByText('本人承诺所填信息真实').click();
    await p.screenshot({ path: `${shots}disability-intake-online-form.png`, fullPage: true });
    await p.getByTestId('apply-submit').click();
    const onlineNo = (await p.getByTestId('online-no').textContent()) ?? '';
    assert.match(onlineNo, /^湘浏残补〔\d{4}〕\d{6}号$/);
    await p.screenshot({ path: `${shots}disability-intake-online-done.png`, fullPage: true });
    await p.getByRole('link', { name: '查询申请进度' }).click();
    await p.getByLabel('手机号码').fill('13700009999');
    await p.getByTestId('status-submit').click();
    await p.getByText('未找到该申请，请核对申请编号和申请时填写的手机号码').waitFor();
    await p.getByLabel('手机号码').fill('13700001111');
    await p.getByTestId('status-submit').click();
    await p.getByTestId('status-card').waitFor();
    assert.match((await p.getByTestId('status-card').textContent()) ?? '', /吴\*.*已受理/);
    await p.screenshot({ path: `${shots}disability-intake-status.png`, fullPage: true });
    await phone.close();
    assert.deepEqual(pageErrors, []);
  });
});
