// The platform's review pages in a real browser (issue 16, H7): a county reviewer opens 待我审批 from the
// home page's to-do card, sees a rescue stay extension (submitted by the station through the fixtures),
// reads what is asked in the drawer, approves it — and it leaves the list and shows under 已办; then on
// 人员合并 the reviewer approves a proposed merge of two people-index records.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/approvals-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { proposeMerge } from '../packages/core/src/people/index.ts';
import { requestStayExtension } from '../packages/core/src/rescue/index.ts';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { aPerson, aUser } from '../packages/core/src/testing/factories.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('approvals inbox and person merges in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let reviewer: string;
  let caseId: string;

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
    const core = platform.app.core;
    const station = await aRescueStation(core, { county: '430102', name: '长沙市救助管理站' });
    const entered = new Date(Date.now() - 12 * 86_400_000).toISOString();
    const c = await aRescueCase(core, station, { enteredAt: entered, birthDate: '1980-01-01' });
    caseId = c.id;
    const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await requestStayExtension(core, station.staff, c.id, {
      reason: '家属下周前来接回，需延长救助',
      requestedUntil: until,
    });
    // Two records of one person: the registrar proposes, the reviewer decides.
    const registrar = await aUser(core, { role: 'registrar', divisionCode: '430102' });
    const survivor = await aPerson(core, registrar.actor, { name: '王建军' });
    const merged = await aPerson(core, registrar.actor, {
      name: '王建军',
      residentId: null,
      sex: 'male',
      birthDate: '1990-03-07',
    });
    await proposeMerge(core, registrar.actor, {
      survivorId: survivor.id,
      mergedId: merged.id,
      reason: '救助站无名氏经家属辨认为王建军本人',
    });
    reviewer = (await aUser(core, { role: 'county_reviewer', divisionCode: '430102' })).username;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  void it('approves a stay extension from the inbox and decides a person merge', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(reviewer);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    // Home: the to-do card links to the inbox; the menu has 待我审批 and 人员合并.
    const todo = page.locator('.ant-card', { hasText: '我的待办' });
    await todo.getByText('待我审批').waitFor();
    await todo.getByText('人员合并申请待审核').waitFor();
    await todo
      .locator('.ant-list-item', { hasText: '待我审批' })
      .getByRole('link', { name: '去办理' })
      .click();
    await page.waitForURL(/\/approvals$/);

    // The inbox: the extension with its kind, submitter and a link to the case.
    const row = page.locator('.ant-table-row', { hasText: '延长救助期限审批' });
    await row.waitFor();
    assert.equal(await row.getByRole('link').first().getAttribute('href'), `/rescue/cases/${caseId}`);
    await row.getByText('延长救助期限申请').waitFor();
    await page.screenshot({ path: `${shots}approvals-inbox.png`, fullPage: true });

    // The drawer: what is asked; a reject without a reason is refused beside the field, then approve.
    await row.getByText('办理', { exact: true }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('审批意见', { exact: true }).first().waitFor();
    await page.screenshot({ path: `${shots}approvals-drawer-open.png` });
    await drawer.getByText('家属下周前来接回，需延长救助').first().waitFor();
    await drawer.getByText('不予批准', { exact: true }).click();
    await drawer.getByRole('button', { name: '提交审批意见' }).click();
    await drawer.getByText('不予批准或退回补正须填写理由').waitFor();
    await page.screenshot({ path: `${shots}approvals-drawer.png` });
    await drawer.getByText('同意', { exact: true }).click();
    await drawer.getByRole('button', { name: '提交审批意见' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByText('暂无待我审批的事项').waitFor();
    assert.equal(await page.locator('.ant-table-row', { hasText: '延长救助期限审批' }).count(), 0);
    await page.getByRole('tab', { name: '已办' }).click();
    const done = page.locator('.ant-table-row', { hasText: '延长救助期限审批' });
    await done.getByText('已批准').waitFor();

    // 人员合并: the two records side by side (ids masked), approve with a reason.
    await page.getByRole('menuitem', { name: '人员合并' }).click();
    const mergeRow = page.locator('.ant-table-row', { hasText: '救助站无名氏经家属辨认为王建军本人' });
    await mergeRow.getByText('待审核').waitFor();
    await mergeRow.getByText('审核', { exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '审核人员合并' });
    await dialog.getByText('保留记录').first().waitFor();
    const idText = await dialog.locator('.ant-card', { hasText: '保留记录' }).innerText();
    assert.match(idText, /\*{4,}/, 'the resident id is masked');
    await page.screenshot({ path: `${shots}approvals-merge.png` });
    await dialog.getByLabel('理由').fill('经核对两条记录为同一人');
    await dialog.getByRole('button', { name: '提交审核意见' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await mergeRow.getByText('已合并').waitFor();
    await mergeRow.getByText('撤销合并').waitFor();
    await page.screenshot({ path: `${shots}approvals-merges.png`, fullPage: true });

    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
