// Issue 16 item 4 (源头治理) in a real browser: a station worker records a street patrol lead and its
// response; the worker of the second station confirms a repeat-wanderer flag (one person rescued at two
// stations of different counties, flagged by the governance job) and the alert to the hukou county
// appears; the first station logs a follow-up visit of the returnee.
// Needs `npm run build` first (packages/web/dist). Screenshots: test-results/rescue-governance-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext } from 'playwright-core';
import { composeResidentId, type PlainDate } from '../packages/kernel/src/index.ts';
import { closeDemoCaseAsReturned } from '../packages/core/src/rescue/governance.repository.ts';
import { runSourceGovernance } from '../packages/core/src/rescue/governance.service.ts';
import {
  aRescueCase,
  aRescueStation,
  type RescueStationFixture,
} from '../packages/core/src/rescue/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('rescue: source governance in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let a: RescueStationFixture;
  let b: RescueStationFixture;
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
    const core = platform.app.core;
    a = await aRescueStation(core, { county: '430102', name: '长沙市救助管理站' });
    b = await aRescueStation(core, { county: '430104', name: '岳麓区救助管理站' });
    // One person: rescued 40 days ago at A (went home 30 days ago), today at B.
    const now = Date.now();
    const earlier = await aRescueCase(core, a, {
      birthDate: '1966-03-04',
      name: '邓国华',
      status: 'departed',
      enteredAt: new Date(now - 40 * 86_400_000).toISOString(),
    });
    await core.db.kysely
      .updateTable('people')
      .set({
        residentId: composeResidentId('430202', '1966-03-04' as PlainDate, 715),
        hukouDivisionCode: '430202',
      })
      .where('id', '=', earlier.personId)
      .execute();
    const left = new Date(now - 30 * 86_400_000).toISOString();
    await closeDemoCaseAsReturned(
      core.db.kysely,
      { id: earlier.id, stationId: a.id, divisionCode: a.divisionCode },
      left.slice(0, 10),
      '株洲市荷塘区',
      left,
    );
    const later = await aRescueCase(core, b, { birthDate: '1966-03-04', name: '邓国华' });
    await core.db.kysely
      .updateTable('rescueCases')
      .set({ personId: earlier.personId })
      .where('id', '=', later.id)
      .execute();
    const run = await runSourceGovernance(core);
    assert.equal(run.flagged, 1);
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
    return { page, pageErrors };
  }

  void it('records a lead and its response, confirms a repeat wanderer, logs a follow-up visit', async () => {
    // 1. Street patrol lead at station A: record, then respond.
    const { page, pageErrors } = await signedIn(a.staff.username);
    await page.goto(`${platform.url}/rescue/governance/leads`);
    await page.getByRole('button', { name: '登记线索' }).click();
    const lf = page.locator('form#rescue-patrol-lead');
    await lf.getByLabel('报告单位或报告人').fill('五里牌派出所');
    await lf.getByLabel('具体地点').fill('五一广场地下通道');
    await lf.getByLabel('人员情况').fill('一名中年男子露宿，衣着单薄');
    await page.getByRole('button', { name: '保存' }).click();
    const leadRow = page.locator('tbody tr.ant-table-row', { hasText: '五一广场地下通道' });
    await leadRow.waitFor();
    await leadRow.getByRole('button', { name: '登记响应' }).click();
    await page.locator('form#rescue-patrol-response').getByText('未找到', { exact: true }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await leadRow.getByText(/\d+ 分钟/).waitFor();
    await leadRow.getByText('未找到').waitFor();
    await page.screenshot({ path: `${shots}rescue-governance-leads.png`, fullPage: true });

    // 2. The returnee's follow-up visit (station A handled the return home).
    await page.goto(`${platform.url}/rescue/governance`);
    const rRow = page.locator('tbody tr.ant-table-row', { hasText: '邓国华' });
    await rRow.waitFor();
    await rRow.getByText('荷塘区').waitFor();
    await rRow.getByRole('button', { name: '登记回访' }).click();
    const ff = page.locator('form#rescue-follow-up');
    await ff.getByLabel('回访人').fill('荷塘区民政局 周干事');
    await ff.getByLabel('回访情况').fill('已回到家中，与家人同住');
    await page.getByRole('button', { name: '保存' }).click();
    await rRow.getByText(/1 次，最近/).waitFor();
    await page.screenshot({ path: `${shots}rescue-governance-returnees.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);

    // 3. Station B confirms the repeat-wanderer flag; the alert to 荷塘区 shows.
    const second = await signedIn(b.staff.username);
    await second.page.goto(`${platform.url}/rescue/governance/repeat`);
    const fRow = second.page.locator('tbody tr.ant-table-row', { hasText: '邓国华' });
    await fRow.waitFor();
    await fRow.getByText('同一人员档案').first().waitFor();
    await fRow.getByRole('button', { name: '确认同一人' }).click();
    // A refused submit (no reason) keeps the dialog open with the message next to the field.
    await second.page.getByRole('button', { name: '确认并预警户籍地' }).click();
    await second.page.getByText('请填写核实依据').waitFor();
    await second.page
      .locator('form#rescue-repeat-decision')
      .getByLabel('核实依据')
      .fill('身份证号码一致，本人承认曾在长沙受助');
    await second.page.getByRole('button', { name: '确认并预警户籍地' }).click();
    await fRow.getByText('已确认').waitFor();
    await second.page.getByText(/荷塘区（身份证号码）/).waitFor();
    await second.page.screenshot({ path: `${shots}rescue-governance-repeat.png`, fullPage: true });

    // 4. Statistics: one confirmed repeat wanderer.
    await second.page.goto(`${platform.url}/rescue/governance/statistics`);
    await second.page.getByText('已确认多次流浪（人次）').waitFor();
    await second.page.locator('canvas').first().waitFor();
    await second.page.screenshot({ path: `${shots}rescue-governance-statistics.png`, fullPage: true });
    assert.deepEqual(second.pageErrors, []);
  });
});
