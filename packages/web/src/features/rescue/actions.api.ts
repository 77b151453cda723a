/** API calls of the rescue line's prescribed actions concern (七个规定动作, 期限看板, 寻亲公告). */
import type {
  LogRescueActionBody,
  RescueActionEntryDto,
  RescueBoardDto,
  RescueCaseActionStatusDto,
  RescueDueItemDto,
  RescueStepStatusDto,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiUrl } from '../../app/api-client';

export type {
  LogRescueActionBody,
  RescueActionEntryDto,
  RescueBoardDto,
  RescueCaseActionStatusDto,
  RescueDueItemDto,
  RescueStepStatusDto,
};

export const actionsApi = {
  board: (stationId: string | undefined, signal?: AbortSignal) =>
    api.get<RescueBoardDto>('/api/rescue/board', { stationId }, signal),
  caseActions: (caseId: string, signal?: AbortSignal) =>
    api.get<RescueCaseActionStatusDto>(`/api/rescue/cases/${encodeURIComponent(caseId)}/actions`, {}, signal),
  log: (caseId: string, body: LogRescueActionBody) =>
    api.post<RescueActionEntryDto>(`/api/rescue/cases/${encodeURIComponent(caseId)}/actions`, body),
  issueNotice: (caseId: string) =>
    api.post<{ id: string; number: string; issuedAt: string }>(
      `/api/rescue/cases/${encodeURIComponent(caseId)}/search-notices`,
    ),
};

export const searchNoticeUrl = (caseId: string, noticeId?: string) =>
  apiUrl(`/api/rescue/cases/${encodeURIComponent(caseId)}/search-notice.pdf`, { noticeId });
