// 数据比对 and 寻亲 in a real browser, as the province's county reviewer: start a comparison job from the
// UI and watch it finish, open the review queue, compare a pair side by side and confirm it with a
// reason, then search missing-person reports by a name heard in dialect. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemActor } from '@social-affairs/core';
import { createMissingReport, importRoll } from '@social-affairs/core/matching';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../packages/cli/src/start.ts';

const webRoot = fileURLToPath(new URL('../packages/web/dist', import.meta.url));
const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const HOMOPHONES: Record<string, string> = {
  伟: '玮',
  丽: '莉',
  芳: '方',
  华: '化',
  军: '君',
  明: '铭',
  英: '瑛',
  兰: '岚',
  红: '虹',
  平: '萍',
};

void describe('matching web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;

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
    const core = platform.app.core;
    const people = await core.db.kysely
      .selectFrom('people')
      .select(['name', 'sex', 'birthDate', 'residentId', 'divisionCode'])
      .where('status', '=', 'alive')
      .where('residentId', 'is not', null)
      .orderBy('id')
      .limit(60)
      .execute();
    // A cremation roll: 30 by resident id, 20 without an id (some names heard as homophones), 10 strangers.
    const records = people.map((p, i) => {
      const name = i >= 30 && i < 50 ? [...p.name].map((c) => HOMOPHONES[c] ?? c).join('') : p.name;
      if (i >= 50)
        return {
          name: `${p.name}${p.name.slice(-1)}`,
          birthDate: '1931-01-01',
          divisionCode: p.divisionCode,
          eventDate: '2026-10-20',
        };
      return {
        externalRef: `HZ-${i + 1}`,
        name,
        sex: p.sex,
        birthDate: i >= 30 ? p.birthDate : null,
        residentId: i < 30 ? p.residentId : null,
        eventDate: '2026-10-20',
        divisionCode: p.divisionCode,
      };
    });
    const platformActor = systemActor('e2e', '430000');
    await importRoll(core, platformActor, { source: '殡仪馆火化名单', records });
    await createMissingReport(core, platformActor, {
      name: '刘芳',
      sex: 'female',
      birthYear: 1990,
      lostOn: '1995-04-02',
      lostDivisionCode: '430181',
      features: '左眉有痣，说浏阳话',
    });
    await createMissingReport(core, platformActor, {
      name: '张小军',
      sex: 'male',
      birthYear: 1988,
      lostDivisionCode: '430102',
      features: '右手有烫伤疤痕',
    });
    await createMissingReport(core, platformActor, {
      name: '柳芳',
      sex: 'female',
      birthYear: 1975,
      lostDivisionCode: '430600',
    });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function pickOption(page: Page, label: string, option: string) {
    await page.getByLabel(label, { exact: true }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
  }

  void it('runs a job from the UI, reviews a pair side by side and searches for a missing person', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.url}/login?next=%2Fmatching`);
    await page.getByLabel('用户名', { exact: true }).fill('county_reviewer.province');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/matching$/);

    // 导入名单: the file is uploaded; the server imports it row by row and shows the per-row report.
    await page.getByRole('button', { name: '导入名单' }).click();
    await page.getByLabel('名单名称').fill('低保名册');
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: 'dibao.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '姓名,性别,出生日期,区划代码\n"张伟",男,1950-03-07,430102\n李娜,女,1962-11-02,430181\n王五,男,1962-13-02,430181\n',
      ),
    });
    await page.getByTestId('roll-file-name').filter({ hasText: 'dibao.csv' }).waitFor();
    await page.screenshot({ path: `${shots}matching-import-roll.png` });
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('读取 3 行：导入 2 行，已存在未变化 0 行，有误未导入 1 行').waitFor();
    await page.getByRole('cell', { name: '出生日期“1962-13-02”不是有效日期（YYYY-MM-DD）' }).waitFor();
    await page.getByRole('link', { name: /下载逐行报告/ }).waitFor();
    await page.screenshot({ path: `${shots}matching-import-roll-result.png` });
    await page.getByRole('button', { name: '完成' }).click();
    await page.locator('.ant-modal-wrap').filter({ hasText: '导入比对名单' }).waitFor({ state: 'hidden' });

    // 比对任务: a new job from the people index and the imported roll; it runs in the background.
    await page.getByRole('button', { name: '新建比对任务' }).click();
    await page.getByLabel('任务名称').fill('2026年10月火化名单比对');
    await pickOption(page, '名单二（外部数据）', '殡仪馆火化名单');
    await page.getByRole('button', { name: '开始比对' }).click();
    await page.getByRole('cell', { name: '2026年10月火化名单比对' }).waitFor();
    await page.getByText('已完成').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(800); // let the progress bar finish its animation
    await page.screenshot({ path: `${shots}matching-jobs.png`, fullPage: true });

    // 核查队列 of that job.
    await page.getByRole('link', { name: '2026年10月火化名单比对' }).click();
    await page.waitForURL(/\/matching\/review\?jobId=/);
    await page.getByText(/核查队列（共 \d+ 对）/).waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 10);
    await page.screenshot({ path: `${shots}matching-review-queue.png`, fullPage: true });

    // A review-band pair side by side: claim, then confirm with a reason.
    await pickOption(page, '分档', '人工核查');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/band=review/);
    await page.getByRole('link', { name: '比对详情' }).first().click();
    await page.waitForURL(/\/matching\/pairs\//);
    await page.getByText('两条记录对照').waitFor();
    await page.getByText(/配对原因：规则 B/).waitFor();
    await page.screenshot({ path: `${shots}matching-pair.png`, fullPage: true });
    await page.getByRole('button', { name: '领取核查' }).click();
    await page.getByRole('button', { name: '退回队列' }).waitFor();
    await page.getByRole('button', { name: '确认同一人' }).click();
    await page.getByRole('button', { name: '提交结论' }).click();
    await page.getByText('请填写核查意见').waitFor();
    await page.getByLabel('核查意见').fill('已调取火化证明，姓名为同音字，出生日期一致');
    await page.getByRole('button', { name: '提交结论' }).click();
    await page.getByText('上次结论').waitFor();
    await page.locator('.ant-modal-wrap').filter({ hasText: '核查意见' }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${shots}matching-pair-confirmed.png`, fullPage: true });

    // 寻亲查询: 刘芳 heard as "niu huang" in a Hunan accent.
    await page.goto(`${platform.url}/matching/family-search`);
    await page.getByLabel('姓名（听到的读音）').fill('niu huang');
    await page.getByLabel('估计年龄（岁）').fill('36');
    await page.getByLabel('地区线索（区划代码，可多个）').fill('4301');
    await page.getByRole('button', { name: '查询' }).click();
    const first = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await first.waitFor();
    assert.match(await first.innerText(), /刘芳/);
    await page.screenshot({ path: `${shots}matching-family-search.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
