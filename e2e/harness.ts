// What every browser test shares: where the built web app is and how Chromium is started.
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** The built web app: `npm run build` writes packages/web/dist; E2E_WEB_ROOT points at another vite build. */
export const webRoot =
  process.env.E2E_WEB_ROOT ?? fileURLToPath(new URL('../packages/web/dist', import.meta.url));

/** How long a browser action or wait may take before it fails (Playwright's default is 30 s): a page on a loaded 2-core machine may wait for a core. */
export const E2E_ACTION_TIMEOUT_MS = 60_000;

/**
 * Debian's Chromium (CHROMIUM_PATH overrides), headless, without background traffic of its own. Every
 * context it opens (also the one behind `browser.newPage()`) starts with `E2E_ACTION_TIMEOUT_MS`; a test
 * may still set its own.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext(...args);
    context.setDefaultTimeout(E2E_ACTION_TIMEOUT_MS);
    return context;
  };
  browser.newPage = async (...args: Parameters<Browser['newPage']>) => {
    const context = await browser.newContext(...args);
    const page = await context.newPage();
    // Closing the page closes its own context, as with Playwright's browser.newPage().
    page.once('close', () => void context.close());
    return page;
  };
  return browser;
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * Platform configuration for a browser test (startPlatform's `config`): face embedding switched off
 * (`platform.faces.enabled: false`, docs/faces.md), so that no test spends CPU loading the face model and
 * embedding the photos it uploads while its pages are timed — the face panel then says the capability is
 * switched off. A face test passes `{ faces: { enabled: true } }` (e2e/faces.e2e.test.ts).
 */
export function e2eConfig<C extends { faces?: object }>(config?: C): C & { faces: { enabled: boolean } } {
  return { ...config, faces: { enabled: false, ...config?.faces } } as C & { faces: { enabled: boolean } };
}
