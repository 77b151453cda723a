/** API calls of the disability line's verification concern (比对与复核、清理认定、户籍迁出名单). */
import type {
  AnswerFindingBody,
  CampaignDto,
  CampaignItemDto,
  CampaignSampleBody,
  CompareRunDto,
  ConfirmFindingBody,
  DismissFindingBody,
  FindingDto,
  HukouMoveDto,
  HukouMoveImportReportDto,
  NewCampaignBody,
  SelfCheckBody,
  SpotCheckBody,
  StartComparisonBody,
} from '@social-affairs/kernel/contracts/disability';
import { ApiError, api, apiUrl, type QueryParams } from '../../app/api-client';

export type {
  CampaignDto,
  CampaignItemDto,
  CompareRunDto,
  FindingDto,
  HukouMoveDto,
  HukouMoveImportReportDto,
};

const B = '/api/disability/verification';
const enc = encodeURIComponent;

async function uploadMoves(file: File): Promise<HukouMoveImportReportDto> {
  const res = await fetch(apiUrl(`${B}/hukou-moves/imports`, { fileName: file.name }), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
    body: file,
  });
  const body = (await res.json().catch(() => undefined)) as
    | HukouMoveImportReportDto
    | { error?: { code: string; message: string; details?: Record<string, unknown> } }
    | undefined;
  if (res.ok) return body as HukouMoveImportReportDto;
  const e = (body as { error?: { code: string; message: string; details?: Record<string, unknown> } })?.error;
  throw new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? '导入失败，请稍后重试',
    e?.details ?? {},
  );
}

export const verificationApi = {
  runs: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: CompareRunDto[]; total: number }>(`${B}/runs`, query, signal),
  startRun: (body: StartComparisonBody) => api.post<CompareRunDto>(`${B}/runs`, body),
  findings: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: FindingDto[]; total: number }>(`${B}/findings`, query, signal),
  finding: (id: string, signal?: AbortSignal) => api.get<FindingDto>(`${B}/findings/${enc(id)}`, {}, signal),
  answer: (id: string, body: AnswerFindingBody) =>
    api.post<FindingDto>(`${B}/findings/${enc(id)}/answer`, body),
  confirm: (id: string, body: ConfirmFindingBody) =>
    api.post<FindingDto>(`${B}/findings/${enc(id)}/confirm`, body),
  dismiss: (id: string, body: DismissFindingBody) =>
    api.post<FindingDto>(`${B}/findings/${enc(id)}/dismiss`, body),
  moves: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: HukouMoveDto[]; total: number }>(`${B}/hukou-moves`, query, signal),
  uploadMoves,
  campaigns: (signal?: AbortSignal) => api.get<{ items: CampaignDto[] }>(`${B}/campaigns`, {}, signal),
  createCampaign: (body: NewCampaignBody) => api.post<CampaignDto>(`${B}/campaigns`, body),
  sample: (id: string, body: CampaignSampleBody) =>
    api.post<CampaignDto>(`${B}/campaigns/${enc(id)}/sample`, body),
  items: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: CampaignItemDto[]; total: number }>(`${B}/campaign-items`, query, signal),
  selfCheck: (id: string, body: SelfCheckBody) =>
    api.post<CampaignItemDto>(`${B}/campaign-items/${enc(id)}/self-check`, body),
  spotCheck: (id: string, body: SpotCheckBody) =>
    api.post<CampaignItemDto>(`${B}/campaign-items/${enc(id)}/spot-check`, body),
};

export const verificationUrls = {
  findingsExport: (query: QueryParams) => apiUrl(`${B}/findings/export`, query),
  itemsExport: (query: QueryParams) => apiUrl(`${B}/campaign-items/export`, query),
  template: `${B}/hukou-moves/import-template.xlsx`,
  report: (runId: string) => `${B}/hukou-moves/imports/${enc(runId)}/report.xlsx`,
};
