/** The tabular import pipeline (docs/imports.md): specs, readers, the run, templates and reports. */
export { importErrorsTodo } from './import-todos';
export {
  ImportCellError,
  ImportRowRefused,
  compileRowParser,
  mapHeader,
  normalizeHeader,
  parseRowCells,
  type CellParser,
  type ImportColumn,
  type ImportIssue,
  type ImportSpec,
  type IssueSink,
  type RowParser,
} from './spec';
export {
  cellText,
  csvRowChunks,
  csvRows,
  readRowChunks,
  readRows,
  reopenable,
  xlsxRows,
  type ImportFormat,
  type ImportSource,
  type RawRow,
} from './readers';
export {
  REPORT_ISSUE_LIMIT,
  importRunIssues,
  importRunKind,
  importRunReport,
  runImport,
  type ApplyOutcome,
  type ImportProgress,
  type ImportRowDone,
  type ImportRunReport,
  type RunImportOptions,
} from './imports.service';
export { importReportXlsx, importTemplateXlsx } from './template';
export { dateCell, issueMessage, residentIdCell, sexCell } from './cells';
export type { ImportRunRow, ImportRunIssueRow } from './imports.table';
