import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './create-db';
import * as m0001 from './migrations/0001-foundation';
import * as m0002marriage from './migrations/0002-marriage';
import * as m0003matching from './migrations/0003-matching';
import * as m0004divorceJudgment from './migrations/0004-divorce-judgment-status';

/** The one migration set for both dialects, in order. Later domains append their files here. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-marriage': m0002marriage,
  '0003-matching': m0003matching,
  '0004-divorce-judgment-status': m0004divorceJudgment,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables in every schema unless told which one: with a search_path
    // schema (test isolation), another schema's tables would be mistaken for this one's.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error)
    throw result.error instanceof Error
      ? result.error
      : new Error('migration failed', { cause: result.error });
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
