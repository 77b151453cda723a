import type {
  AuditEntry,
  AuditQuery,
  AuditVerifyResult,
  CreateUserRequest,
  Page,
  RoleInfo,
  UserSummary,
  UsersQuery,
} from '../../api/types';
import { api } from '../../app/api-client';

export function fetchUsers(query: UsersQuery, signal?: AbortSignal) {
  return api.get<Page<UserSummary>>('/api/users', { ...query }, signal);
}

export function createUser(request: CreateUserRequest) {
  return api.post<unknown>('/api/users', request);
}

export function resetUserPassword(id: string, password: string) {
  return api.post<void>(`/api/users/${encodeURIComponent(id)}/reset-password`, { password });
}

export function fetchRoles(signal?: AbortSignal) {
  return api.get<{ items: RoleInfo[] }>('/api/roles', undefined, signal);
}

export function fetchAudit(query: AuditQuery, signal?: AbortSignal) {
  return api.get<Page<AuditEntry>>('/api/audit', { ...query }, signal);
}

export function verifyAuditChain() {
  return api.post<AuditVerifyResult>('/api/audit/verify');
}
