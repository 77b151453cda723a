/** 寻亲候选: stored three-way family-search candidates, their review (claim, decide) and refresh. */
import type { FamilyCandidateDto, FamilyRecordKind } from '@social-affairs/kernel/contracts';
import { api } from '../api-client';

export type FamilyDecision = 'confirm' | 'reject' | 'unsure';

export interface FamilyCandidatePageDto {
  items: FamilyCandidateDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FamilyCandidateFilter {
  entryId?: string;
  status?: FamilyCandidateDto['status'];
  kind?: FamilyRecordKind;
  channel?: FamilyCandidateDto['channel'];
  division?: string;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export function listFamilyCandidates(q: FamilyCandidateFilter, signal?: AbortSignal) {
  return api.get<FamilyCandidatePageDto>(
    '/api/matching/family-candidates',
    { ...q, mine: q.mine ? 'true' : undefined },
    signal,
  );
}

export function familyCandidate(id: string, signal?: AbortSignal) {
  return api.get<FamilyCandidateDto>(
    `/api/matching/family-candidates/${encodeURIComponent(id)}`,
    undefined,
    signal,
  );
}

export function claimFamilyCandidate(id: string) {
  return api.post<FamilyCandidateDto>(`/api/matching/family-candidates/${encodeURIComponent(id)}/claim`);
}

export function releaseFamilyCandidate(id: string) {
  return api.post<FamilyCandidateDto>(`/api/matching/family-candidates/${encodeURIComponent(id)}/release`);
}

export function decideFamilyCandidate(id: string, decision: FamilyDecision, reason: string) {
  return api.post<FamilyCandidateDto>(`/api/matching/family-candidates/${encodeURIComponent(id)}/decide`, {
    decision,
    reason,
  });
}

export function refreshFamilyCandidates(entryId: string) {
  return api.post<{ proposed: number; withdrawn: number }>('/api/matching/family-candidates/refresh', {
    entryId,
  });
}
