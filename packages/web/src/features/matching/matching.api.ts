import { matchFieldLabels, matchLevelLabels } from '@social-affairs/kernel/contracts';
import type {
  FollowUpDto,
  FamilySearchHitDto,
  MatchJobDetailDto,
  MatchJobDto,
  MatchPairDto,
  MissingReportDto,
  PairComparisonDto,
  RollImportReport,
} from '@social-affairs/kernel/contracts';
import type { Page } from '../../api/types';
import { ApiError, api, apiUrl } from '../../app/api-client';

export type RuleSet = 'reverification' | 'backfill';
export type Band = 'fast-track' | 'review';
export type PairStatus = 'open' | 'claimed' | 'confirmed' | 'rejected' | 'unsure';
export type Decision = 'confirm' | 'reject' | 'unsure';

export const ruleSetLabels: Record<RuleSet, string> = {
  reverification: '数据比对规则（B0–B5）',
  backfill: '补录查重规则（B0–B6）',
};
export const bandLabels: Record<Band, string> = { 'fast-track': '快速核实', review: '人工核查' };
export const pairStatusLabels: Record<PairStatus, string> = {
  open: '待核查',
  claimed: '核查中',
  confirmed: '确认同一人',
  rejected: '非同一人',
  unsure: '存疑',
};
export const jobStatusLabels: Record<MatchJobDto['status'], string> = {
  queued: '排队中',
  running: '运行中',
  completed: '已完成',
  failed: '失败',
  cancelled: '已取消',
};
/** Blocking rules of the engine (docs/linkage.md), as a caseworker reads them. */
export const ruleLabels: Record<string, string> = {
  B0: '身份证号一致',
  B1: '区划+出生日期+性别一致',
  B2: '出生日期+顺序码一致',
  B3: '区划+顺序码+姓氏读音一致',
  'B3b-C': '顺序码+姓名读音一致',
  'B3b-A': '区划+姓名读音+性别一致',
  B4: '出生日期+姓名读音一致',
  B4s: '出生日期+姓名字形相近',
  B5: '姓名+出生年份+省份一致',
  B5w: '姓名+冬季出生年份+省份一致（农历误作公历跨年）',
  B6: '名字用字+姓氏字形+出生年份一致',
};
/** Compared fields and their levels in Chinese (shared with the server's Excel export). */
export const fieldLabels: Readonly<Record<string, string>> = matchFieldLabels;
export const levelLabels: Readonly<Record<string, string>> = matchLevelLabels;
export const followUpLabels = { pending: '待业务条线跟进', done: '跟进已办结' } as const;
export const nameLevelLabels: Record<string, string> = {
  'hanzi-exact': '汉字一致',
  homophone: '同音',
  'light-fuzzy': '平翘舌/前后鼻音',
  'dialect-profile': '该地口音相近',
  'heavy-fuzzy': '方言音近',
  'any-dialect': '某地口音相近',
  surname: '仅姓氏相同',
  none: '姓名不符',
};

export interface RollSpec {
  kind: 'people' | 'records';
  source?: string;
  status?: 'alive' | 'deceased';
  division?: string;
}

export function fetchJobs(
  query: { division?: string; page: number; pageSize: number },
  signal?: AbortSignal,
) {
  return api.get<Page<MatchJobDto>>('/api/matching/jobs', { ...query }, signal);
}
export function fetchJob(id: string, signal?: AbortSignal) {
  return api.get<MatchJobDetailDto>(`/api/matching/jobs/${encodeURIComponent(id)}`, undefined, signal);
}
export function createJob(body: { name: string; ruleSet: RuleSet; left: RollSpec; right: RollSpec }) {
  return api.post<MatchJobDto>('/api/matching/jobs', body);
}
/** Cancels a queued or running job; a running one stops at its next chunk. */
export function cancelJob(id: string, reason: string) {
  return api.post<MatchJobDto>(`/api/matching/jobs/${encodeURIComponent(id)}/cancel`, { reason });
}
export function fetchRolls(division: string, signal?: AbortSignal) {
  return api.get<{ source: string; records: number; lastImportedAt: string | null }[]>(
    '/api/matching/rolls',
    { division },
    signal,
  );
}

/** The roll file template (.xlsx). */
export const rollTemplateUrl = '/api/matching/rolls/import-template.xlsx';

/** A roll import's full per-row report (.xlsx). */
export function rollReportUrl(runId: string): string {
  return `/api/matching/rolls/imports/${encodeURIComponent(runId)}/report.xlsx`;
}

/**
 * Uploads a roll file (CSV or .xlsx) as the raw request body; the server imports it row by row and
 * answers the report. `onUpload` receives the share of the file sent (0–1); XMLHttpRequest, because
 * fetch reports no upload progress.
 */
export function uploadRollFile(
  source: string,
  file: File,
  onUpload?: (sent: number) => void,
): Promise<RollImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/api/matching/rolls/import', { source, fileName: file.name }));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onUpload?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as RollImportReport);
      const error = (
        body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
      )?.error;
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? `HTTP_${xhr.status}`,
          error?.message ?? `服务器暂时无法处理请求（HTTP ${xhr.status}），请稍后重试`,
          error?.details ?? {},
        ),
      );
    };
    xhr.send(file);
  });
}

export interface PairsQuery {
  division?: string;
  jobId?: string;
  band?: Band;
  status?: PairStatus;
  source?: string;
  followUp?: 'pending' | 'done';
  page: number;
  pageSize: number;
}
export function fetchPairs(query: PairsQuery, signal?: AbortSignal) {
  return api.get<Page<MatchPairDto>>('/api/matching/pairs', { ...query }, signal);
}
/** The export takes the queue's filters (not its paging); it carries names but no resident ids. */
export function pairsExportUrl(filters: Omit<PairsQuery, 'page' | 'pageSize'>): string {
  return apiUrl('/api/matching/pairs/export', { ...filters });
}
export function fetchComparison(id: string, signal?: AbortSignal) {
  return api.get<PairComparisonDto>(
    `/api/matching/pairs/${encodeURIComponent(id)}`,
    { reason: '人工核查' },
    signal,
  );
}
export function claimPair(id: string) {
  return api.post<MatchPairDto>(`/api/matching/pairs/${encodeURIComponent(id)}/claim`);
}
export function releasePair(id: string) {
  return api.post<MatchPairDto>(`/api/matching/pairs/${encodeURIComponent(id)}/release`);
}
/** Claims the next open pair in scope (the one already held first); null when the queue is done. */
export function claimNextPair(body: { jobId?: string; band?: Band; source?: string; division?: string }) {
  return api.post<{ pair: MatchPairDto | null }>('/api/matching/pairs/next', body);
}
export function completeFollowUp(id: string, note: string) {
  return api.post<FollowUpDto>(`/api/matching/pairs/${encodeURIComponent(id)}/follow-up`, { note });
}
export function decidePair(id: string, decision: Decision, reason: string) {
  return api.post<MatchPairDto>(`/api/matching/pairs/${encodeURIComponent(id)}/decision`, {
    decision,
    reason,
  });
}

export interface FamilySearchRequest {
  name?: string;
  surnameOnly?: boolean;
  sex?: 'male' | 'female';
  age?: { estimate: number; range?: number };
  regionHints?: string[];
  dialect?: string;
  features?: string;
}
export function familySearch(body: FamilySearchRequest) {
  return api.post<{ items: FamilySearchHitDto[]; indexed: number }>('/api/matching/family-search', body);
}
export function createMissingReport(body: Record<string, unknown>) {
  return api.post<MissingReportDto>('/api/matching/missing-reports', body);
}
