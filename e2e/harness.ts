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

/**
 * Platform configuration for a browser test (startPlatform's `config`): face embedding switched off
 * (`platform.faces.enabled: false`, docs/faces.md), so that no test spends CPU loading the face model and
 * embedding the photos it uploads while its pages are timed — the face panel then says the capability is
 * switched off. A face test passes `{ faces: { enabled: true } }` (e2e/faces.e2e.test.ts).
 */
export function e2eConfig<C extends { faces?: object }>(config?: C): C & { faces: { enabled: boolean } } {
  return { ...config, faces: { enabled: false, ...config?.faces } } as C & { faces: { enabled: boolean } };
}
