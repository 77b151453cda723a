/** API calls of the funeral line's deaths concern (死亡登记、撤销死亡登记、无名遗体). */
import type {
  CaseDeathsDto,
  CaseFlagDto,
  DeathCertificateOutcomeDto,
  DeathLedgerItemDto,
  DeathRevocationDto,
  PoliceConfirmationBody,
  RecordDeathCertificateBody,
  UnidentifiedItemDto,
  UnidentifiedProfileBody,
} from '@social-affairs/kernel/contracts/funeral';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { CaseDeathsDto, CaseFlagDto, DeathLedgerItemDto, DeathRevocationDto, UnidentifiedItemDto };

const caseUrl = (caseId: string) => `/api/funeral/cases/${encodeURIComponent(caseId)}`;

export const deathsApi = {
  ofCase: (caseId: string, signal?: AbortSignal) =>
    api.get<CaseDeathsDto>(`${caseUrl(caseId)}/deaths`, {}, signal),
  recordCertificate: (caseId: string, body: RecordDeathCertificateBody) =>
    api.post<DeathCertificateOutcomeDto>(`${caseUrl(caseId)}/death-certificate`, body),
  policeConfirmation: (caseId: string, body: PoliceConfirmationBody) =>
    api.post<unknown>(`${caseUrl(caseId)}/police-confirmation`, body),
  claimNotice: (caseId: string, body: { startedOn: string; publishedIn?: string | null }) =>
    api.post<unknown>(`${caseUrl(caseId)}/claim-notice`, body),
  markUnclaimed: (caseId: string, body: { reason: string }) =>
    api.post<unknown>(`${caseUrl(caseId)}/unclaimed`, body),
  profile: (caseId: string, body: UnidentifiedProfileBody) =>
    api.post<unknown>(`${caseUrl(caseId)}/unidentified-profile`, body),
  resolveFlag: (caseId: string, flagId: string, body: { resolution: string }) =>
    api.post<CaseFlagDto>(`${caseUrl(caseId)}/flags/${encodeURIComponent(flagId)}/resolve`, body),
  deaths: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: DeathLedgerItemDto[]; total: number }>('/api/funeral/deaths', query, signal),
  unidentified: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: UnidentifiedItemDto[]; total: number }>('/api/funeral/unidentified', query, signal),
  revocations: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: DeathRevocationDto[]; total: number }>('/api/funeral/death-revocations', query, signal),
  requestRevocation: (body: { personId: string; reason: string; evidence?: string | null }) =>
    api.post<DeathRevocationDto>('/api/funeral/death-revocations', body),
  decideRevocation: (id: string, body: { decision: 'approve' | 'reject'; reason: string }) =>
    api.post<DeathRevocationDto>(`/api/funeral/death-revocations/${encodeURIComponent(id)}/decide`, body),
  facilities: (signal?: AbortSignal) =>
    api.get<{ items: { id: string; name: string }[] }>('/api/funeral/facilities', { pageSize: 200 }, signal),
};

export const deathsUrls = {
  deathsExport: (query: QueryParams) => apiUrl('/api/funeral/deaths/export', query),
  unidentifiedExport: (query: QueryParams) => apiUrl('/api/funeral/unidentified/export', query),
};
