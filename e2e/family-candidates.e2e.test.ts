// Issue 16 item 1 in a real browser: a county reviewer opens 数据比对 → 寻亲候选, sees the candidate the
// refresher stored between a missing-person report and an unidentified person in a rescue station, opens
// the side-by-side comparison and confirms it with a reason. Needs `npm run build` first
// (packages/web/dist). Screenshot: test-results/family-candidates-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createMissingReport, refreshFamilyCandidates } from '../packages/core/src/matching/index.ts';
import { backfillCasesToFamilySearch } from '../packages/core/src/rescue/family-feed.ts';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { aUser } from '../packages/core/src/testing/factories.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('family-search candidates: review and confirm in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let reviewer: string;

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
    const station = await aRescueStation(core, { county: '430181', name: '浏阳市救助管理站' });
    await aRescueCase(core, station, { sex: 'female', estimatedAge: 35, name: '刘方' });
    await backfillCasesToFamilySearch(core);
    const office = await aUser(core, { role: 'county_reviewer', divisionCode: '430181' });
    reviewer = office.username;
    await createMissingReport(core, office.actor, {
      name: '刘芳',
      sex: 'female',
      birthYear: 1991,
      lostDivisionCode: '430181',
      features: '左眉有痣',
      contactName: '刘建华',
      contactPhone: '13812345678',
    });
    await refreshFamilyCandidates(core);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  void it('lists the candidate, shows both records and confirms it with a reason', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(reviewer);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    await page.goto(`${platform.url}/matching/family-candidates`);
    const row = page.locator('tr.ant-table-row', { hasText: '刘芳' });
    await row.waitFor();
    assert.ok((await row.textContent())?.includes('刘方'));
    // The side-by-side comparison, with the family's masked contact on the report's side.
    await row.locator('.ant-table-row-expand-icon').click();
    const compare = page.getByTestId('family-candidate-compare');
    await compare.waitFor();
    assert.ok((await compare.textContent())?.includes('138****5678'));
    await page.screenshot({ path: `${shots}family-candidates-review.png`, fullPage: true });

    // A refused submit (no reason) keeps the dialog open; then confirm with a reason.
    await row.getByRole('button', { name: '确认同一人' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('请填写核查意见（至少 2 个字）').first().waitFor();
    await dialog.getByLabel('核查意见').fill('家属辨认照片一致，口音相符');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.locator('tr.ant-table-row', { hasText: '刘芳' }).getByText('已确认').waitFor();
    await page.screenshot({ path: `${shots}family-candidates-confirmed.png`, fullPage: true });

    const events = await platform.app.core.db.kysely
      .selectFrom('outboxEvents')
      .select('id')
      .where('type', '=', 'family.match-confirmed')
      .execute();
    assert.equal(events.length, 1);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
