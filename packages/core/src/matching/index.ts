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
  claimNextPair,
  completeFollowUp,
  explanationOf,
  matchingTodos,
  scoreRecords,
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
  FollowUpView,
  NextPairQuery,
  PairScore,
  RecordRef,
  PairComparison,
  PairQuery,
  PairView,
} from './review.service';
export {
  changeMissingReportStatus,
  createMissingReport,
  familyCandidates,
  familySearch,
  familySearchRegions,
  getMissingReport,
  listMissingReports,
  refreshFamilyIndex,
} from './family-search.service';
// The index's load (the server starts it; bench:family-index-load compares slice sizes).
export { familyIndex, familyIndexProgress, LOAD_SLICE, startFamilyIndexLoad } from './family-search-index';
export type {
  FamilySearchInput,
  FamilySearchOutcome,
  FamilySearchRecordView,
  FamilySearchResultItem,
  MissingReportDetail,
  MissingReportQuery,
  MissingReportView,
  NewMissingReport,
} from './family-search.service';
// How a line makes its records searchable in 寻亲 (rescue, funeral): inside its own transaction.
export { publishFamilySearchRecord, withdrawFamilySearchRecord } from './family-search-entries.service';
export type { FamilyRecordKind, FamilySearchRecordInput } from './family-search-entries.service';
// Three-way family-search candidates (寻亲候选, ADR 0023): stored, refreshed, reviewed; lines propose others.
export {
  claimFamilyCandidate,
  decideFamilyCandidate,
  exportFamilyCandidates,
  familyCandidatesTodo,
  getFamilyCandidate,
  listFamilyCandidates,
  proposeFamilyCandidate,
  refreshCandidatesFor,
  refreshFamilyCandidates,
  releaseFamilyCandidate,
} from './family-candidates.service';
export type {
  FamilyCandidateBand,
  FamilyCandidateChannel,
  FamilyCandidateProposal,
  FamilyCandidateQuery,
  FamilyCandidateSide,
  FamilyCandidateStatus,
  FamilyCandidateView,
  FamilyDecision,
  FamilyMatchConfirmed,
  FamilyMatchSide,
  ProposalOutcome,
} from './family-candidates.service';
export { matchingConfig, type MatchingConfig } from './family-candidates.config';
export type { MatchBand, MatchJobStatus, MatchPairStatus, RuleSetName } from './matching.table';
export { matchingLine } from './line';
export {
  ROLL_IMPORT_SPEC,
  importRollFile,
  rollImportReportXlsx,
  rollImportTemplateXlsx,
  rollBodyIssueMessage,
  type RollFileRow,
} from './roll-import.service';
// The public family-search page (我要寻亲, no login; ADR 0026).
export {
  PUBLIC_PORTAL_ACTOR,
  countyPlaceName,
  listPublishedReportsPublic,
  officeNameOf,
  publicPlaces,
  publicReportStatus,
  submitPublicReport,
} from './public-reports.service';
export type { PublicReportInput, PublicReportReceipt, PublishedReportView } from './public-reports.service';
// One engine call over the process's family-search index (the service, stored candidates and bench:rescue).
export { searchFamilyIndex, type FamilyIndexState, type IndexedEntry } from './family-search-index';
// The missing-person report's photos (face ranking, docs/faces.md) and their photoRef in the feed.
export {
  MISSING_REPORT_ATTACHMENT_KINDS,
  missingReportAttachmentOwner,
  syncReportPhotosToFamilySearch,
} from './report-attachments';
// Face hits outside the searcher's scope among family-search records of another kind (ADR 0025 §9).
export { familyFaceRecords, familyFaceScope } from './face-family-scope';
