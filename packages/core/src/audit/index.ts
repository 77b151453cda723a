export { appendAudit, audit, listAudit, verifyAuditChain } from './audit.service';
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
