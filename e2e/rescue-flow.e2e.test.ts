// Issue 15 "done when", in a real browser: a station worker takes a person from intake (the 求助登记
// wizard) through the case page to departure — an adult leaving on his own with the 自行离站声明书
// printed, signed and uploaded, his belongings returned — and a second person (a case entered more than
// 3 months ago with the seven prescribed actions logged, set up through the fixtures) to the settlement
// application (落户安置), which then shows in the 离站与安置 ledger as 审批中.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/rescue-flow-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  aRescueCase,
  aRescueStation,
  logActions,
  type RescueStationFixture,
} from '../packages/core/src/rescue/testing.ts';
import { pdfText } from '../packages/core/src/testing/pdf-text.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

/** A one-page PDF as the scanner of a signed paper would give (the store accepts by magic number). */
const scan = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

void describe('rescue: intake → departure or settlement in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let station: RescueStationFixture;
  const contexts: BrowserContext[] = [];

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
    station = await aRescueStation(platform.app.core, { county: '430102', name: '长沙市救助管理站' });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string) {
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

  /** The case page's 离站与安置 tab (the line's navigation has a tab of the same name). */
  const caseTab = (page: Page) => page.locator('[role="tab"][id$="-tab-departure"]');

  /** Uploads a file through the AttachmentPicker of the form item labelled `label`. */
  async function upload(page: Page, label: string, name: string) {
    const item = page.locator('.ant-form-item', { has: page.getByText(label, { exact: true }) });
    await item.locator('input[type="file"][accept="image/*,application/pdf"]').setInputFiles({
      name,
      mimeType: 'application/pdf',
      buffer: scan(name),
    });
    await item.getByText(name).first().waitFor();
  }

  void it('admits an adult through the wizard and lets him leave on his own with a printed, signed declaration', async () => {
    const { page, context, pageErrors } = await signedIn(station.staff.username);
    // 1. Intake (求助登记 wizard).
    await page.goto(`${platform.url}/rescue/intake`);
    await page.getByText('求助甄别').first().waitFor();
    const f = page.locator('form#rescue-intake');
    await f.getByText('能如实提供', { exact: true }).click();
    await f.locator('#rescue-intake_canPayFoodLodging').getByText('不能', { exact: true }).click();
    await f.locator('#rescue-intake_hasRelativesToTurnTo').getByText('无', { exact: true }).click();
    await f.locator('#rescue-intake_receivesSubsistence').getByText('否', { exact: true }).click();
    await f.getByText('务工不着、求职无果').click();
    await page.getByRole('button', { name: '下一步' }).click();
    await f.getByLabel('姓名（自述）').fill('刘建国');
    await f.locator('#rescue-intake_sex').getByText('男', { exact: true }).click();
    await f.getByLabel('估计年龄（岁）').fill('46');
    await f.getByLabel('户籍地、居住地（自述）').fill('湖南省怀化市沅陵县');
    await f.getByLabel('发现地点').fill('长沙火车站南广场');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '添加物品' }).click();
    await f.getByLabel('物品名称').fill('手机');
    await page.getByRole('button', { name: '下一步' }).click();
    await f
      .locator('#rescue-intake_dormitoryId')
      .getByText(/男宿舍一/)
      .click();
    await f.getByLabel('负责工作人员').fill('王明');
    await f.locator('#rescue-intake_caseworkerSex').getByText('男', { exact: true }).click();
    await page.getByRole('button', { name: '登记入站' }).click();
    await page.getByText(/已登记入站：/).waitFor();

    // 2. The case page, from 在站人员.
    await page.goto(`${platform.url}/rescue/residents`);
    const row = page.locator('tbody tr.ant-table-row', { hasText: '刘建国' });
    await row.waitFor();
    await row.getByRole('link').click();
    await caseTab(page).click();
    await page.getByText('办理离站').waitFor();
    await page.screenshot({ path: `${shots}rescue-flow-departure-form.png`, fullPage: true });

    // 3. Self-departure: print the declaration (numbered), upload the signed scan, return the phone.
    await page.getByText('自行离站（签署声明书）').click();
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: '打印自行离站声明书' }).click(),
    ]);
    const url =
      popup.url() === 'about:blank' ? (await popup.waitForURL(/declaration\.pdf/), popup.url()) : popup.url();
    const res = await context.request.get(url);
    assert.equal(res.status(), 200);
    const text = pdfText(Buffer.from(await res.body())).flat;
    assert.ok(text.includes('自行离站声明书'));
    assert.match(text, /湘芙民救离字〔\d{4}〕第000001号/);
    await popup.close();
    // A refused submit (no signed declaration yet) keeps what was typed.
    await page.getByLabel('发放金额（元）').fill('30');
    await page.getByRole('button', { name: '确认离站并结案' }).click();
    await page.getByText('请上传本人签字的声明书').waitFor();
    await upload(page, '签字的声明书', '自行离站声明书-签字.pdf');
    await upload(page, '受助人员签字的领款收据', '领款收据.pdf');
    await page.getByText('本人（或领人者）已在纸质清单上签收').click();
    await page.getByRole('button', { name: '确认离站并结案' }).click();
    // R-RES-07: 30 yuan is over the cap; the amount stays in the field to correct.
    await page
      .getByText(/不得超过20元/)
      .first()
      .waitFor();
    assert.equal(await page.getByLabel('发放金额（元）').inputValue(), '30.00');
    await page.screenshot({ path: `${shots}rescue-flow-cash-refused.png`, fullPage: true });
    await page.getByLabel('发放金额（元）').fill('20');
    await page.getByRole('button', { name: '确认离站并结案' }).click();
    await page.getByText('离站记录').waitFor();
    await page.getByText(/声明书编号/).waitFor();
    await page.getByText('手机 ×1：已退还').waitFor();
    await page.screenshot({ path: `${shots}rescue-flow-departed.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('takes a long-term unidentified person to the settlement application and lists it in the ledger', async () => {
    const core = platform.app.core;
    const now = core.clock.now();
    const entered = new Date(now.getTime() - 100 * 86_400_000).toISOString();
    const c = await aRescueCase(core, station, {
      estimatedAge: 60,
      enteredAt: entered,
      identityStatus: 'unidentified',
    });
    await logActions(core, { id: c.id, stationId: station.id, divisionCode: station.divisionCode });
    const { page, pageErrors } = await signedIn(station.staff.username);
    await page.goto(`${platform.url}/rescue/cases/${c.id}`);
    await caseTab(page).click();
    await page.getByText('落户安置（长期滞留人员）').waitFor();
    await page.getByText(/在站 100 天/).waitFor();
    await page.getByLabel('集体户所在的公办福利机构').fill('长沙市社会福利院');
    await page.getByText('落户安置申请表', { exact: true }).click();
    await upload(page, 'DNA采集与比对记录', 'DNA比对结果.pdf');
    await page.getByRole('button', { name: '提交落户安置申请' }).click();
    await page.getByText('审批中').first().waitFor();
    await page.screenshot({ path: `${shots}rescue-flow-settlement.png`, fullPage: true });

    await page.goto(`${platform.url}/rescue/departures`);
    await page.locator('tbody tr.ant-table-row', { hasText: c.caseNo }).getByText('审批中').waitFor();
    await page.locator('tbody tr.ant-table-row', { hasText: '自行离站' }).waitFor();
    await page.screenshot({ path: `${shots}rescue-flow-ledger.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
