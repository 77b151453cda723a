// The rescue line's stay concern in a real browser: a station worker opens a case's 照料与托养 tab, sees
// the stay-limit alert (admitted 12 days ago, R-RES-05), records a service (R-RES-04), places the person
// with a partner institution (the station named as 第一责任主体, R-RES-13), records a supervision visit
// with a photo uploaded through the shared attachment picker, and finds the person on /rescue/placements
// with the institution scorecard. Needs `npm run build` first (packages/web/dist).
// Screenshots go to test-results/rescue-stay-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aPartnerWithAgreement, aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

/** A real 16×16 PNG, so the upload passes the server's content check. */
function aPng(): Buffer {
  const size = 16;
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) rows.push(40, 160, 90);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

void describe('rescue stay web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let store: string;
  const contexts: BrowserContext[] = [];
  let staff = '';
  let caseId = '';
  let caseNo = '';
  let stationName = '';
  let partnerName = '';

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), 'packages/web/dist is missing: run `npm run build` first');
    mkdirSync(shots, { recursive: true });
    store = mkdtempSync(join(tmpdir(), 'sap-e2e-rescue-stay-'));
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: false,
      webRoot,
      logLevel: 'warn',
      config: { attachmentsDir: store },
    });
    const core = platform.app.core;
    const station = await aRescueStation(core, { county: '430102', name: '长沙市救助管理站' });
    staff = station.staff.username;
    stationName = station.name;
    partnerName = (await aPartnerWithAgreement(core, station, { name: '长沙市第一社会福利院' })).name;
    // An adult admitted 12 days ago: over the 10-day limit today.
    const enteredAt = new Date(Date.now() - 12 * 86_400_000).toISOString();
    const c = await aRescueCase(core, station, { birthDate: '1978-06-01', name: '李强', enteredAt });
    caseId = c.id;
    caseNo = c.caseNo;
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.close();
    if (store) rmSync(store, { recursive: true, force: true });
  });

  async function signedIn(username: string): Promise<{ page: Page; pageErrors: string[] }> {
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
    return { page, pageErrors };
  }

  void it('records a service, places the person and records a visit with a photo', async () => {
    const { page, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue/cases/${caseId}`);
    await page.getByRole('tab', { name: '照料与托养' }).click();

    // R-RES-05: over the limit, with the 申请延期 button.
    const limit = page.getByTestId('rescue-stay-limit');
    await limit.getByText('已超过救助期限').waitFor();
    await limit.getByRole('button', { name: '申请延期' }).waitFor();

    // R-RES-04: a service; a fee in the text is refused and what was typed stays.
    const services = page.getByTestId('rescue-services');
    await services.getByLabel('内容').fill('收取住宿费20元');
    await services.getByLabel('提供人').fill('王五');
    await services.getByRole('button', { name: '登记服务' }).click();
    await services.getByText('不得向受助人员收费').waitFor();
    assert.equal(await services.getByLabel('提供人').inputValue(), '王五');
    await services.getByLabel('内容').fill('提供晚餐一份');
    await services.getByRole('button', { name: '登记服务' }).click();
    await services.locator('tbody tr.ant-table-row', { hasText: '提供晚餐一份' }).waitFor();

    // R-RES-13: place the person with the partner institution.
    const placement = page.getByTestId('rescue-placement');
    await placement.getByRole('button', { name: '安排站外托养/送医' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('托养机构或合作医院').click();
    await page.locator('.ant-select-item-option').filter({ hasText: partnerName }).click();
    await dialog.getByLabel('站外托养理由').fill('需专业照护，站内不具备条件');
    await dialog.getByRole('button', { name: '确认安排' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await placement.getByText('第一责任主体').waitFor();
    await placement.getByText(stationName).first().waitFor();

    // A visit: without a photo the form refuses; upload one through the picker, then save.
    await placement.getByLabel('走访人员').fill('张三、李四');
    await placement.getByLabel('走访情况').fill('生活照料良好，精神状态稳定');
    await placement.getByRole('button', { name: '保存走访记录' }).click();
    await placement.getByText('请上传或选择至少一张探访照片').waitFor();
    const picker = placement.locator('.attachment-picker');
    await picker.locator('input[type="file"]').first().setInputFiles({
      name: '走访照片.png',
      mimeType: 'image/png',
      buffer: aPng(),
    });
    await picker.getByText('走访照片.png').first().waitFor();
    await placement.getByRole('button', { name: '保存走访记录' }).click();
    await page
      .getByTestId('rescue-visits')
      .locator('tbody tr.ant-table-row', { hasText: '张三、李四' })
      .waitFor();
    await page.screenshot({ path: `${shots}rescue-stay-case.png`, fullPage: true });

    // The 站外托养 ledger and the scorecard.
    await page.goto(`${platform.url}/rescue/placements`);
    const row = page.locator('tbody tr.ant-table-row', { hasText: caseNo });
    await row.waitFor().catch(async (e: unknown) => {
      await page.screenshot({ path: `${shots}rescue-stay-debug.png`, fullPage: true });
      throw e;
    });
    assert.ok((await row.innerText()).includes(partnerName));
    await page.getByTestId('rescue-scorecard').getByText(partnerName).waitFor();
    await page.screenshot({ path: `${shots}rescue-stay-placements.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
