// The marriage line in a real browser: a qualified registrar registers a couple, sees a bigamy refusal
// with its reasons, finds the record with masked ids, imports a back-fill file and reads the statistics;
// resolves back-filled rows awaiting a match; files a court judgment that terminates a pending divorce;
// and a couple books, moves and cancels an appointment on a phone without logging in.
// Needs `npm run build` first (packages/web/dist). Screenshots go to test-results/marriage-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createPerson, userActor, type Actor, type Role } from '../packages/core/src/index.ts';
import {
  IMPORT_COLUMNS,
  applyForDivorce,
  importMarriages,
  marriageToday,
  partyKeyOf,
  registerMarriage,
} from '../packages/core/src/marriage/index.ts';
import { maskResidentId } from '../packages/kernel/src/index.ts';
import { aCouple as coupleFixture, aResidentId } from '../packages/core/src/marriage/testing.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';

void describe('marriage web UI', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let registryCode = '';
  let registrar: Actor;

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
    // The demo seed created the registries and qualified the demo registrars (seedMarriageDemo).
    const registry = await core.db.kysely
      .selectFrom('marriageRegistries')
      .selectAll()
      .where('code', '=', '43018101')
      .executeTakeFirstOrThrow();
    registryCode = registry.code;
    const user = await core.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'registrar.county')
      .executeTakeFirstOrThrow();
    const today = marriageToday(core);
    registrar = userActor(core.access, {
      id: user.id,
      username: user.username,
      role: user.role as Role,
      divisionCode: user.divisionCode,
    });
    const names: [string, string][] = [
      ['刘志强', '陈晓燕'],
      ['周建华', '吴丽娟'],
      ['黄伟', '谭敏'],
    ];
    for (const [h, w] of names) {
      const c = coupleFixture(registry.id);
      c.husband.name = h;
      c.wife.name = w;
      const m = await registerMarriage(core, registrar, c);
      if (h === '黄伟') {
        const party = {
          presentInPerson: true,
          identityDocument: true,
          hukouBooklet: false,
          civilCapacity: 'full' as const,
        };
        await applyForDivorce(core, registrar, {
          marriageId: m.id,
          registryId: registry.id,
          husband: party,
          wife: party,
          marriageCertificates: 'both',
          agreement: {
            signed: true,
            voluntary: true,
            hasMinorChildren: true,
            childArrangements: true,
            propertyArrangements: true,
            debtArrangements: true,
          },
        });
      }
    }
    // Two appointments for today (booked earlier through the public portal).
    for (const [i, [a, b]] of [
      ['赵磊', '孙婷'],
      ['钱程', '李娜'],
    ].entries()) {
      await core.db.kysely
        .insertInto('marriageAppointments')
        .values({
          id: `e2e-${i}`,
          reference: `E2E0000${i}`,
          registryId: registry.id,
          divisionCode: '430181',
          date: today,
          halfDay: i === 0 ? 'am' : 'pm',
          slotNo: 1,
          service: 'marriage',
          applicantName: a ?? '',
          partnerName: b ?? '',
          phone: `1390731000${i}`,
          status: 'booked',
          createdAt: new Date().toISOString(),
        })
        .execute();
    }
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } });
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

  async function fillParty(page: Page, role: 'husband' | 'wife', name: string, residentId: string) {
    await page.locator(`#marriage-register_${role}_name`).fill(name);
    await page.locator(`#marriage-register_${role}_residentId`).fill(residentId);
    for (const box of [
      'presentInPerson',
      'voluntary',
      'identityDocument',
      'signed',
      'noSpouse',
      'noProhibitedKinship',
    ]) {
      await page.locator(`#marriage-register_${role}_${box}`).check();
    }
  }

  void it('runs the registrar’s day: workbench, registration, refusal, records, import, statistics', async () => {
    const { page, pageErrors } = await signedIn('registrar.county');
    await page.getByRole('menuitem', { name: '婚姻登记' }).click();
    await page.getByText(/近期预约 · 今天 2 对/).waitFor();
    await page.getByText('冷静期剩余').first().waitFor();
    await page.screenshot({ path: `${shots}marriage-workbench.png`, fullPage: true });

    // Register a new couple.
    await page.getByRole('button', { name: '办理结婚登记' }).click();
    const husbandId = aResidentId('430181', '1996-03-15', 'male');
    await fillParty(page, 'husband', '欧阳明', husbandId);
    await fillParty(page, 'wife', '易小雨', aResidentId('430181', '1998-07-21', 'female'));
    await page.screenshot({ path: `${shots}marriage-register-form.png`, fullPage: true });
    await page.getByRole('button', { name: '办理结婚登记' }).last().click();
    await page.getByRole('button', { name: '确认登记' }).click();
    await page.getByText('结婚登记已办理').waitFor();
    const subtitle = await page.locator('.ant-result-subtitle').innerText();
    assert.match(subtitle, new RegExp(`J${registryCode}-\\d{4}-\\d{6}`));
    await page.screenshot({ path: `${shots}marriage-register-done.png`, fullPage: true });

    // The same husband again: refused, with the reasons and the conflicting record for the registrar.
    await page.getByRole('button', { name: '办理下一对' }).click();
    await fillParty(page, 'husband', '欧阳明', husbandId);
    await fillParty(page, 'wife', '龙婷', aResidentId('430181', '1999-01-02', 'female'));
    await page.getByRole('button', { name: '办理结婚登记' }).last().click();
    await page.getByRole('button', { name: '确认登记' }).click();
    await page.getByText('不予登记', { exact: true }).waitFor();
    await page.getByText(/男方已有配偶/).waitFor();
    await page.screenshot({ path: `${shots}marriage-refusal.png`, fullPage: true });

    // Records: masked ids only.
    await page.getByText('档案查询', { exact: true }).click();
    await page.getByText('欧阳明').first().waitFor();
    const body = await page.locator('main, .ant-layout-content').first().innerText();
    assert.ok(!body.includes(husbandId), 'a full resident id is on the records page');
    assert.match(body, /430181\*{8}\d{3}[\dX]/);
    await page.screenshot({ path: `${shots}marriage-records.png`, fullPage: true });

    // Import: one good row, one bad, one without ids.
    await page.getByText('历史补录', { exact: true }).click();
    const row = (v: Record<string, string>) => IMPORT_COLUMNS.map((c) => v[c.key] ?? '').join(',');
    const csv = [
      IMPORT_COLUMNS.map((c) => c.header).join(','),
      row({
        kind: '结婚',
        registeredOn: '1996-10-01',
        registryName: '浏阳市民政局',
        husbandName: '唐国富',
        husbandId: aResidentId('430181', '1970-02-02', 'male'),
        wifeName: '彭桂英',
        wifeId: aResidentId('430181', '1972-03-03', 'female'),
        crossBorder: '内地',
        status: '存续',
      }),
      row({
        kind: '结婚',
        registeredOn: '1996-13-01',
        registryName: '浏阳市民政局',
        husbandName: '甲',
        wifeName: '乙',
        crossBorder: '内地',
        status: '存续',
      }),
      row({
        kind: '结婚',
        registeredOn: '1988-05-01',
        registryName: '浏阳市民政局',
        husbandName: '罗德胜',
        husbandBirthDate: '1962-01-01',
        wifeName: '邓秀兰',
        wifeBirthDate: '1964-01-01',
        crossBorder: '内地',
        status: '离婚',
        endedOn: '1995-01-01',
      }),
    ].join('\n');
    const file = `${shots}marriage-import.csv`;
    writeFileSync(file, csv);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('导入报告：marriage-import.csv').waitFor();
    await page.getByText('待匹配', { exact: true }).first().waitFor();
    await page.screenshot({ path: `${shots}marriage-import-report.png`, fullPage: true });

    // Statistics.
    await page.getByText('统计', { exact: true }).click();
    await page.locator('[data-testid="echart"] canvas').first().waitFor();
    await page.getByText('内地居民结婚登记').first().waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${shots}marriage-statistics.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('checks a booking in from the workbench: pre-filled form → registered → booking done in the calendar', async () => {
    const core = platform.app.core;
    const registry = await core.db.kysely
      .selectFrom('marriageRegistries')
      .selectAll()
      .where('code', '=', registryCode)
      .executeTakeFirstOrThrow();
    // Booked through the portal: the wife applied; the ids are kept masked and keyed only.
    const wifeId = aResidentId('430181', '1998-02-14', 'female');
    const husbandId = aResidentId('430181', '1996-09-09', 'male');
    await core.db.kysely
      .insertInto('marriageAppointments')
      .values({
        id: 'e2e-check-in',
        reference: 'E2ECHECK1',
        registryId: registry.id,
        divisionCode: '430181',
        date: marriageToday(core),
        halfDay: 'pm',
        slotNo: 2,
        service: 'marriage',
        applicantName: '欧阳娜',
        partnerName: '贺强',
        phone: '13907310099',
        status: 'booked',
        createdAt: new Date().toISOString(),
        applicantResidentIdMasked: maskResidentId(wifeId),
        partnerResidentIdMasked: maskResidentId(husbandId),
        applicantKey: partyKeyOf(core, wifeId),
        partnerKey: partyKeyOf(core, husbandId),
      })
      .execute();
    const { page, pageErrors } = await signedIn('registrar.county');
    await page.getByRole('menuitem', { name: '婚姻登记' }).click();
    await page.getByText(/近期预约 · 今天 3 对/).waitFor();
    await page.screenshot({ path: `${shots}marriage-workbench-upcoming.png`, fullPage: true });
    await page.getByRole('button', { name: '签到 欧阳娜、贺强' }).click();
    // The registration form opens pre-filled from the booking, each party on the side of their sex.
    await page.getByText('已签到：预约号 E2ECHECK1').waitFor();
    assert.equal(await page.locator('#marriage-register_husband_name').inputValue(), '贺强');
    assert.equal(await page.locator('#marriage-register_wife_name').inputValue(), '欧阳娜');
    await page.screenshot({ path: `${shots}marriage-check-in-form.png`, fullPage: true });
    await fillParty(page, 'husband', '贺强', husbandId);
    await fillParty(page, 'wife', '欧阳娜', wifeId);
    await page.getByRole('button', { name: '办理结婚登记' }).last().click();
    await page.getByRole('button', { name: '确认登记' }).click();
    await page.getByText('结婚登记已办理').waitFor();
    assert.match(await page.locator('.ant-result-subtitle').innerText(), /预约 E2ECHECK1 已办结/);
    // The calendar: the week's counts and the day's list, the booking done.
    await page.getByText('预约日历', { exact: true }).click();
    await page.getByText(/的预约 · \d+ 对/).waitFor();
    const row = page.locator('tr', { hasText: 'E2ECHECK1' });
    await row.getByText('已办结').waitFor();
    await page
      .getByText(/已办结 \d+/)
      .first()
      .waitFor();
    await page.screenshot({ path: `${shots}marriage-appointments-calendar.png`, fullPage: true });
    const stored = await core.db.kysely
      .selectFrom('marriageAppointments')
      .select(['status', 'outcomeKind', 'outcomeRef'])
      .where('id', '=', 'e2e-check-in')
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'done');
    assert.equal(stored.outcomeKind, 'marriage');
    assert.ok(stored.outcomeRef);

    // 不予登记 with the registrar's ground and words: the notice's reason, and nobody indexed.
    await page.getByText('结婚登记', { exact: true }).first().click();
    await page.locator('#marriage-register_husband_name').fill('符志远');
    await page
      .locator('#marriage-register_husband_residentId')
      .fill(aResidentId('430181', '1994-06-06', 'male'));
    await page.locator('#marriage-register_wife_name').fill('管小燕');
    await page
      .locator('#marriage-register_wife_residentId')
      .fill(aResidentId('430181', '1999-09-09', 'female'));
    await page.getByRole('button', { name: '不予登记…' }).click();
    await page.getByLabel('不予登记的依据').click();
    await page.getByTitle('非男女双方完全自愿（民法典第1046条）').click();
    await page.getByLabel('具体理由').fill('女方经单独询问表示系受家人逼迫');
    await page.screenshot({ path: `${shots}marriage-refuse-dialog.png`, fullPage: true });
    await page.getByRole('button', { name: '作出不予登记决定' }).click();
    await page.getByText('非男女双方完全自愿（民法典第1046条）：女方经单独询问表示系受家人逼迫').waitFor();
    await page.getByRole('link', { name: /打印不予办理结婚登记告知书/ }).waitFor();
    await page.screenshot({ path: `${shots}marriage-refused-by-registrar.png`, fullPage: true });
    const indexed = await core.db.kysely
      .selectFrom('people')
      .select('id')
      .where('name', 'in', ['符志远', '管小燕'])
      .execute();
    assert.deepEqual(indexed, []);
    assert.deepEqual(pageErrors, []);
  });

  void it('lets an administrator see the registries and the registrars’ qualifications', async () => {
    const { page, pageErrors } = await signedIn('admin.city');
    await page.getByRole('menuitem', { name: '婚姻登记机关' }).click();
    await page.getByText('浏阳市民政局婚姻登记处').first().waitFor();
    // The demo's qualification numbers are in the province's form (marriage.demo-seed.ts).
    await page
      .getByText(/^湘民婚登资字〔\d{4}〕第430181\d{3}号$/)
      .first()
      .waitFor();
    await page.screenshot({ path: `${shots}marriage-registries.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('resolves a back-filled row awaiting a match: one party linked to the index, the other created', async () => {
    const core = platform.app.core;
    const husband = await createPerson(core, registrar, {
      residentId: aResidentId('430181', '1961-04-04', 'male'),
      name: '龙德旺',
      hukouDivisionCode: '430181',
      source: '户籍',
    });
    const row = (v: Record<string, string>) => IMPORT_COLUMNS.map((c) => v[c.key] ?? '').join(',');
    const imported = await importMarriages(core, registrar, {
      fileName: '浏阳1986.csv',
      format: 'csv',
      divisionCode: '430181',
      content: [
        IMPORT_COLUMNS.map((c) => c.header).join(','),
        row({
          kind: '结婚',
          registeredOn: '1986-03-08',
          registryName: '浏阳县民政局',
          certificateNo: '浏婚字1986-0308',
          husbandName: '龙德旺',
          husbandBirthDate: '1961-04-04',
          wifeName: '石秀梅',
          wifeBirthDate: '1963-09-09',
          crossBorder: '内地',
          status: '存续',
        }),
      ].join('\n'),
    });
    assert.equal(imported.awaitingRows, 1);

    const { page, pageErrors } = await signedIn('registrar.county');
    await page.getByRole('menuitem', { name: '婚姻登记' }).click();
    await page.getByText('补录待匹配', { exact: true }).click();
    await page.getByPlaceholder('姓名、拼音、证书字号或登记机关').fill('longde');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/q=longde/);
    await page.getByText('补录待匹配（共 1 行）').waitFor();
    await page.getByText('浏婚字1986-0308').waitFor();
    assert.match(await page.locator('.ant-table-tbody').innerText(), /石秀梅/);
    await page.screenshot({ path: `${shots}marriage-matches.png`, fullPage: true });

    await page.getByRole('button', { name: '确认人员 第2行' }).click();
    const husbandCard = page.getByTestId('party-husband');
    await husbandCard.getByText('出生日期一致').waitFor();
    await husbandCard.locator('.ant-table-row', { hasText: '龙德旺' }).click();
    const wifeCard = page.getByTestId('party-wife');
    await wifeCard.getByText('新建人员（无身份证号）').click();
    await wifeCard.getByText(/将在人口基础库中新建：石秀梅/).waitFor();
    await page.screenshot({ path: `${shots}marriage-matches-resolve.png`, fullPage: true });
    await page.getByRole('button', { name: '确认并入库' }).click();
    await page.getByRole('button', { name: '确认入库' }).click();
    await page.getByText('第 2 行已入库').waitFor();
    await page.getByText('没有符合条件的待匹配行，请调整筛选条件。').waitFor();

    const stored = await core.db.kysely
      .selectFrom('marriageImportRows')
      .select(['status', 'marriageId'])
      .where('importId', '=', imported.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'matched');
    const marriage = await core.db.kysely
      .selectFrom('marriages')
      .selectAll()
      .where('id', '=', stored.marriageId ?? '')
      .executeTakeFirstOrThrow();
    assert.equal(marriage.husbandId, husband.id);
    const wife = await core.db.kysely
      .selectFrom('people')
      .selectAll()
      .where('id', '=', marriage.wifeId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([wife.name, wife.residentId, wife.birthDate], ['石秀梅', null, '1963-09-09']);
    assert.deepEqual(pageErrors, []);
  });

  void it('files a court judgment that terminates a pending divorce, and the workbench lists it as terminated', async () => {
    const { page, pageErrors } = await signedIn('registrar.county');
    await page.getByRole('menuitem', { name: '婚姻登记' }).click();
    await page.getByText('档案查询', { exact: true }).click();
    await page.getByPlaceholder('姓名、身份证号或证书字号').fill('黄伟');
    await page.getByRole('button', { name: '查询' }).click();
    const record = page.locator('.ant-table-row', { hasText: '谭敏' });
    await record.getByRole('button', { name: '法院判决' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('确认婚姻无效', { exact: true }).click();
    await dialog.getByLabel('理由').click();
    await page.getByTitle('重婚').click();
    await dialog.getByLabel('人民法院').fill('浏阳市人民法院');
    await dialog.getByLabel('案号').fill('（2026）湘0181民初4321号');
    const today = marriageToday(platform.app.core);
    await dialog.getByLabel('判决日期').fill(today);
    await dialog.getByLabel('生效日期').fill(today);
    await dialog.getByRole('button', { name: '登记判决' }).click();
    await page.getByText('处于冷静期的离婚登记申请已同时终止').waitFor();

    await page.getByText('工作台', { exact: true }).click();
    await page.getByLabel('申请状态').click();
    await page.getByTitle('因法院判决终止').click();
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await page.getByText('（2026）湘0181民初4321号', { exact: false }).waitFor();
    const body = await page.locator('.ant-table-tbody').first().innerText();
    assert.match(body, /黄伟/);
    assert.match(body, /因法院判决终止/);
    await page.screenshot({ path: `${shots}marriage-judgment-workbench.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  void it('lets a couple book on a phone without logging in, keeps what they typed on an error, and move and cancel the booking', async () => {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${platform.url}/login`);
    await page.getByRole('link', { name: '婚姻登记网上预约' }).click();
    await page.getByRole('heading', { name: '婚姻登记网上预约' }).waitFor();
    assert.ok(
      await page.locator('html').evaluate((element) => {
        const html = element as unknown as { scrollWidth: number; clientWidth: number };
        return html.scrollWidth <= html.clientWidth;
      }),
      'the booking page scrolls sideways at 375 px',
    );

    await page.getByLabel('市（州）').click();
    await page.getByTitle('长沙市').click();
    await page.getByText('浏阳市民政局婚姻登记处').click();
    const day = page.locator('.day-chip:not([disabled])').nth(1);
    await day.click();
    await page.getByText(/^上午（余/).click();
    const year = Number(marriageToday(platform.app.core).slice(0, 4));
    const tooYoung = aResidentId('430181', `${year - 21}-06-15`, 'male');
    await page.locator('#booking_applicantName').fill('欧阳明');
    await page.locator('#booking_applicantResidentId').fill(tooYoung);
    await page.locator('#booking_partnerName').fill('易小雨');
    // A typing error first: the kernel's parser catches it in the browser.
    const wifeId = aResidentId('430181', '1998-07-21', 'female');
    await page
      .locator('#booking_partnerResidentId')
      .fill(`${wifeId.slice(0, 17)}${wifeId[17] === '1' ? '2' : '1'}`);
    await page.locator('#booking_phone').fill('13907310001');
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.getByText('公民身份号码校验码不正确，请核对是否录入有误').waitFor();
    await page.locator('#booking_partnerResidentId').fill(wifeId);
    // Then the server's refusal (under age on that date) beside the field, everything else kept.
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.getByText(/欧阳明在预约日期 .* 未满 22 周岁/).waitFor();
    assert.equal(await page.locator('#booking_partnerName').inputValue(), '易小雨');
    assert.equal(await page.locator('#booking_phone').inputValue(), '13907310001');
    await page.screenshot({ path: `${shots}marriage-booking.png`, fullPage: true });

    await page.locator('#booking_applicantResidentId').fill(aResidentId('430181', '1996-03-15', 'male'));
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.getByText('预约成功').waitFor();
    const reference = (await page.getByTestId('booking-reference').innerText()).trim();
    assert.match(reference, /^[A-Z2-9]{8}$/);
    await page.screenshot({ path: `${shots}marriage-booking-done.png`, fullPage: true });

    await page.getByRole('button', { name: '查询 / 取消 / 改期' }).click();
    const detail = page.getByTestId('booking-detail');
    await detail.getByText('已预约').waitFor();
    await detail.getByRole('button', { name: '改期' }).click();
    await detail.locator('.day-chip:not([disabled])').nth(3).click();
    await detail.getByText(/^下午（余/).click();
    await detail.getByRole('button', { name: '确认改期' }).click();
    await page.getByText('已改期，预约号不变').waitFor();
    await detail.getByText(/下午，第 1 号/).waitFor();
    await page.screenshot({ path: `${shots}marriage-booking-manage.png`, fullPage: true });
    await detail.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('button', { name: '取消预约' }).last().click();
    await detail.getByText('已取消').waitFor();

    const stored = await platform.app.core.db.kysely
      .selectFrom('marriageAppointments')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'cancelled');
    assert.equal(stored.halfDay, 'pm');
    assert.deepEqual(pageErrors, []);
  });
});
