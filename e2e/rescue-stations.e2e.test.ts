// The rescue line's stations page in a real browser (/rescue/stations): a supervisor opens a station,
// adds a female dormitory and sees it with its occupancy; opens a private foster institution, records an
// inspection (a 限期整改 without a deadline is refused by the form, nothing typed is lost) as 不合格, and
// sees the institution flagged; the inspections ledger lists it. A station's own staff see their station
// only and no management buttons. Needs `npm run build` first. Screenshots: test-results/rescue-stations-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemActor } from '../packages/core/src/access/index.ts';
import { createRescuePartner } from '../packages/core/src/rescue/index.ts';
import { aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { aUser } from '../packages/core/src/testing/index.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('rescue stations web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let supervisor = '';
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
    const core = platform.app.core;
    const station = await aRescueStation(core, { county: '430102', name: '长沙市救助管理站' });
    await aRescueStation(core, { county: '430102', name: '芙蓉区救助管理站' });
    staff = station.staff.username;
    supervisor = (await aUser(core, { role: 'supervisor', divisionCode: '430102' })).username;
    await createRescuePartner(core, systemActor('test', '430000'), {
      kind: 'foster',
      name: '长沙市康宁托养中心',
      divisionCode: '430102',
      ownership: 'private',
      capacity: 50,
      address: '长沙市芙蓉区马王堆街道 12 号',
      contactName: '王某',
      contactPhone: '13807311234',
    });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 860 } });
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

  void it('a supervisor adds a dormitory to a station and records an inspection that flags an institution', async () => {
    const { page, pageErrors } = await signedIn(supervisor);
    await page.goto(`${platform.url}/rescue/stations`);
    await page.getByRole('tab', { name: '救助管理站' }).waitFor();
    await page
      .getByText(/长沙市救助管理站/)
      .first()
      .click();
    const drawer = page.getByRole('dialog').last();
    await drawer
      .getByText('宿舍（男女分设）')
      .waitFor({ timeout: 8000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: `${shots}rescue-stations-debug.png`, fullPage: true });
        throw e;
      });
    const dorm = drawer.locator('form#dormitory-new');
    await dorm.getByPlaceholder('宿舍名称').fill('女宿舍二');
    await dorm.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown').getByText('女宿舍', { exact: true }).click();
    await dorm.locator('input[id="dormitory-new_beds"]').fill('6');
    await dorm.getByRole('button', { name: /新增宿舍/ }).click();
    await drawer.getByRole('cell', { name: '女宿舍二' }).waitFor();
    const row = drawer.locator('tr', { hasText: '女宿舍二' });
    assert.match(await row.innerText(), /女宿舍[\s\S]*0\/6/);
    await page.screenshot({ path: `${shots}rescue-stations-station.png`, fullPage: true });
    await page.locator('.ant-drawer-close').last().click();
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: '托养机构与合作医院' }).click();
    await page.getByText('长沙市康宁托养中心').first().click();
    const partner = page.getByRole('dialog').last();
    await partner.getByRole('button', { name: '登记检查' }).click();
    const form = page.locator('form#inspection-new');
    await form.getByLabel('检查人员').fill('市民政局 周敏');
    await form.getByLabel('检查发现的问题').fill('无消防验收手续；护理人员不足');
    await form.locator('#inspection-new_result').click();
    await page.locator('.ant-select-dropdown:visible').getByText('限期整改', { exact: true }).click();
    await page
      .getByRole('button', { name: '保 存' })
      .or(page.getByRole('button', { name: '保存' }))
      .last()
      .click();
    await form.getByText('请选择整改期限').waitFor();
    assert.equal(await form.getByLabel('检查人员').inputValue(), '市民政局 周敏');
    await form.locator('#inspection-new_result').click();
    await page.locator('.ant-select-dropdown:visible').getByText('不合格', { exact: true }).click();
    await page.screenshot({ path: `${shots}rescue-stations-inspection-form.png`, fullPage: true });
    await page
      .getByRole('button', { name: '保 存' })
      .or(page.getByRole('button', { name: '保存' }))
      .last()
      .click();
    await partner.getByText('该机构经检查不合格').waitFor();
    await partner.getByRole('cell', { name: '无消防验收手续；护理人员不足' }).waitFor();
    await page.screenshot({ path: `${shots}rescue-stations-partner.png`, fullPage: true });
    await page.locator('.ant-drawer-close').last().click();
    await partner.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: '检查台账' }).click();
    await page.getByText('今日应检查的机构').waitFor();
    await page.getByRole('cell', { name: '无消防验收手续；护理人员不足' }).waitFor();
    await page.screenshot({ path: `${shots}rescue-stations-inspections.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('station staff see their own station only, without management buttons', async () => {
    const { page, pageErrors } = await signedIn(staff);
    await page.goto(`${platform.url}/rescue/stations`);
    await page
      .getByText(/长沙市救助管理站/)
      .first()
      .waitFor();
    assert.equal(await page.getByText(/芙蓉区救助管理站/).count(), 0);
    assert.equal(await page.getByRole('button', { name: /新增救助管理站/ }).count(), 0);
    await page.screenshot({ path: `${shots}rescue-stations-staff.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
