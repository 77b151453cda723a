// Issue 17 item 4 in a real browser: funeral-home staff open an unidentified body's case tab 身份与认领,
// record the police confirmation (a refused submit keeps what was typed), start the claim notice and see
// its countdown, and see the family-search candidate the refresher stored against a missing-person report;
// the 无名遗体 worklist shows the body with its notice and candidate count. Needs `npm run build` first
// (packages/web/dist). Screenshots: test-results/funeral-unidentified-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import {
  updateUnidentifiedProfile,
  backfillFuneralFamilySearch,
} from '../packages/core/src/funeral/unidentified.service.ts';
import { aFuneralCase, aFuneralFacility } from '../packages/core/src/funeral/testing.ts';
import { createMissingReport, refreshFamilyCandidates } from '../packages/core/src/matching/index.ts';
import { aUser } from '../packages/core/src/testing/factories.ts';
import { recordDeathCertificate } from '../packages/core/src/funeral/deaths.service.ts';
import { findIndexedPerson, requestDeathRevocation } from '../packages/core/src/people/index.ts';
import { addDays, todayPlainDate, type PlainDate } from '../packages/kernel/src/index.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('funeral: an unidentified body in the browser', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let staff = '';
  let caseId = '';
  let today = '' as PlainDate;

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
    today = todayPlainDate(core.config.timeZone, core.clock.now());
    const home = await aFuneralFacility(core, { county: '430102', name: '长沙市殡仪馆' });
    staff = home.staff.username;
    const body = await aFuneralCase(core, home, { estimatedAge: 45, deathDate: addDays(today, -3) });
    caseId = body.id;
    await backfillFuneralFamilySearch(core);
    await updateUnidentifiedProfile(core, home.staff, caseId, {
      heightCm: 170,
      features: '左手缺小指',
      clothing: '灰色夹克',
      foundPlace: '湘江河畔',
    });
    // Reports elsewhere (the engine weighs region and features by rarity), and the family's report.
    for (const [i, county] of ['430181', '430111', '430104', '430105'].entries()) {
      const office = await aUser(core, { role: 'county_reviewer', divisionCode: county });
      await createMissingReport(core, office.actor, {
        name: `李${'春夏秋冬'[i]}兰`,
        sex: 'female',
        birthYear: 1960 + i,
        lostDivisionCode: county,
        features: '右耳有痣',
        contactName: '李明',
        contactPhone: '13912345678',
      });
    }
    const office = await aUser(core, { role: 'county_reviewer', divisionCode: '430102' });
    await createMissingReport(core, office.actor, {
      name: '张建军',
      sex: 'male',
      birthYear: Number(today.slice(0, 4)) - 45,
      lostDivisionCode: '430102',
      features: '左手缺小指，灰色夹克',
      contactName: '张大伟',
      contactPhone: '13812345678',
    });
    await refreshFamilyCandidates(core);
    // An identified decedent whose certificate is recorded, and a revocation request of that death.
    const known = await aFuneralCase(core, home, {
      birthDate: '1940-03-03',
      deathDate: addDays(today, -1),
      name: '王建国',
    });
    const person = await findIndexedPerson(core.db.kysely, known.personId);
    await recordDeathCertificate(core, home.staff, known.id, {
      number: person!.residentId!,
      issuer: '芙蓉区人民医院',
      issuedOn: addDays(today, -1),
    });
    await requestDeathRevocation(core, home.countyStaff, known.personId, {
      reason: '家属反映本人健在，待核实',
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  void it('police confirmation and notice on the case tab; the candidate and the worklist', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(staff);
    await page.getByLabel('密码', { exact: true }).fill('Passw0rd-test');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    await page.goto(`${platform.url}/funeral/cases/${caseId}?tab=deaths`);
    const tab = page.getByTestId('deaths-tab');
    await tab.waitFor();
    // A date in the future is refused by the server: the message shows, what was typed stays.
    const police = tab.getByTestId('police-form');
    await police.getByLabel('确认书编号').fill('芙公确〔2026〕18号');
    await police.getByLabel('公安机关').fill('长沙市公安局芙蓉分局');
    // Enter in the date field confirms the date and submits the form.
    await police.getByLabel('确认日期').fill(addDays(today, 2));
    await police.getByLabel('确认日期').press('Enter');
    await police.getByText('日期不能晚于今天').first().waitFor();
    assert.equal(await police.getByLabel('确认书编号').inputValue(), '芙公确〔2026〕18号');
    await police.getByLabel('确认日期').fill(today);
    await police.getByLabel('确认日期').press('Enter');

    const notice = tab.getByTestId('notice-form');
    await notice.waitFor();
    await notice.getByLabel('发布日期').fill(today);
    await notice.getByLabel('发布日期').press('Enter');
    await tab.getByTestId('notice-countdown').getByText('还有 30 天').waitFor();

    // The family-search candidate against the missing-person report.
    const candidates = tab.getByTestId('family-candidates-list');
    await candidates.getByText('张建军').first().waitFor();
    await page.screenshot({ path: `${shots}funeral-unidentified-case.png`, fullPage: true });

    await page.goto(`${platform.url}/funeral/unidentified`);
    const row = page.locator('tr.ant-table-row').first();
    await row.getByText('还有 30 天', { exact: false }).waitFor();
    assert.ok((await row.textContent())?.includes('1 条待核查'));
    await page.screenshot({ path: `${shots}funeral-unidentified-list.png`, fullPage: true });

    // 死亡登记: the death the certificate recorded, and the revocation request waiting for a reviewer.
    await page.goto(`${platform.url}/funeral/deaths`);
    await page.locator('tr.ant-table-row', { hasText: '王建国' }).first().waitFor();
    await page.getByTestId('revocations').getByText('待审核').first().waitFor();
    await page.screenshot({ path: `${shots}funeral-deaths.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
