// 系统管理 in a real browser: the auditor asks who read a person's record (当事人 filter, Chinese action
// names, display names, row detail), and an administrator disables and re-enables an account (its session
// ends at once). Needs `npm run build` first (packages/web/dist). Time budget: about 30 s.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';
const fullId = /\d{17}[\dX]/;

void describe('system administration web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), 'packages/web/dist is missing: run `npm run build` first');
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: { size: 'demo', seed: 1 },
      webRoot,
      logLevel: 'warn',
    });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    return { page, pageErrors };
  }

  void it('the auditor filters by person and sees who read the record, in Chinese, without full ids', async () => {
    // A county registrar reads one person's record (audited with that person as subject).
    const clerk = await signedIn('registrar.county');
    const people = await clerk.page.request.get(`${platform.url}/api/people?pageSize=2`);
    const [person, other] = (await people.json()).items as { id: string }[];
    assert.ok(person && other);
    for (const p of [person, other])
      assert.equal((await clerk.page.request.get(`${platform.url}/api/people/${p.id}`)).status(), 200);

    const { page, pageErrors } = await signedIn('auditor.province');
    await page.goto(`${platform.url}/system/audit`);
    await page.getByLabel('当事人').fill(person.id);
    // Wait for the filtered answer itself, then for the table to show exactly its rows: the unfiltered
    // first page (with other people's reads) may still be on screen when the URL has changed.
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/audit?') && r.url().includes(`personId=${person.id}`) && r.ok(),
    );
    await page.getByRole('button', { name: '查询' }).click();
    const filteredRows = ((await (await filtered).json()) as { items: unknown[] }).items.length;
    await page.waitForURL(new RegExp(`personId=${person.id}`));
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await page.waitForFunction(
      `document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === ${filteredRows}`,
    );
    await rows.filter({ hasText: '查看人员信息' }).first().waitFor();
    const text = await page.locator('.ant-table-tbody').innerText();
    assert.match(text, /县级登记员|登记员/, 'the reader is shown by display name');
    assert.match(text, /registrar\.county/);
    assert.doesNotMatch(text, fullId);
    assert.doesNotMatch(text, /person\.read/, 'no bare action codes in the table');
    // Only rows about this person.
    const subjects = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(6)').allInnerTexts();
    assert.equal(new Set(subjects).size, 1, `one person only: ${subjects.join(', ')}`);
    await page.screenshot({ path: `${shots}system-audit-person.png`, fullPage: true });

    // The action picker offers Chinese names; narrowing to 查看人员信息 keeps the reads.
    await page.getByLabel('操作', { exact: true }).click();
    await page.keyboard.type('查看人员');
    await page.locator('.ant-select-item-option').filter({ hasText: '查看人员信息' }).first().click();
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/action=person\.read/);
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 1);

    // Row detail.
    await rows.first().getByRole('button', { name: '详情' }).click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), /查看人员信息/);
    assert.doesNotMatch(await detail.innerText(), fullId);
    await page.waitForTimeout(500); // the drawer's slide-in, for the screenshot
    await page.screenshot({ path: `${shots}system-audit-detail.png` });
    assert.deepEqual(pageErrors, []);
  });

  void it('an administrator disables an account (its session ends) and enables it again', async () => {
    const clerk = await signedIn('subsidy_clerk.city');
    const { page, pageErrors } = await signedIn('admin.province');
    await page.goto(`${platform.url}/system/users`);
    await page.getByLabel('关键字').fill('subsidy_clerk.city');
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'subsidy_clerk.city' });
    await row.waitFor();
    await row.getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '停用' }).click();
    await row.getByText('停用', { exact: true }).first().waitFor();
    await row.getByRole('button', { name: '启用' }).waitFor();
    await page.screenshot({ path: `${shots}system-users-disabled.png`, fullPage: true });

    // The clerk's session has ended.
    assert.equal((await clerk.page.request.get(`${platform.url}/api/auth/me`)).status(), 401);

    await row.getByRole('button', { name: '启用' }).click();
    await row.getByRole('button', { name: '停用' }).waitFor();
    assert.match(await row.innerText(), /启用/);

    // The auditor sees both acts by their Chinese names.
    const auditor = await signedIn('auditor.province');
    await auditor.page.goto(`${platform.url}/system/audit?actor=admin.province`);
    const audit = auditor.page.locator('.ant-table-tbody');
    await audit.getByText('停用用户').first().waitFor();
    await audit.getByText('启用用户').first().waitFor();
    await auditor.page.screenshot({ path: `${shots}system-audit-admin-acts.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(auditor.pageErrors, []);
  });
});
