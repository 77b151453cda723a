// Face ranking (人脸比对, docs/faces.md) in a real browser, on the rescue case tab 寻亲与团聚: the
// case's photo shows 已提取, 开始比对 ranks the other case's photo of the same woman first (faces cut
// at run time from the sample photos face-api ships), and 提交为寻亲候选 proposes it as a family-search
// candidate through the matching line's route. One platform start; face embedding is switched on here
// only (every other browser test may pass e2eConfig() to keep it off). The photos are embedded before the
// page opens so the browser does not wait on the worker. Skipped, saying so, without the optional face
// packages. Needs `npm run build` first. Screenshot: test-results/faces-panel.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { facesIdle, followNewPhotos, storeAttachment } from '../packages/core/src/index.ts';
import {
  OTHER_FACES,
  SAME_PERSON_PAIR,
  facePackagesInstalled,
  sampleFaces,
} from '../packages/core/src/faces/testing.ts';
import { publishFamilySearchRecord } from '../packages/core/src/matching/index.ts';
import { aRescueCase, aRescueStation } from '../packages/core/src/rescue/testing.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { e2eConfig, launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const installed = facePackagesInstalled();
if (!installed) console.warn('faces.e2e.test.ts: optional face packages not installed: skipped');

void describe('face ranking on the rescue case tab', { skip: !installed }, () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let store: string;
  let staffName: string;
  let queryCaseId: string;
  let matchCaseId: string;

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
    staffName = station.staff.username;
    const faces = new Map(
      sampleFaces([SAME_PERSON_PAIR.query, SAME_PERSON_PAIR.match, ...OTHER_FACES.slice(0, 2)])!.map((f) => [
        f.label,
        f.jpeg,
      ]),
    );
    const withPhoto = async (label: string) => {
      const c = await aRescueCase(core, station, { identityStatus: 'unidentified', estimatedAge: 40 });
      await storeAttachment(core, station.staff, {
        ownerType: 'rescue_case',
        ownerId: c.id,
        kind: 'photo',
        fileName: `${label}.jpg`,
        content: faces.get(label)!,
      });
      return c;
    };
    const query = await withPhoto(SAME_PERSON_PAIR.query);
    const match = await withPhoto(SAME_PERSON_PAIR.match);
    for (const label of OTHER_FACES.slice(0, 2)) await withPhoto(label);
    queryCaseId = query.id;
    matchCaseId = match.id;
    // The case in the feed as an unidentified person; the other photo's record stands for a missing-person
    // report (the matching line has no photo owner type of its own yet, docs/faces.md).
    await core.db.kysely.transaction().execute(async (trx) => {
      await publishFamilySearchRecord(core, trx, {
        ownerId: query.id,
        ownerLine: 'rescue',
        kind: 'unidentified-living',
        divisionCode: station.divisionCode,
        institutionId: station.id,
      });
      await publishFamilySearchRecord(core, trx, {
        ownerId: match.id,
        ownerLine: 'rescue',
        kind: 'missing-report',
        divisionCode: station.divisionCode,
        institutionId: station.id,
      });
    });
    await followNewPhotos(core);
    await facesIdle(core);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
    if (store) rmSync(store, { recursive: true, force: true });
  });

  void it('ranks the same woman first and proposes her as a family-search candidate', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(staffName);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    await page.goto(`${platform.url}/rescue/cases/${queryCaseId}?tab=family`);
    const panel = page.getByLabel('人脸比对', { exact: true });
    await panel.getByRole('button', { name: '开始比对' }).click();
    const results = panel.getByLabel('人脸比对结果');
    await panel.getByText(/未经真实照片校准/).waitFor({ timeout: 20_000 });
    const first = results.locator('.ant-list-item').first();
    // First: the other case's photo of the same woman (the hit names its record).
    await first.getByText(matchCaseId, { exact: false }).waitFor();
    await first.getByText(/距离 \d\.\d{3}/).waitFor();
    await page.screenshot({ path: `${shots}faces-panel.png`, fullPage: true });

    await first.getByRole('button', { name: '提交为寻亲候选' }).click();
    await first.getByText('已提交为寻亲候选，待审核').waitFor();
    const candidates = await platform.app.core.db.kysely
      .selectFrom('familyCandidates')
      .select(['channel', 'leftEntryId', 'rightEntryId'])
      .execute();
    assert.equal(candidates.length, 1);
    assert.equal(candidates[0]!.channel, 'face');
    assert.deepEqual(pageErrors, []);
    await page.screenshot({ path: `${shots}faces-proposed.png`, fullPage: true });
    await context.close();
  });
});
