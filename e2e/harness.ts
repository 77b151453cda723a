// What every browser test shares: where the built web app is and how Chromium is started.
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** The built web app: `npm run build` writes packages/web/dist; E2E_WEB_ROOT points at another vite build. */
export const webRoot =
  process.env.E2E_WEB_ROOT ?? fileURLToPath(new URL('../packages/web/dist', import.meta.url));

/** Debian's Chromium (CHROMIUM_PATH overrides), headless, without background traffic of its own. */
export function launchBrowser(): Promise<Browser> {
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
