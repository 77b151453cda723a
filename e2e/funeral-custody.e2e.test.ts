// Issue 17 item 2 in a real browser: a funeral-home clerk opens a collection order (新建接运单), then scans
// the body's code into the case page's scan field (typed like a scanner: the code and Enter) through each
// step; the cremation is refused until the documents are recorded (the death certificate through the
// fixture, F4's concern; the cremation confirmation and both id checks through the page), then the urn's
// code releases the ashes to the agent; the barcode label PDF answers 200.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/funeral-custody-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newId } from '@social-affairs/kernel';
import type { Browser, Page } from 'playwright-core';
import { insertCaseDocument } from '../packages/core/src/funeral/cases.repository.ts';
import {
  aDecedentResidentId,
  aFuneralFacility,
  type FuneralFacilityFixture,
} from '../packages/core/src/funeral/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

/** Beijing's date `days` from today, `YYYY-MM-DD`. */
function beijingDay(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

void describe('funeral: collection order → scanned custody steps → ashes, in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let home: FuneralFacilityFixture;

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
    home = await aFuneralFacility(platform.app.core, { county: '430102', name: '芙蓉区殡仪馆' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  /** Types into an antd DatePicker and confirms. */
  async function pickDate(page: Page, selector: string, day: string) {
    await page.locator(selector).click();
    await page.locator(selector).fill(day);
    await page.locator(selector).press('Enter');
  }

  /** What a barcode scanner does: types the code into the focused scan field and presses Enter. */
  async function scan(page: Page, code: string) {
    const field = page.getByTestId('funeral-step-scan');
    await field.waitFor();
    await field.focus();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  }

  void it('takes a body from the collection order to the ashes with every gate enforced', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(home.staff.username);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    // 1. The collection order (新建接运单).
    const residentId = aDecedentResidentId('1941-05-06');
    const agentId = aDecedentResidentId('1970-02-02', '430103', 'female');
    await page.goto(`${platform.url}/funeral/cases/new`);
    const f = page.locator('form#funeral-collection');
    await f.locator('#funeral-collection_residentId').fill(residentId);
    await f.locator('#funeral-collection_nameGiven').fill('刘德顺');
    await f.locator('#funeral-collection_sex').getByText('男', { exact: true }).click();
    await pickDate(page, '#funeral-collection_deathDate', beijingDay(-1));
    await f.locator('#funeral-collection_deathPlace').fill('湖南省人民医院');
    await f.getByText(/长沙市：殡仪馆专用车辆，接运免费/).waitFor();
    await f.locator('#funeral-collection_proofIssuer').fill('湖南省人民医院');
    await pickDate(page, '#funeral-collection_proofIssuedOn', beijingDay(-1));
    await f.locator('#funeral-collection_agentName').fill('刘小红');
    await f.locator('#funeral-collection_agentPhone').fill('13900001111');
    await f.locator('#funeral-collection_agentRelation').fill('女儿');
    await page.screenshot({ path: `${shots}funeral-custody-order.png`, fullPage: true });
    await page.getByRole('button', { name: '登记接运单' }).click();
    await page.getByText(/接运单已登记：档案编号/).waitFor();
    const created = await page.getByText(/接运单已登记：档案编号/).innerText();
    const bodyCode = /遗体条码 (YT[0-9A-Z]+)/.exec(created)?.[1];
    assert.ok(bodyCode, `no body code in: ${created}`);

    // 2. Scans: a wrong code is refused, the right one moves the body on.
    await scan(page, 'YT000000XXXXXX');
    await page.getByText('扫描的条码与本档案的遗体条码不符').waitFor();
    await scan(page, bodyCode);
    await page.getByTestId('funeral-case-step').getByText('已接运').waitFor();
    await page.getByTestId('funeral-next-step').getByLabel('冷藏柜位').fill('A-01');
    await scan(page, bodyCode);
    await page.getByTestId('funeral-case-step').getByText('冷藏暂存').waitFor();

    // 3. The cremation is blocked: the checklist names what is missing, and the refusal too.
    await page.getByTestId('funeral-gate').getByText('缺少有效的《居民死亡医学证明》').waitFor();
    await page.getByTestId('funeral-next-step').getByText('火化', { exact: true }).click();
    await scan(page, bodyCode);
    await page.getByText('火化条件未满足').waitFor();
    await page.screenshot({ path: `${shots}funeral-custody-blocked.png`, fullPage: true });

    // 4. Documents: the death certificate (F4's, through the fixture), the rest through the page.
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await insertCaseDocument(platform.app.core.db.kysely, {
      id: newId(),
      caseId,
      kind: 'death_certificate',
      number: '430102-2026-000321',
      issuer: '湖南省人民医院',
      issuedOn: beijingDay(-1),
      note: null,
      attachmentId: null,
      status: 'valid',
      revokedReason: null,
      recordedBy: 'e2e',
      recordedAt: new Date().toISOString(),
    });
    const doc = page.getByTestId('funeral-document-form');
    await doc.getByLabel('签字人（经办人）').fill('刘小红');
    await doc.getByRole('button', { name: '登记材料' }).click();
    await page.getByRole('cell', { name: '遗体火化确认书' }).waitFor();
    const chooseKind = async (label: string) => {
      await doc.getByLabel('材料种类').click({ force: true });
      await page.locator('.ant-select-item-option', { hasText: label }).click();
    };
    await chooseKind('逝者身份证件核验');
    await doc.getByLabel('证件上的身份证号码（核验后脱敏保存）').fill(residentId);
    await doc.getByRole('button', { name: '登记材料' }).click();
    await page.getByRole('cell', { name: '逝者身份证件核验' }).waitFor();
    await chooseKind('经办人身份证件核验');
    await doc.getByLabel('证件上的身份证号码（核验后脱敏保存）').fill(agentId);
    await doc.getByRole('button', { name: '登记材料' }).click();
    await page.getByRole('cell', { name: '经办人身份证件核验' }).waitFor();
    await page.reload();
    await page.getByTestId('funeral-gate').getByText('条件均已齐备，可以火化').waitFor();

    // 5. Cremation (the body's code), then the urn's code hands the ashes to the checked agent.
    await page.getByTestId('funeral-next-step').getByText('火化', { exact: true }).click();
    await scan(page, bodyCode);
    await page.getByTestId('funeral-case-step').getByText('已火化').waitFor();
    const urnText = await page.locator('.ant-descriptions-item', { hasText: '骨灰盒条码' }).innerText();
    const urnCode = /GH[0-9A-Z]+/.exec(urnText)?.[0] ?? '';
    assert.match(urnCode, /^GH/);
    await page
      .getByTestId('funeral-next-step')
      .getByLabel('领取人身份证号码（须与已核验的经办人一致）')
      .fill(agentId);
    await scan(page, bodyCode);
    await page.getByText('扫描的条码与本档案的骨灰盒条码不符').waitFor();
    await scan(page, urnCode);
    await page.getByTestId('funeral-case-step').getByText('骨灰已领取').waitFor();
    await page.screenshot({ path: `${shots}funeral-custody-done.png`, fullPage: true });

    // 6. The label prints; the day board and the ledger show the file.
    const label = await page.request.get(`${platform.url}/api/funeral/cases/${caseId}/label.pdf`);
    assert.equal(label.status(), 200);
    assert.equal(label.headers()['content-type'], 'application/pdf');
    await page.goto(`${platform.url}/funeral`);
    await page.getByTestId('funeral-scan-box').waitFor();
    await page.screenshot({ path: `${shots}funeral-custody-board.png`, fullPage: true });
    await page.goto(`${platform.url}/funeral/cases`);
    await page.locator('tbody tr.ant-table-row', { hasText: '刘德顺' }).waitFor();
    await page.screenshot({ path: `${shots}funeral-custody-ledger.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
