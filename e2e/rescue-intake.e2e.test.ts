// The rescue line's intake in a real browser: a station worker goes through the 求助登记 wizard on a
// tablet-sized screen (求助甄别 → 身份与基本情况 → 体貌特征 → 物品登记与安全检查 → 转介与分配宿舍 → 照片指纹),
// hits a refused submit (a female caseworker is required for a woman) without losing anything typed,
// admits her, then finds her in 在站人员 and opens her case; an applicant on 低保 is refused with a printed
// 不予救助通知书. Needs `npm run build` first (packages/web/dist). Screenshots: test-results/rescue-intake-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { pdfText } from '../packages/core/src/testing/pdf-text.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('rescue intake web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staff = '';

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
    const station = await aRescueStation(platform.app.core, { county: '430102', name: '长沙市救助管理站' });
    staff = station.staff.username;
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
    // A tablet in landscape.
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1180, height: 820 },
      hasTouch: true,
    });
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

  const form = (page: Page) => page.locator('form#rescue-intake');

  async function answerEligibility(page: Page, subsistence: '是' | '否') {
    const f = form(page);
    await f.getByText('能如实提供', { exact: true }).click();
    await f.locator('#rescue-intake_canPayFoodLodging').getByText('不能', { exact: true }).click();
    await f.locator('#rescue-intake_hasRelativesToTurnTo').getByText('无', { exact: true }).click();
    await f.locator('#rescue-intake_receivesSubsistence').getByText(subsistence, { exact: true }).click();
    await f.getByText('务工不着、求职无果').click();
  }

  void it('admits a woman through the wizard, keeps what was typed on a refused submit, and lists her in 在站人员', async () => {
    const { page, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue/intake`);
    await page.getByText('求助甄别').first().waitFor();
    await answerEligibility(page, '否');
    await page.screenshot({ path: `${shots}rescue-intake-screening.png`, fullPage: true });
    await page.getByRole('button', { name: '下一步' }).click();

    const f = form(page);
    await f.getByLabel('姓名（自述）').fill('周梅');
    await f.locator('#rescue-intake_sex').getByText('女', { exact: true }).click();
    await f.getByLabel('估计年龄（岁）').fill('34');
    await f.getByLabel('户籍地、居住地（自述）').fill('湖南省邵阳市');
    await f.getByLabel('发现地点').fill('长沙火车站南广场');
    await page.getByRole('button', { name: '下一步' }).click();
    await f.getByLabel('身高（厘米）').fill('158');
    await f.getByLabel('衣着').fill('红色外套、黑色长裤');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '添加物品' }).click();
    await f.getByLabel('物品名称').fill('手机');
    await page.getByRole('button', { name: '下一步' }).click();
    await f
      .locator('#rescue-intake_dormitoryId')
      .getByText(/女宿舍一/)
      .click();
    await f.getByLabel('负责工作人员').fill('王明');
    await f.locator('#rescue-intake_caseworkerSex').getByText('男', { exact: true }).click();
    // The form's own rule (the server's rule too) refuses a male caseworker for a woman.
    await page.getByRole('button', { name: '登记入站' }).click();
    await f.getByText('女性受助人员应由女性工作人员负责管理').first().waitFor();
    await page.screenshot({ path: `${shots}rescue-intake-refused-submit.png`, fullPage: true });
    // Nothing typed was lost: back to step 2 and the name is still there.
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByRole('button', { name: '上一步' }).click();
    assert.equal(await f.getByLabel('姓名（自述）').inputValue(), '周梅');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '下一步' }).click();
    await f.getByLabel('负责工作人员').fill('李芳');
    await f.locator('#rescue-intake_caseworkerSex').getByText('女', { exact: true }).click();
    await page.getByRole('button', { name: '登记入站' }).click();
    await page.getByText(/已登记入站：湘芙民救字〔\d{4}〕第000001号/).waitFor();
    await page.getByText('照片、指纹与交接表').first().waitFor();
    await page.screenshot({ path: `${shots}rescue-intake-photos.png`, fullPage: true });

    await page.goto(`${platform.url}/rescue/residents`);
    const row = page.locator('tbody tr.ant-table-row', { hasText: '周梅' });
    await row.waitFor();
    assert.ok((await row.innerText()).includes('女宿舍一'));
    await page.screenshot({ path: `${shots}rescue-intake-residents.png`, fullPage: true });
    await row.getByRole('link').click();
    await page.getByRole('tab', { name: '基本信息' }).waitFor();
    await page.getByText('红色外套、黑色长裤').waitFor();
    await page.getByText('李芳（女）').waitFor();
    await page.screenshot({ path: `${shots}rescue-intake-case.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('refuses an applicant on 低保 and prints the 不予救助通知书', async () => {
    const { page, context, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue/intake`);
    await answerEligibility(page, '是');
    await page.getByText('不符合救助条件').waitFor();
    await page.getByLabel('补充说明（写入通知书）').fill('本人承认享受农村低保');
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: '不予救助并打印通知书' }).click(),
    ]);
    const url =
      popup.url() === 'about:blank' ? (await popup.waitForURL(/notice\.pdf/), popup.url()) : popup.url();
    const res = await context.request.get(url);
    assert.equal(res.status(), 200);
    const text = pdfText(Buffer.from(await res.body())).flat;
    assert.match(text, /湘芙民救不字〔\d{4}〕第000001号/);
    assert.ok(text.includes('最低生活保障'));
    assert.ok(text.includes('行政复议'));
    await page.getByText(/已作出不予救助决定/).waitFor();
    await page.screenshot({ path: `${shots}rescue-intake-refusal.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
