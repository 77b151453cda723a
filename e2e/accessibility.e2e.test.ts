// Accessibility in a real browser (issue 13 item 13): axe-core (WCAG 2.1 A/AA rules) runs in every page
// reachable in the demo, as a role that sees it; any `serious` or `critical` violation fails the test,
// naming the rule and the first nodes. Also checks that focus lands on the page's heading (`h1`) after
// sign-in and after a navigation, not on <body>. Screenshots of each page go to test-results/a11y-*.png.
// Needs `npm run build` first (packages/web/dist). Time budget: about 60 s on a 2-core machine
// (demo seed ~15 s, ~20 pages × ~1.5 s); each test's timeout below is its hard ceiling.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemActor } from '@social-affairs/core';
import { createJob, importRoll, runJob } from '@social-affairs/core/matching';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, webRoot } from './harness.ts';
import { startPlatform } from '../packages/cli/src/start.ts';

const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
const password = 'Demo@2026';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 level A and AA rules (axe tags). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** A page to check: its path (or a function of the page that navigates to it) and a name for reports. */
interface Visit {
  name: string;
  path: string | ((page: Page, base: string) => Promise<string | null>);
}

/** The first id in a JSON list answer (`{ items: [...] }` or `[...]`), or null when it is empty. */
async function firstId(page: Page, url: string): Promise<string | null> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'same-origin' });
    if (!res.ok) return null;
    const body = await res.json();
    const list = Array.isArray(body) ? body : ((body as { items?: unknown[] }).items ?? []);
    const first = list[0] as { id?: string } | undefined;
    return first?.id ?? null;
  }, url);
}

/** Which pages each demo role checks: together every page of the demo (public, login and signed-in). */
const ROLE_VISITS: { username: string; visits: Visit[] }[] = [
  {
    username: 'registrar.county',
    visits: [
      { name: 'home', path: '/' },
      { name: 'people', path: '/people' },
      {
        name: 'person-detail',
        path: async (page) => {
          const id = await firstId(page, '/api/people?pageSize=1');
          return id ? `/people/${id}` : null;
        },
      },
      { name: 'marriage-workbench', path: '/marriage' },
      { name: 'marriage-register', path: '/marriage/register' },
      { name: 'marriage-records', path: '/marriage/records' },
      { name: 'marriage-import', path: '/marriage/import' },
      { name: 'marriage-matches', path: '/marriage/matches' },
      { name: 'marriage-statistics', path: '/marriage/statistics' },
    ],
  },
  {
    username: 'county_reviewer.county',
    visits: [
      { name: 'matching-jobs', path: '/matching' },
      { name: 'matching-review', path: '/matching/review' },
      {
        name: 'matching-pair',
        path: async (page) => {
          const id = await firstId(page, '/api/matching/pairs?pageSize=1');
          return id ? `/matching/pairs/${id}` : null;
        },
      },
      { name: 'matching-family-search', path: '/matching/family-search' },
    ],
  },
  {
    username: 'admin.province',
    visits: [
      { name: 'stats', path: '/stats' },
      { name: 'system-users', path: '/system/users' },
      { name: 'system-holiday-calendar', path: '/system/holiday-calendar' },
      { name: 'system-marriage-registries', path: '/system/marriage-registries' },
    ],
  },
  { username: 'auditor.province', visits: [{ name: 'system-audit', path: '/system/audit' }] },
  {
    username: 'rescue_staff.station',
    visits: [
      { name: 'rescue-workbench', path: '/rescue' },
      { name: 'rescue-intake', path: '/rescue/intake' },
      { name: 'rescue-residents', path: '/rescue/residents' },
      {
        name: 'rescue-case',
        path: async (page) => {
          const id = await firstId(page, '/api/rescue/residents?pageSize=1');
          return id ? `/rescue/cases/${id}` : null;
        },
      },
      { name: 'rescue-placements', path: '/rescue/placements' },
      { name: 'rescue-departures', path: '/rescue/departures' },
      { name: 'rescue-warnings', path: '/rescue/warnings' },
      { name: 'rescue-statistics', path: '/rescue/statistics' },
      { name: 'rescue-stations', path: '/rescue/stations' },
      { name: 'rescue-hotline', path: '/rescue/hotline' },
    ],
  },
];

void describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
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
    // A comparison job with pairs in 浏阳市, so the pair page has a record to open.
    const core = platform.app.core;
    const actor = systemActor('e2e-a11y', '430181');
    const people = await core.db.kysely
      .selectFrom('people')
      .select(['name', 'sex', 'birthDate', 'residentId', 'divisionCode'])
      .where('divisionCode', 'like', '430181%')
      .where('residentId', 'is not', null)
      .orderBy('id')
      .limit(12)
      .execute();
    await importRoll(core, actor, {
      source: '无障碍检查名单',
      records: people.map((p, i) => ({
        externalRef: `A11Y-${i + 1}`,
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        residentId: i % 2 ? p.residentId : null,
        eventDate: '2026-10-20',
        divisionCode: p.divisionCode,
      })),
    });
    const job = await createJob(core, actor, {
      name: '无障碍检查比对',
      ruleSet: 'reverification',
      left: { kind: 'people', division: '430181' },
      right: { kind: 'records', source: '无障碍检查名单' },
    });
    await runJob(core, job.id);
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  async function newPage(): Promise<{ page: Page; pageErrors: string[] }> {
    // bypassCSP: axe's source is injected as an inline script, which the app's CSP (script-src 'self') refuses.
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { page, pageErrors };
  }

  async function logIn(page: Page, username: string) {
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  }

  /** Waits for the page to settle (heading shown, no spinner, network quiet). */
  async function settle(page: Page) {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page
      .locator('h1')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await page
      .locator('.ant-spin-spinning')
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
    // Let antd's motion (fades, tab ink) end so colours are final.
    await page.waitForTimeout(400);
  }

  /** One `h1` per page (the page header). */
  async function headings(page: Page, name: string): Promise<string[]> {
    const count = await page.locator('h1').count();
    return count === 1 ? [] : [`${name}: ${count} h1 elements (expected one page heading)`];
  }

  /** Serious and critical WCAG 2.1 A/AA violations on the page, as readable lines. */
  async function axe(page: Page, name: string): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async (tags) => {
      type AxeRun = (
        context: unknown,
        options: unknown,
      ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }>;
      const run = (globalThis as unknown as { axe: { run: AxeRun } }).axe.run;
      const result = await run(globalThis, { runOnly: { type: 'tag', values: tags } });
      return result.violations;
    }, AXE_TAGS);
    return (violations as AxeViolation[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${name}: ${v.id} (${v.impact}, ${v.nodes.length} nodes) ${v.help}\n    ` +
          v.nodes
            .slice(0, 3)
            .map(
              (n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`,
            )
            .join('\n    '),
      );
  }

  void it(
    'public pages (login, booking, family search) have no serious or critical violations',
    { timeout: 60_000 },
    async () => {
      const { page, pageErrors } = await newPage();
      const found: string[] = [];
      for (const [name, path] of [
        ['login', '/login'],
        ['booking', '/booking'],
        ['family-search', '/family-search'],
      ] as const) {
        await page.goto(`${platform.url}${path}`);
        await settle(page);
        found.push(...(await headings(page, name)));
        found.push(...(await axe(page, name)));
        await page.screenshot({ path: `${shots}a11y-${name}.png`, fullPage: true });
      }
      assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
      assert.deepEqual(pageErrors, []);
    },
  );

  for (const { username, visits } of ROLE_VISITS) {
    void it(`${username}: ${visits.map((v) => v.name).join(', ')}`, { timeout: 120_000 }, async () => {
      const { page, pageErrors } = await newPage();
      await logIn(page, username);
      const found: string[] = [];
      const skipped: string[] = [];
      for (const visit of visits) {
        const path = typeof visit.path === 'string' ? visit.path : await visit.path(page, platform.url);
        if (path === null) {
          skipped.push(visit.name);
          continue;
        }
        await page.goto(`${platform.url}${path}`);
        await settle(page);
        found.push(...(await headings(page, visit.name)));
        found.push(...(await axe(page, visit.name)));
        await page.screenshot({ path: `${shots}a11y-${visit.name}.png`, fullPage: true });
      }
      if (skipped.length) console.log(`# ${username}: no demo record to open for ${skipped.join(', ')}`);
      assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
      assert.deepEqual(pageErrors, []);
    });
  }

  void it(
    'focus moves to the page heading after sign-in and after a menu navigation',
    { timeout: 60_000 },
    async () => {
      const { page } = await newPage();
      await page.goto(`${platform.url}/login`);
      await page.getByLabel('用户名', { exact: true }).fill('registrar.county');
      await page.getByLabel('密码', { exact: true }).fill(password);
      await page.getByRole('button', { name: '登录' }).click();
      const focusedHeading = () =>
        page.waitForFunction(
          () => {
            const el = (globalThis as unknown as { document: { activeElement: { tagName: string } | null } })
              .document.activeElement;
            return el?.tagName === 'H1';
          },
          undefined,
          { timeout: 10_000 },
        );
      await focusedHeading();
      assert.match(await page.locator('h1').innerText(), /首页|工作台|待办/);

      await page.getByRole('menuitem', { name: '人员信息' }).click();
      await page.waitForURL(/\/people$/);
      await focusedHeading();
      assert.match(await page.locator('h1').innerText(), /人员信息/);
    },
  );
});
