// Issue 16 "done when", through a face match, in a real browser: an unidentified woman's case has her
// station photo (face cut from face-api's sample1), a missing-person report has the family's photo of the
// same woman (sample2) stored on the report (owner type missing_person_report). On the case tab 寻亲与团聚
// the station's own caseworker (a station-bound account, the rescue line's main user) runs 人脸比对: the
// report, filed by another county, ranks first minimised (ADR 0025 §9: a placeholder instead of the
// photo, 「寻亲报告 · <county> · <year>」, 外县 — no name); 提交为寻亲候选
// puts it in the candidate list on the same tab (channel 人脸比对); 确认同一人 starts the reunion by itself
// (channel face); contact → identity check → handover ends the stay as a departure. One platform start;
// face embedding is switched on here only (every other browser test passes e2eConfig() to keep it off).
// The photos are embedded before the page opens so the browser does not wait on the worker. Skipped,
// saying so, without the optional face packages. Needs `npm run build` first.
// Screenshots: test-results/faces-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { composeResidentId, parsePlainDate } from '../packages/kernel/src/index.ts';
import { facesIdle, followNewPhotos, storeAttachment } from '../packages/core/src/index.ts';
import {
  OTHER_FACES,
  SAME_PERSON_PAIR,
  facePackagesInstalled,
  sampleFaces,
} from '../packages/core/src/faces/testing.ts';
import { createMissingReport, syncReportPhotosToFamilySearch } from '../packages/core/src/matching/index.ts';
import { backfillCasesToFamilySearch } from '../packages/core/src/rescue/family-feed.ts';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { aUser } from '../packages/core/src/testing/factories.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { e2eConfig, launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const scan = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);
const installed = facePackagesInstalled();
if (!installed) console.warn('faces.e2e.test.ts: optional face packages not installed: skipped');

void describe('rescue: face match → confirmed reunion in the browser', { skip: !installed }, () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let store: string;
  let caseworker: string;
  let caseId: string;

  before(async () => {
    assert.ok(existsSync(`${webRoot}/index.html`), 'packages/web/dist is missing: run `npm run build` first');
    mkdirSync(shots, { recursive: true });
    store = mkdtempSync(join(tmpdir(), 'sap-e2e-faces-'));
    platform = await startPlatform({
      databaseUrl: 'sqlite::memory:',
      port: 0,
      seed: false,
      webRoot,
      logLevel: 'warn',
      config: e2eConfig({ attachmentsDir: store, faces: { enabled: true } }),
    });
    const core = platform.app.core;
    const station = await aRescueStation(core, { county: '430102', name: '长沙市救助管理站' });
    // The station's caseworker: the report (another county, no institution) is outside their scope, and
    // the 寻亲 face search shows it minimised (ADR 0025 §9).
    caseworker = station.staff.username;
    const faces = new Map(
      sampleFaces([SAME_PERSON_PAIR.query, ...OTHER_FACES.slice(0, 2), SAME_PERSON_PAIR.match])!.map((f) => [
        f.label,
        f.jpeg,
      ]),
    );
    const withPhoto = async (label: string) => {
      const c = await aRescueCase(core, station, {
        sex: 'female',
        identityStatus: 'unidentified',
        estimatedAge: 40,
      });
      await storeAttachment(core, station.staff, {
        ownerType: 'rescue_case',
        ownerId: c.id,
        kind: 'photo',
        fileName: `${label}.jpg`,
        content: faces.get(label)!,
      });
      return c;
    };
    caseId = (await withPhoto(SAME_PERSON_PAIR.query)).id;
    for (const label of OTHER_FACES.slice(0, 2)) await withPhoto(label);
    // The family's report and their photo of her, stored on the report by the office of another county.
    const office = (await aUser(core, { role: 'county_reviewer', divisionCode: '430103' })).actor;
    const report = await createMissingReport(core, office, {
      name: '周秀兰',
      sex: 'female',
      birthYear: 1985,
      lostOn: '2024-03-01',
      lostDivisionCode: '430103',
      contactName: '周建国',
      contactPhone: '13812345678',
    });
    await storeAttachment(core, office, {
      ownerType: 'missing_person_report',
      ownerId: report.id,
      kind: 'photo',
      fileName: '家属提供的照片.jpg',
      content: faces.get(SAME_PERSON_PAIR.match)!,
    });
    await backfillCasesToFamilySearch(core);
    await syncReportPhotosToFamilySearch(core);
    await followNewPhotos(core);
    await facesIdle(core);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
    if (store) rmSync(store, { recursive: true, force: true });
  });

  void it('ranks the report first, proposes it, confirms it, and hands her over', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(caseworker);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    // 1. 人脸比对 on the case tab: the family's photo on the report ranks first, minimised (another county).
    await page.goto(`${platform.url}/rescue/cases/${caseId}?tab=family`);
    const panel = page.getByLabel('人脸比对', { exact: true });
    await panel.getByRole('button', { name: '开始比对' }).click();
    await panel.getByText(/未经真实照片校准/).waitFor({ timeout: 20_000 });
    const first = panel.getByLabel('人脸比对结果').locator('.ant-list-item').first();
    await first.getByText(/^寻亲报告 · .+ · 2024年$/).waitFor();
    await first.getByText('外县', { exact: true }).waitFor();
    await first.getByRole('img', { name: '第 1 名照片（辖区外，不显示）' }).waitFor();
    await first.getByText(/距离 \d\.\d{3}/).waitFor();
    assert.equal(await first.getByText('周秀兰').count(), 0, 'a minimised hit shows no name');
    assert.equal(await first.locator('img').count(), 0, 'a minimised hit shows no photo');
    await page.screenshot({ path: `${shots}faces-panel.png`, fullPage: true });

    // 2. Proposed: the candidate list on the same tab shows it with channel 人脸比对.
    await first.getByRole('button', { name: '提交为寻亲候选' }).click();
    await first.getByText('已提交为寻亲候选，待审核').waitFor();
    const row = page.getByTestId('family-candidates-list').locator('tr.ant-table-row', { hasText: '周秀兰' });
    await row.getByText('人脸比对').waitFor();
    await page.screenshot({ path: `${shots}faces-proposed.png`, fullPage: true });

    // 3. 确认同一人 with a reason: the reunion starts by itself, channel face.
    await row.getByRole('button', { name: '确认同一人' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('核查意见').fill('人脸比对相似，家属提供照片与本人一致，已电话核实');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('团聚（人像比对）').first().waitFor();

    // 4. Contact → identity check → handover.
    await page.getByLabel('联系的家属姓名').fill('周建国');
    await page.getByLabel('与受助人员关系').fill('哥哥');
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByRole('button', { name: '登记联系家属' }).click();
    await page.getByRole('button', { name: '确认身份核实' }).waitFor();
    const brotherId = composeResidentId('430102', parsePlainDate('1980-06-07'), 135);
    await page.getByLabel('亲属身份证件号码').fill(brotherId);
    const idCopy = page.locator('.ant-form-item', {
      has: page.getByText('亲属身份证件复印件', { exact: true }),
    });
    await idCopy.locator('input[type="file"][accept="image/*,application/pdf"]').setInputFiles({
      name: '周建国身份证复印件.pdf',
      mimeType: 'application/pdf',
      buffer: scan('周建国身份证复印件'),
    });
    await idCopy.getByText('周建国身份证复印件.pdf').first().waitFor();
    await page.getByLabel('受助人员姓名（核实后）').fill('周秀兰');
    await page.getByRole('button', { name: '确认身份核实' }).click();
    await page.getByRole('button', { name: '办理交接（亲属接领离站）' }).waitFor();
    await page.getByLabel('领人者身份证件号码').fill(brotherId);
    await page.getByRole('button', { name: '办理交接（亲属接领离站）' }).click();
    await page.getByText('已交接（团聚）').first().waitFor();
    await page.screenshot({ path: `${shots}faces-handed-over.png`, fullPage: true });

    const core = platform.app.core;
    const done = await core.db.kysely
      .selectFrom('rescueCases')
      .select(['status', 'closeKind'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(done, { status: 'departed', closeKind: 'collected_by_family' });
    const reunion = await core.db.kysely
      .selectFrom('rescueReunions')
      .select(['channel', 'status'])
      .where('caseId', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(reunion, { channel: 'face', status: 'handed_over' });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
