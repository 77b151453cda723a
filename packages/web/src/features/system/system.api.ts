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
import { api, apiUrl, type QueryParams } from '../../app/api-client';

/** An audit row as the audit page shows it (Chinese action, human labels; never a full resident id). */
export interface AuditRow extends Omit<AuditEntry, 'targetType'> {
  targetType: string;
  actorName: string | null;
  actionLabel: string;
  targetTypeLabel: string;
  targetLabel: string | null;
  divisionName: string | null;
  details: string;
  subjectLabel: string | null;
}

export interface AuditActionOption {
  action: string;
  label: string;
  group: string;
}

/** An account as user administration lists it, with its sign-in lock. */
export interface AdminUser extends UserSummary {
  institutionId: string | null;
  lockedUntil: string | null;
}

export interface AdminUsersQuery extends UsersQuery {
  division?: string;
  status?: 'active' | 'disabled';
}

export function fetchUsers(query: AdminUsersQuery, signal?: AbortSignal) {
  return api.get<Page<AdminUser>>('/api/users', { ...query }, signal);
}

export function updateUserAccess(
  id: string,
  body: { role: string; divisionCode: string; institutionId?: string | null },
) {
  return api.post<AdminUser>(`/api/users/${encodeURIComponent(id)}/access`, body);
}

export function setUserStatus(id: string, status: 'active' | 'disabled') {
  return api.post<AdminUser>(`/api/users/${encodeURIComponent(id)}/status`, { status });
}

export function unlockUser(id: string) {
  return api.post<AdminUser>(`/api/users/${encodeURIComponent(id)}/unlock`);
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
  return api.get<Page<AuditRow>>('/api/audit', { ...query }, signal);
}

export function fetchAuditActions(signal?: AbortSignal) {
  return api.get<{ items: AuditActionOption[] }>('/api/audit/actions', undefined, signal);
}

export function fetchAuditActors(q: string, signal?: AbortSignal) {
  return api.get<{ items: { username: string; displayName: string }[] }>('/api/audit/actors', { q }, signal);
}

export const auditExportUrl = (query: QueryParams) => apiUrl('/api/audit/export', query);

export function verifyAuditChain() {
  return api.post<AuditVerifyResult>('/api/audit/verify');
}
