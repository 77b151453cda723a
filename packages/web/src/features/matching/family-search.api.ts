/** 寻亲: the three-way family search, missing-person reports and their status, the places a family can name. */
import type {
  FamilyCandidatesResponseDto,
  FamilyRecordKind,
  FamilySearchRegionDto,
  FamilySearchResponseDto,
  MissingReportDetailDto,
  MissingReportDto,
} from '@social-affairs/kernel/contracts';
import { api } from '../../app/api-client';
import type { DivisionTreeOption } from '../../app/division-tree';

export {
  familyNameLevelLabels,
  recordKindColors,
  recordKindLabels,
  recordKindShort,
  regionLevelLabels,
} from '../../app/family-candidates/labels';
export const reportStatusLabels: Record<MissingReportDto['status'], string> = {
  open: '寻找中',
  found: '已找到',
  withdrawn: '已撤销',
};
export interface FamilySearchRequest {
  name?: string;
  surnameOnly?: boolean;
  sex?: 'male' | 'female';
  age?: { estimate: number; range?: number };
  asOf?: string;
  regionHints?: string[];
  dialect?: string;
  features?: string;
  fromKind?: FamilyRecordKind;
  kinds?: FamilyRecordKind[];
}

export function searchFamily(body: FamilySearchRequest) {
  return api.post<FamilySearchResponseDto>('/api/matching/family-search', body);
}

export function familyCandidates(recordId: string) {
  return api.get<FamilyCandidatesResponseDto>('/api/matching/family-search/candidates', { recordId });
}

export function missingReport(id: string, signal?: AbortSignal) {
  return api.get<MissingReportDetailDto>(
    `/api/matching/missing-reports/${encodeURIComponent(id)}`,
    undefined,
    signal,
  );
}

export function closeMissingReport(id: string, body: { status: 'found' | 'withdrawn'; reason: string }) {
  return api.post<MissingReportDto>(`/api/matching/missing-reports/${encodeURIComponent(id)}/status`, body);
}

export function registerMissingReport(body: Record<string, unknown>) {
  return api.post<MissingReportDto>('/api/matching/missing-reports', body);
}

export async function familySearchRegions(signal?: AbortSignal): Promise<DivisionTreeOption[]> {
  const { items } = await api.get<{ items: FamilySearchRegionDto[] }>(
    '/api/matching/family-search/regions',
    undefined,
    signal,
  );
  return regionTree(items);
}

/** The flat list as TreeSelect data (province → prefecture → county). */
export function regionTree(items: readonly FamilySearchRegionDto[]): DivisionTreeOption[] {
  const nodes = new Map<string, DivisionTreeOption>();
  for (const d of items) nodes.set(d.code, { value: d.code, title: d.name, children: [] });
  const roots: DivisionTreeOption[] = [];
  for (const d of items) {
    const node = nodes.get(d.code)!;
    const parent = d.parentCode ? nodes.get(d.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
