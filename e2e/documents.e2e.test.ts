// Printed documents in a real browser (issue 13 item 2): the registrar's print buttons open the PDF in
// a new tab with Chromium's PDF viewer (print preview) — never a download. Covers a link button (结婚证
// on 档案查询) and a window opened after a request (补领 → the re-issued certificate).
// Needs `npm run build` first (packages/web/dist; E2E_WEB_ROOT overrides). Screenshots go to
// test-results/documents-*.png. Time budget: demo seed ~15 s, two viewers ~5 s; hard ceiling 120 s.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { userActor, type Role } from '../packages/core/src/index.ts';
import { registerMarriage } from '../packages/core/src/marriage/index.ts';
import { aCouple } from '../packages/core/src/marriage/testing.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';
/** Chromium's built-in PDF viewer (the extension id is fixed in Chromium's source). */
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

void describe('printed documents open in the browser’s viewer', { timeout: 120_000 }, () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), `${webRoot} is missing: run \`npm run build\` first`);
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: { size: 'demo', seed: 1 },
      webRoot,
      logLevel: 'warn',
    });
    const core = platform.app.core;
    const registry = await core.db.kysely
      .selectFrom('marriageRegistries')
      .selectAll()
      .where('code', '=', '43018101')
      .executeTakeFirstOrThrow();
    const user = await core.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'registrar.county')
      .executeTakeFirstOrThrow();
    const registrar = userActor(core.access, {
      id: user.id,
      username: user.username,
      role: user.role as Role,
      divisionCode: user.divisionCode,
    });
    const couple = aCouple(registry.id);
    couple.husband.name = '欧阳文';
    couple.wife.name = '易芳';
    await registerMarriage(core, registrar, couple);
    browser = await launchBrowser();
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  /** Clicks `trigger`, expects a new tab showing `pathEnd` in the PDF viewer and no download anywhere. */
  async function opensInViewer(page: Page, trigger: () => Promise<void>, pathEnd: RegExp, shot: string) {
    const downloads: string[] = [];
    context.on('page', (p) => p.on('download', (d) => downloads.push(d.suggestedFilename())));
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const [tab] = await Promise.all([context.waitForEvent('page'), trigger()]);
    await tab.waitForLoadState('load');
    assert.match(tab.url(), pathEnd);
    for (let i = 0; i < 50 && !tab.frames().some((f) => f.url().startsWith(PDF_VIEWER)); i++) {
      await tab.waitForTimeout(100);
    }
    assert.ok(
      tab.frames().some((f) => f.url().startsWith(PDF_VIEWER)),
      `no PDF viewer in the new tab: ${tab
        .frames()
        .map((f) => f.url())
        .join(', ')}`,
    );
    await tab.waitForTimeout(1200); // let the viewer draw the first page for the screenshot
    await tab.screenshot({ path: `${shots}${shot}` });
    assert.deepEqual(downloads, [], 'the document was downloaded instead of shown');
    await tab.close();
  }

  void it('opens the certificate and a re-issued certificate in a new tab with the PDF viewer', async () => {
    const page = await context.newPage();
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill('registrar.county');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.goto(`${platform.url}/marriage/records`);
    const row = page.getByRole('row', { name: /欧阳文/ }).first();
    await row.waitFor();

    await opensInViewer(
      page,
      () => row.getByRole('link', { name: /结婚证/ }).click(),
      /\/api\/marriage\/marriages\/[^/]+\/certificate\.pdf$/,
      'documents-certificate-viewer.png',
    );

    await row.getByRole('button', { name: '补领' }).click();
    await page.getByText('已查档核实登记档案').click();
    await opensInViewer(
      page,
      () => page.getByRole('button', { name: '补发' }).click(),
      /\/api\/marriage\/reissues\/[^/]+\/document\.pdf$/,
      'documents-reissue-viewer.png',
    );
  });
});
