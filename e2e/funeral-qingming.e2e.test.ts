// The public Qingming booking page (清明祭扫预约, no login; R-FUN-12) in a real browser at phone width:
// from the login page's link, pick a cemetery (its published plan shows), a day and a time slot, fill the
// form — a refused submit keeps what was typed and shows the error beside the field — and get the entry
// pass with its QR code and booking code; 我的预约 finds it again by code + phone.
// Needs `npm run build` first (packages/web/dist). Screenshots go to test-results/funeral-qingming-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { systemActor } from '../packages/core/src/access/index.ts';
import { aFuneralFacility } from '../packages/core/src/funeral/testing.ts';
import { createQingmingSlots, publishQingmingPlan } from '../packages/core/src/funeral/qingming.service.ts';
import { addDays, parsePlainDate, todayPlainDate } from '../packages/kernel/src/index.ts';
import { startPlatform } from '../packages/cli/src/start.ts';
import { launchBrowser, webRoot } from './harness.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));

void describe('public Qingming booking page', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let cemeteryName = '';
  let day = '';

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
    const cemetery = await aFuneralFacility(core, {
      kind: 'cemetery_public_benefit',
      county: '430102',
      name: '长沙市福寿园公益性公墓',
    });
    cemeteryName = cemetery.name;
    day = addDays(todayPlainDate(core.config.timeZone, core.clock.now()), 1);
    const actor = systemActor('e2e', '430000');
    await publishQingmingPlan(core, actor, {
      facilityId: cemetery.id,
      year: Number(day.slice(0, 4)),
      note: '实行预约、错峰祭扫；倡导鲜花祭扫。',
    });
    await createQingmingSlots(core, actor, {
      facilityId: cemetery.id,
      from: parsePlainDate(day),
      days: 1,
      windows: [
        { startsAt: '08:00', endsAt: '09:30' },
        { startsAt: '09:30', endsAt: '11:00' },
      ],
      quota: 50,
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  void it('books a slot on a phone and shows the pass with its QR code', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByRole('link', { name: '清明祭扫预约' }).click();
    await page.getByRole('heading', { name: '清明祭扫预约', level: 1 }).waitFor();

    await page.getByRole('combobox', { name: '公墓' }).click();
    await page.locator('.ant-select-item-option', { hasText: cemeteryName }).click();
    await page.getByText('实行预约、错峰祭扫', { exact: false }).waitFor();
    await page.getByText(day.slice(5), { exact: true }).click();
    await page.getByTestId('qingming-slot').first().click();

    // A wrong phone: refused by the server, the message beside the field, the name kept.
    const form = page.locator('form#qingming-booking');
    await form.getByLabel('预约人姓名').fill('王清明');
    await form.getByLabel('手机号码').fill('12345');
    await form.getByRole('button', { name: '提交预约' }).click();
    await form.getByText('请填写 11 位手机号码').waitFor();
    assert.equal(await form.getByLabel('预约人姓名').inputValue(), '王清明');
    await page.screenshot({ path: `${shots}funeral-qingming-refused.png`, fullPage: true });

    await form.getByLabel('手机号码').fill('13900001111');
    await form.getByRole('button', { name: '提交预约' }).click();
    const pass = page.getByTestId('qingming-pass');
    await pass.waitFor();
    const qr = pass.getByRole('img', { name: '入园二维码' });
    const loaded = () =>
      qr.evaluate((el) => {
        const i = el as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth > 0;
      });
    for (let i = 0; i < 50 && !(await loaded()); i++) await page.waitForTimeout(100);
    assert.ok(await loaded(), 'the QR code renders');
    const code = (await pass.getByTestId('booking-code').innerText()).trim();
    assert.match(code, /^[A-Z2-9]{8}$/);
    assert.ok((await pass.innerText()).includes('139****1111'));
    await page.screenshot({ path: `${shots}funeral-qingming-pass.png`, fullPage: true });

    // 我的预约: the same pass by code + phone.
    await page.goto(`${platform.url}/qingming`);
    await page.getByRole('tab', { name: '我的预约' }).click();
    const mine = page.locator('form#qingming-mine');
    await mine.getByLabel('预约码').fill(code);
    await mine.getByLabel('预约时的手机号码').fill('13900001111');
    await mine.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('booking-code').getByText(code).waitFor();
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
