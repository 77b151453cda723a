// 系统管理 › 节假日安排 in a real browser (ADR 0014): the next-year warning (on the page and as a to-do
// item on the home page, from 1 December), loading an arrangement pasted as JSON, and the refusal of an
// invalid one. Needs `npm run build` first (packages/web/dist).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { createUser, systemActor } from '../packages/core/src/index.ts';
import { sampleArrangement } from '../packages/core/src/calendar/testing.ts';
import { isoWeekday, todayPlainDate, type PlainDate } from '../packages/kernel/src/index.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Calendar@2026x';

void describe('holiday calendar admin page', () => {
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
    await createUser(platform.app.core, systemActor('e2e', '000000'), {
      username: 'calendar.admin',
      displayName: '省级管理员',
      role: 'admin',
      divisionCode: '430000',
      password,
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function fillJson(page: Page, value: unknown) {
    await page.getByLabel('节假日安排 JSON').fill(JSON.stringify(value, null, 2));
  }

  void it('warns while next year is missing, refuses an invalid arrangement, loads a valid one', async () => {
    const today = todayPlainDate('Asia/Shanghai');
    const nextYear = Number(today.slice(0, 4)) + 1;
    const december = today.slice(5, 7) === '12';
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill('calendar.admin');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    // The home page's to-do list carries the warning in December (the real date decides).
    await page.goto(`${platform.url}/`);
    await page.getByText('我的待办').waitFor();
    const todo = page.getByText(`${nextYear}年节假日安排尚未加载，相关期限暂定`);
    if (december) {
      await todo.waitFor();
      await page.screenshot({ path: `${shots}calendar-home-warning.png`, fullPage: true });
    }

    await page.getByRole('menuitem', { name: '节假日安排' }).click();
    await page.waitForURL(/\/system\/holiday-calendar$/);
    await page.getByText('已加载的年份').waitFor();
    await page.getByRole('cell', { name: '2026', exact: true }).waitFor();
    if (december) await page.getByText('下一年节假日安排尚未加载').waitFor();
    await page.screenshot({ path: `${shots}calendar-admin-warning.png`, fullPage: true });

    // An adjusted working day inside the National Day holiday: refused, every problem listed.
    const a = sampleArrangement(nextYear);
    const weekendDay = [1, 2, 3, 4, 5, 6, 7]
      .map((d) => `${nextYear}-10-0${d}` as PlainDate)
      .find((d) => isoWeekday(d) >= 6)!;
    await fillJson(page, {
      ...a,
      holidays: a.holidays.map((h) => (h.name === '国庆节' ? { ...h, work: [weekendDay] } : h)),
    });
    await page.getByRole('button', { name: '校验并加载' }).click();
    await page.getByText(`${weekendDay} 既是国庆节的放假日，又是国庆节的调休上班日`).first().waitFor();
    await page.screenshot({ path: `${shots}calendar-admin-refused.png`, fullPage: true });

    await fillJson(page, a);
    await page.getByRole('button', { name: '校验并加载' }).click();
    await page.getByText(`已加载 ${nextYear} 年节假日安排`).first().waitFor();
    await page.getByText(`${nextYear}年节假日安排已加载`).waitFor();
    await page.getByRole('cell', { name: String(nextYear), exact: true }).waitFor();
    await page.screenshot({ path: `${shots}calendar-admin-loaded.png`, fullPage: true });

    await page.goto(`${platform.url}/`);
    await page.getByText('我的待办').waitFor();
    await page.getByText('今日暂无待办事项').waitFor();
    assert.equal(await todo.count(), 0);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
