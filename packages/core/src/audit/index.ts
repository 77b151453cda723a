export {
  AUDIT_EXPORT_MAX_ROWS,
  appendAudit,
  audit,
  auditActionOptions,
  auditActorOptions,
  exportAudit,
  listAudit,
  verifyAuditChain,
} from './audit.service';
export type { AuditExport } from './audit.service';
export { auditXlsxStream } from './audit-export';
export { auditCatalogue, PLATFORM_AUDIT_ACTIONS, PLATFORM_AUDIT_TARGETS } from './audit-catalogue';
export type { AuditCatalogue, AuditTargetSource } from './audit-catalogue';
export { maskPersonName } from './audit-labels';
export type { AuditItemView } from './audit-labels';
export type {
  AuditEntry,
  AuditQuery,
  AuditVerification,
  AuditProblem,
  AuditChainContext,
} from './audit.service';
export { maskAuditFilter, maskSearchTerm, maskResidentIdsInText } from './audit-mask';
export { sm3Hex, auditRowHash, GENESIS_HASH, KEY_ROTATION_ACTION } from './audit-hash';
export {
  auditCheckpoint,
  writeAuditCheckpoint,
  formatCheckpoint,
  parseCheckpoints,
  memoryCheckpointSink,
  scheduledAuditCheckpoint,
} from './audit-checkpoint';
export type { AuditCheckpoint, AuditCheckpointSink } from './audit-checkpoint';
