/**
 * CI guard for the write-route fuzz (issue 11, ADR 0013): a few hundred fuzzed requests over every write
 * route on SQLite answer no 5xx. The full run (≥ 5,000 requests, both databases) is `npm run fuzz:writes`.
 */
import { databaseTargets } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../packages/api/src/test-app';
import { formatReport, fuzzWrites } from './fuzz-writes.lib';

it('answers 400 fuzzed write requests over every write route with no 5xx (SQLite)', async () => {
  const [sqlite] = databaseTargets({ TEST_DATABASES: 'sqlite' });
  const opened = await sqlite!.open(serverManifests);
  const db = opened.db;
  try {
    const { app, core, signIn, logs } = await testApp(db, { captureLogs: true, publicWriteLimit: 1_000_000 });
    const report = await fuzzWrites({ app, core, signIn, logs }, { seed: 11, requests: 400 });
    expect(report.total).toBe(400);
    expect(Object.keys(report.histogram).length).toBe(report.routes);
    expect(report.fiveXX, formatReport(report, '[sqlite]')).toBe(0);
    await app.close();
  } finally {
    await opened.dispose();
  }
}, 60_000);
