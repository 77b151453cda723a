import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './create-db';
import * as m0001 from './migrations/0001-foundation';
import * as m0005attachments from './migrations/0005-attachments';
import * as m0006approvals from './migrations/0006-approvals';
import * as m0007documentNumbers from './migrations/0007-document-numbers';
import * as m0008personMerge from './migrations/0008-person-merge';
import * as m0009subCountyScope from './migrations/0009-sub-county-scope';
import * as m0010importRuns from './migrations/0010-import-runs';
import * as m0011auditKeyed from './migrations/0011-audit-keyed';
import * as m0013holidayCalendars from './migrations/0013-holiday-calendars';
import * as m0017peopleNameSortKey from './migrations/0017-people-name-sort-key';
import * as m0019attachmentInstitution from './migrations/0019-attachment-institution';
import * as m0028faceEmbeddings from './migrations/0028-face-embeddings';
import * as m0036assistanceRolls from './migrations/0036-assistance-rolls';
import * as m0041personDeathRevocations from './migrations/0041-person-death-revocations';

/**
 * The platform's own migrations (people index, accounts, audit, events and the shared building blocks).
 * Business lines bring theirs in their manifest; names are globally numbered (`NNNN-<what>`) across the
 * platform and every line, so one sorted set runs in one order on both dialects (ADR 0010).
 */
export const platformMigrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0005-attachments': m0005attachments,
  '0006-approvals': m0006approvals,
  '0007-document-numbers': m0007documentNumbers,
  '0008-person-merge': m0008personMerge,
  '0009-sub-county-scope': m0009subCountyScope,
  '0010-import-runs': m0010importRuns,
  '0011-audit-keyed': m0011auditKeyed,
  '0013-holiday-calendars': m0013holidayCalendars,
  '0017-people-name-sort-key': m0017peopleNameSortKey,
  '0019-attachment-institution': m0019attachmentInstitution,
  '0028-face-embeddings': m0028faceEmbeddings,
  '0036-assistance-rolls': m0036assistanceRolls,
  '0041-person-death-revocations': m0041personDeathRevocations,
};

/** The platform's migrations and those of `lines`, one set; a name used twice is an error. */
export function migrationsFor(
  lines: readonly { name: string; migrations: Readonly<Record<string, Migration>> }[],
): Record<string, Migration> {
  const all: Record<string, Migration> = { ...platformMigrations };
  for (const line of lines) {
    for (const [name, m] of Object.entries(line.migrations)) {
      if (all[name]) throw new Error(`migration ${name} of line ${line.name} is already defined`);
      all[name] = m;
    }
  }
  return all;
}

export async function migrateToLatest(
  db: Db,
  lines: readonly { name: string; migrations: Readonly<Record<string, Migration>> }[] = [],
): Promise<string[]> {
  const all = migrationsFor(lines);
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => all },
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
