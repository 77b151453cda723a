// Issue 16 "done when", in a real browser: a caseworker goes from the 寻亲 worklist to an unidentified
// person's case, starts a reunion (notice channel), records the contact with the family, checks the
// family member's and the person's identity (id copy uploaded), hands the person over — the case ends as
// a departure 亲属接领 — and finds the reunion in the 团聚 ledger with its statistics.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/rescue-family-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { composeResidentId, parsePlainDate } from '../packages/kernel/src/index.ts';
import { createMissingReport, refreshFamilyCandidates } from '../packages/core/src/matching/index.ts';
import { backfillCasesToFamilySearch } from '../packages/core/src/rescue/family-feed.ts';
import { aUser } from '../packages/core/src/testing/factories.ts';
import {
  aRescueCase,
  aRescueStation,
  type RescueStationFixture,
} from '../packages/core/src/rescue/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const scan = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

void describe('rescue: 寻亲 → reunion → handover in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let station: RescueStationFixture;

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
    await browser?.close();
    await platform?.close();
  });

  async function upload(page: Page, label: string, name: string) {
    const item = page.locator('.ant-form-item', { has: page.getByText(label, { exact: true }) });
    await item.locator('input[type="file"][accept="image/*,application/pdf"]').setInputFiles({
      name,
      mimeType: 'application/pdf',
      buffer: scan(name),
    });
    await item.getByText(name).first().waitFor();
  }

  void it('from the worklist to a confirmed reunion: contact, identity check, handover → case departed', async () => {
    const core = platform.app.core;
    const entered = new Date(core.clock.now().getTime() - 12 * 86_400_000).toISOString();
    const c = await aRescueCase(core, station, {
      estimatedAge: 50,
      enteredAt: entered,
      identityStatus: 'unidentified',
    });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(station.staff.username);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    // 1. The 寻亲 worklist: the person, 12 days in the station, what to do next.
    await page.goto(`${platform.url}/rescue/family-search`);
    const row = page.locator('tbody tr.ant-table-row', { hasText: c.caseNo });
    await row.waitFor();
    await row.getByText('上传正面照片，以便人像比对').waitFor();
    await page.screenshot({ path: `${shots}rescue-family-worklist.png`, fullPage: true });
    await row.getByRole('link', { name: c.caseNo }).click();

    // 2. The case's 寻亲与团聚 tab opens; start a reunion from a notice response.
    await page.getByRole('button', { name: '发起团聚' }).waitFor();
    await page.getByLabel('线索说明').fill('寻亲公告回复电话');
    await page.getByRole('button', { name: '发起团聚' }).click();
    await page.getByText('下一步：联系家属：登记联系人、关系和电话').waitFor();

    // 3. Contact: a refused submit keeps what was typed and shows the error next to the field.
    await page.getByLabel('联系的家属姓名').fill('王芳');
    await page.getByLabel('与受助人员关系').fill('妻子');
    await page.getByLabel('联系电话').fill('12');
    await page.getByRole('button', { name: '登记联系家属' }).click();
    await page
      .getByText(/请填写有效的联系电话/)
      .first()
      .waitFor();
    assert.equal(await page.getByLabel('联系的家属姓名').inputValue(), '王芳');
    await page.getByLabel('联系电话').fill('13800000000');
    await page.getByRole('button', { name: '登记联系家属' }).click();

    // 4. Identity check: the wife's id (validated), her id copy, the person's name.
    await page.getByRole('button', { name: '确认身份核实' }).waitFor();
    const wifeId = composeResidentId('430102', parsePlainDate('1978-03-04'), 246);
    await page.getByLabel('亲属身份证件号码').fill(wifeId);
    await upload(page, '亲属身份证件复印件', '王芳身份证复印件.pdf');
    await page.getByLabel('受助人员姓名（核实后）').fill('张建军');
    await page.screenshot({ path: `${shots}rescue-family-identity.png`, fullPage: true });
    await page.getByRole('button', { name: '确认身份核实' }).click();

    // 5. Handover: the checked wife collects him (her id copy on file) → the case ends as 亲属接领. Name and
    // relation are pre-filled, the id is typed: another number is refused next to the field, typed values kept.
    await page.getByRole('button', { name: '办理交接（亲属接领离站）' }).waitFor();
    await page
      .getByText(/430102\*+\d{3}[\dX]/)
      .first()
      .waitFor();
    assert.equal(await page.getByLabel('领人者姓名').inputValue(), '王芳');
    assert.equal(await page.getByLabel('领人者身份证件号码').inputValue(), '');
    const wrongId = composeResidentId('430102', parsePlainDate('1979-05-06'), 248);
    await page.getByLabel('领人者身份证件号码').fill(wrongId);
    await page.getByRole('button', { name: '办理交接（亲属接领离站）' }).click();
    await page
      .getByText(/领人者身份证件号码与身份核实时登记的亲属/)
      .first()
      .waitFor();
    assert.equal(await page.getByLabel('领人者身份证件号码').inputValue(), wrongId);
    await page.screenshot({ path: `${shots}rescue-family-handover-mismatch.png`, fullPage: true });
    await page.getByLabel('领人者身份证件号码').fill(wifeId);
    await page.getByRole('button', { name: '办理交接（亲属接领离站）' }).click();
    await page.getByText('已交接（团聚）').first().waitFor();
    await page.getByText(/入站后第 12 天/).waitFor();
    await page.screenshot({ path: `${shots}rescue-family-handed-over.png`, fullPage: true });
    const dep = await core.db.kysely
      .selectFrom('rescueCases')
      .select(['status', 'closeKind'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(dep, { status: 'departed', closeKind: 'collected_by_family' });

    // 6. The 团聚 ledger and its statistics.
    await page.goto(`${platform.url}/rescue/reunions`);
    await page.locator('tbody tr.ant-table-row', { hasText: c.caseNo }).getByText('已交接（团聚）').waitFor();
    await page.getByText('入站到交接天数（中位数）').waitFor();
    await page.locator('canvas').first().waitFor();
    await page.screenshot({ path: `${shots}rescue-family-reunions.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  void it('through a name match: the case’s candidate confirmed on the tab starts the reunion by itself', async () => {
    const core = platform.app.core;
    const c = await aRescueCase(core, station, {
      sex: 'female',
      estimatedAge: 35,
      name: '刘方',
      identityStatus: 'unidentified',
    });
    await backfillCasesToFamilySearch(core);
    const office = await aUser(core, { role: 'county_reviewer', divisionCode: '430102' });
    await createMissingReport(core, office.actor, {
      name: '刘芳',
      sex: 'female',
      birthYear: 1991,
      lostDivisionCode: '430102',
      features: '左眉有痣',
      contactName: '刘建华',
      contactPhone: '13812345678',
    });
    await refreshFamilyCandidates(core);
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(station.staff.username);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    await page.goto(`${platform.url}/rescue/family-search?hasCandidates=yes`);
    const row = page.locator('tbody tr.ant-table-row', { hasText: c.caseNo });
    // The worklist row (the candidates of missing reports below list the case too).
    await row.getByText(/核对1个寻亲候选/).waitFor();
    await page.screenshot({ path: `${shots}rescue-family-worklist-candidates.png`, fullPage: true });
    await row.first().getByRole('link', { name: c.caseNo }).click();
    // The matching line's candidate list, shared with the review tab (app/family-candidates).
    const candidates = page.getByTestId('family-candidates-list');
    await candidates.locator('tr.ant-table-row', { hasText: '刘芳' }).waitFor();
    await candidates.getByRole('button', { name: '确认同一人' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('核查意见').fill('体貌特征与家属描述一致，已电话核实');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText(/寻亲候选确认后自动发起/).waitFor();
    await page.getByText('团聚（数据比对）').first().waitFor();
    await page.screenshot({ path: `${shots}rescue-family-by-match.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
