export { appendAudit, audit, listAudit, verifyAuditChain } from './audit.service';
export type { AuditEntry, AuditQuery, AuditVerification, AuditProblem } from './audit.service';
export { sm3Hex, auditRowHash, GENESIS_HASH } from './audit-hash';
