export {
  cancelJob,
  createJob,
  getJob,
  importRoll,
  listJobs,
  listRolls,
  runJob,
  RULE_SETS,
} from './jobs.service';
export type {
  ImportRollInput,
  JobDetail,
  JobProgress,
  JobView,
  NewJob,
  RollRecordInput,
  RollSpec,
  RunJobOptions,
  RunOutcome,
} from './jobs.service';
export { MatchJobRunner } from './job-runner';
export type { JobRunnerLogger } from './job-runner';
export {
  assignPair,
  claimPair,
  decidePair,
  exportPairs,
  getPairComparison,
  listPairs,
  releasePair,
} from './review.service';
export type {
  ComparedRecord,
  Decision,
  FieldLevel,
  PairComparison,
  PairQuery,
  PairView,
} from './review.service';
export { createMissingReport, familySearch, refreshFamilyIndex } from './family-search.service';
export type {
  FamilySearchInput,
  FamilySearchResult,
  MissingReportView,
  NewMissingReport,
} from './family-search.service';
export type { MatchBand, MatchJobStatus, MatchPairStatus, RuleSetName } from './matching.table';
export { matchingLine } from './line';
export {
  ROLL_IMPORT_SPEC,
  importRollFile,
  rollImportReportXlsx,
  rollImportTemplateXlsx,
  type RollFileRow,
} from './roll-import.service';
