/** The server loads the family-search index as it starts (ADR 0040), unless configured not to. */
import { familyIndexProgress } from '@social-affairs/core/matching';
import { describe, expect, it } from 'vitest';
import { startPlatform } from './start';

async function started(config?: { lines: { matching: { familySearchIndexAtStart: boolean } } }) {
  return startPlatform({
    databaseUrl: 'sqlite::memory:',
    port: 0,
    seed: false,
    webRoot: null,
    logLevel: 'silent',
    ...(config ? { config } : {}),
  });
}

describe('family-search index at server start', () => {
  it('is loaded by the server as it starts', async () => {
    const platform = await started();
    try {
      const db = platform.app.core.db;
      expect(familyIndexProgress(db)).toBeDefined();
      await expect.poll(() => familyIndexProgress(db)?.loading).toBe(false);
    } finally {
      await platform.close();
    }
  });

  it('is left to the first search with familySearchIndexAtStart: false', async () => {
    const platform = await started({ lines: { matching: { familySearchIndexAtStart: false } } });
    try {
      expect(familyIndexProgress(platform.app.core.db)).toBeUndefined();
    } finally {
      await platform.close();
    }
  });
});
