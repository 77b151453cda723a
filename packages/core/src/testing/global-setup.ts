/**
 * Vitest global setup (vitest.config.ts): gives the run an id, under which the PostgreSQL test schemas
 * are parked between tests (template-db.ts, ADR 0037), and drops them when the run ends.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropParkedSchemas } from './template-db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This vitest run's id: the prefix of its parked PostgreSQL test schemas. */
    testDatabaseRun: string;
  }
}

export default function setup(project: TestProject) {
  const run = randomBytes(4).toString('hex');
  project.provide('testDatabaseRun', run);
  return async () => {
    const url = process.env.DATABASE_URL;
    if (url && /^postgres(ql)?:\/\//.test(url)) await dropParkedSchemas(url, run);
  };
}
