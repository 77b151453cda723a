// 数据比对 and 寻亲 in a real browser, as the province's county reviewer: start a comparison job from the
// UI and watch it finish, open the review queue, compare a pair side by side and confirm it with a
// reason, then search missing-person reports by a name heard in dialect. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemActor } from '@social-affairs/core';
import {
  createJob,
  createMissingReport,
  getJob,
  publishFamilySearchRecord,
  runJob,
} from '@social-affairs/core/matching';
import { newId } from '@social-affairs/kernel';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
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
    // The cremation roll compared below is the demo's (packages/core/src/matching/matching.demo-seed.ts):
    // written as real rolls are — ids left out, lunar birthdays as Gregorian, look-alike characters, a
    // mistyped id digit, namesakes — so a job over it yields both fast-track and review pairs.
    const core = platform.app.core;
    const platformActor = systemActor('e2e', '430000');
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
    browser = await launchBrowser();
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

  /** 地区线索: the division tree picker (type to filter, pick the node). */
  async function pickRegion(page: Page, name: string) {
    const picker = page.getByLabel('地区线索（可多选）');
    await picker.click();
    await picker.fill(name);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-tree-title')
      .filter({ hasText: new RegExp(`^${name}$`) })
      .first()
      .click();
    await page.keyboard.press('Escape');
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
    await page
      .getByRole('cell', { name: '出生日期“1962-13-02”不是有效日期（如 1950-03-07 或 1950年3月7日）' })
      .waitFor();
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
    // The demo's own jobs are listed too: wait for this job's row.
    await page
      .locator('.ant-table-tbody tr.ant-table-row')
      .filter({ hasText: '2026年10月火化名单比对' })
      .getByText('已完成')
      .waitFor({ timeout: 60_000 });
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
    await pickRegion(page, '长沙市');
    await page.getByRole('button', { name: '查询' }).click();
    const first = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await first.waitFor();
    assert.match(await first.innerText(), /刘芳/);
    await page.screenshot({ path: `${shots}matching-family-search.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  // Issue 13 item 9: cancel a running job from the jobs page; "下一对" through the review queue, the
  // weight shown equal to the sum of the field weights shown, and a confirmed pair's follow-up.
  void it('cancels a running job and walks the review queue with "next pair"', async () => {
    const core = platform.app.core;
    const actor = systemActor('e2e', '430000');
    const spec = {
      ruleSet: 'reverification' as const,
      left: { kind: 'people' as const, status: 'alive' as const },
      right: { kind: 'records' as const, source: '殡仪馆火化名单' },
    };
    // A job left running (its first chunk not yet done), as another process would hold it.
    let running: string | undefined;
    for (let attempt = 0; attempt < 5 && !running; attempt++) {
      const job = await createJob(core, actor, { name: `待取消的比对任务 ${attempt + 1}`, ...spec });
      if ((await runJob(core, job.id, { shouldStop: () => true })) === 'stopped') running = job.id;
    }
    assert.ok(running, 'could not hold a job in the running state');
    // A completed job whose pairs the queue walks.
    const walked = await createJob(core, actor, { name: '下一对核查任务', ...spec });
    await runJob(core, walked.id);
    for (let i = 0; i < 50 && (await getJob(core, actor, walked.id)).status !== 'completed'; i++)
      await new Promise((r) => setTimeout(r, 200));

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.url}/login?next=%2Fmatching`);
    await page.getByLabel('用户名', { exact: true }).fill('county_reviewer.province');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/matching$/);

    // 取消任务 on the running job: a reason is required; the job shows 已取消.
    const runningRow = page
      .locator('.ant-table-tbody tr.ant-table-row')
      .filter({ hasText: '待取消的比对任务' });
    await runningRow.getByText('运行中', { exact: true }).waitFor();
    await page.screenshot({ path: `${shots}matching-jobs-running.png`, fullPage: true });
    await runningRow.getByRole('button', { name: '取消任务' }).click();
    await page.getByText('任务正在运行，将在当前批次结束后停止').waitFor();
    await page.getByRole('button', { name: '确认取消' }).click();
    await page.getByText('请填写取消原因').waitFor();
    await page.getByLabel('取消原因').fill('名单选错，重新建任务');
    await page.getByRole('button', { name: '确认取消' }).click();
    await runningRow.getByText('已取消', { exact: true }).waitFor();
    assert.equal(await runningRow.getByRole('button', { name: '取消任务' }).count(), 0);
    assert.equal((await getJob(core, actor, running)).status, 'cancelled');
    await page.screenshot({ path: `${shots}matching-jobs-cancelled.png`, fullPage: true });

    // 下一对 from the queue of the walked job: claims the best open pair and opens it.
    await page.goto(`${platform.url}/matching/review?jobId=${walked.id}`);
    await page.getByText(/核查队列（共 \d+ 对）/).waitFor();
    await page.screenshot({ path: `${shots}matching-review-queue-next.png`, fullPage: true });
    await page.getByRole('button', { name: '下一对（领取并核查）' }).click();
    await page.waitForURL(/\/matching\/pairs\//);
    const firstPair = page.url();
    await page.getByRole('button', { name: '退回队列' }).waitFor();
    // The weight in the header equals the total row, which is the sum of the weights listed.
    const title = await page.getByText(/配对原因：规则 B/).innerText();
    const shown = Number(/匹配权重 (-?\d+\.\d\d)/.exec(title)?.[1]);
    const total = Number((await page.getByTestId('weight-total').innerText()).replace('+', ''));
    const card = page.locator('.ant-card').filter({ hasText: '逐项比较级别' });
    const weights = await card.locator('.ant-table-tbody tr td:last-child').allInnerTexts();
    const sum = weights.reduce((s, w) => s + Number(w.replace('+', '')), 0);
    assert.ok(weights.length >= 6, `field lines: ${weights.join(' ')}`);
    assert.equal(total, shown);
    assert.ok(Math.abs(sum - shown) < 0.005, `shown ${shown}, lines add up to ${sum}`);
    await card.getByText('基础权重（先验）').waitFor();
    await page.screenshot({ path: `${shots}matching-pair-weights.png`, fullPage: true });

    await page.getByRole('button', { name: '确认同一人' }).click();
    await page.getByLabel('核查意见').fill('身份证号码与姓名一致，已调取火化证明');
    await page.getByRole('button', { name: '提交结论' }).click();
    await page.getByText('核查结论已提交').waitFor();
    // The confirmed pair now waits for the owning line's follow-up.
    await page.getByText('待业务条线跟进').waitFor();
    await page.screenshot({ path: `${shots}matching-pair-next.png`, fullPage: true });
    await page.getByRole('button', { name: '下一对' }).click();
    await page.waitForURL((url) => url.href !== firstPair && /\/matching\/pairs\//.test(url.pathname));
    await page.getByRole('button', { name: '退回队列' }).waitFor();
    assert.notEqual(page.url(), firstPair);

    // The follow-up is done from the confirmed pair's page.
    await page.goto(firstPair);
    await page.getByRole('button', { name: '登记跟进情况并办结' }).click();
    await page.getByLabel('跟进情况', { exact: true }).fill('已通知低保窗口暂停发放并入户核实');
    await page.getByRole('button', { name: '办结', exact: true }).click();
    await page.getByText('跟进已办结').waitFor();
    await page.locator('.ant-modal-wrap').filter({ hasText: '登记跟进情况' }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${shots}matching-pair-follow-up.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  // Issue 12 item 0: one search over reports, rescued people and unidentified bodies; a hit opens the
  // report with the family's contact; 找到 takes it out of the search.
  void it('searches three kinds of records, opens a report with its contact and marks it found', async () => {
    const core = platform.app.core;
    const reporter = systemActor('e2e', '430000');
    const report = await createMissingReport(core, reporter, {
      name: '邱凤',
      sex: 'female',
      birthYear: 1986,
      lostOn: '1993-07-15',
      lostDivisionCode: '430582',
      features: '右耳后有胎记',
      contactName: '邱国强',
      contactPhone: '13907310001',
    });
    // What the rescue and funeral lines will publish (inside their own transactions).
    await core.db.kysely.transaction().execute(async (trx) => {
      await publishFamilySearchRecord(core, trx, {
        ownerId: newId(),
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        reference: '救助〔2026〕0107',
        name: '邱芬',
        sex: 'female',
        estimatedAge: { estimate: 40, range: 5, asOf: '2026-03-02' },
        eventDate: '2026-03-02',
        placeCode: '430582',
        features: '耳后有胎记，说邵阳话',
        divisionCode: '430582',
      });
      await publishFamilySearchRecord(core, trx, {
        ownerId: newId(),
        ownerLine: 'funeral',
        kind: 'unidentified-deceased',
        reference: '无名遗体〔2025〕012',
        sex: 'female',
        estimatedAge: { estimate: 38, range: 5, asOf: '2025-11-20' },
        eventDate: '2025-11-20',
        placeCode: '430582',
        features: '右耳后胎记',
        divisionCode: '430582',
      });
    });

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.url}/login?next=%2Fmatching%2Ffamily-search`);
    await page.getByLabel('用户名', { exact: true }).fill('county_reviewer.province');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/matching\/family-search$/);

    // 邱凤 as heard in a Shaoyang accent, aged about 7 when lost in 1993.
    await page.getByLabel('姓名（听到的读音）').fill('qiu fen');
    await page.getByLabel('估计年龄（岁）').fill('7');
    await page.getByLabel('年龄所指日期').fill('1993-07-15');
    await page.keyboard.press('Enter');
    await pickRegion(page, '邵东市');
    await page.getByLabel('体貌特征', { exact: true }).fill('耳后胎记');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const text = await page.locator('.ant-table-tbody').innerText();
    for (const kind of ['寻亲登记', '受助人员', '无名遗体']) assert.match(text, new RegExp(kind));
    assert.match(text, /邱凤/);
    assert.match(text, /邱芬/);
    await page.screenshot({ path: `${shots}matching-family-search-three-kinds.png`, fullPage: true });

    // The report opens in a drawer with the family's full contact; 找到 closes it with a reason.
    await rows.filter({ hasText: '邱凤' }).getByRole('button', { name: '邱凤' }).click();
    const drawer = page.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByText('13907310001').waitFor();
    await drawer.getByRole('button', { name: '查找比对候选' }).click();
    await drawer.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await page.screenshot({ path: `${shots}matching-family-search-report.png`, fullPage: true });
    await drawer.getByRole('button', { name: '找到', exact: true }).click();
    await page.getByLabel('找到经过').fill('经救助站比对，家属已到站认领');
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('已标记为找到').waitFor();
    await page.locator('.ant-drawer-open').waitFor({ state: 'hidden' });
    await rows.filter({ hasText: '邱凤' }).first().waitFor({ state: 'detached' });
    assert.match(await page.locator('.ant-table-tbody').innerText(), /邱芬/);
    const closed = await core.db.kysely
      .selectFrom('missingPersonReports')
      .select(['status', 'statusReason'])
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(closed, { status: 'found', statusReason: '经救助站比对，家属已到站认领' });

    // A syllable that is not Mandarin is mapped to the nearest one, and the page says so above the results.
    await page.getByLabel('姓名（听到的读音）').fill('qiu fui');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('查询中有部分内容未能准确理解').waitFor();
    assert.match(await page.locator('.ant-alert-warning').innerText(), /fui.*不是普通话拼音/);
    await page.screenshot({ path: `${shots}matching-family-search-warning.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
