/** Row types of the import pipeline's tables (migration 0010-import-runs), as Kysely sees them. */
import type { Selectable } from 'kysely';

export interface ImportRunsTable {
  id: string;
  importKind: string;
  sha256: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  divisionCode: string | null;
  status: 'running' | 'completed' | 'failed';
  rowsRead: number;
  rowsApplied: number;
  rowsUnchanged: number;
  rowsRefused: number;
  error: string | null;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface ImportRunIssuesTable {
  id: string;
  runId: string;
  seq: number;
  rowNo: number;
  columnKey: string | null;
  severity: 'error' | 'note';
  code: string;
  reason: string;
}

export interface ImportTables {
  importRuns: ImportRunsTable;
  importRunIssues: ImportRunIssuesTable;
}

export type ImportRunRow = Selectable<ImportRunsTable>;
export type ImportRunIssueRow = Selectable<ImportRunIssuesTable>;
