/** API calls of the rescue line's intake concern (求助登记, 不予救助, 救助案件, 在站人员). */
import type {
  RescueCaseViewDto,
  RescueRefusalViewDto,
  RescueResidentViewDto,
} from '@social-affairs/kernel/contracts/rescue';
import { api, apiUrl, type QueryParams } from '../../app/api-client';

export type { RescueCaseViewDto, RescueRefusalViewDto, RescueResidentViewDto };

export interface IntakeOptionsDto {
  stations: {
    id: string;
    name: string;
    divisionCode: string;
    dormitories: { id: string; name: string; sex: 'male' | 'female'; beds: number; occupied: number }[];
  }[];
}

export interface AdmittedDto {
  id: string;
  caseNo: string;
  personId: string;
  identityStatus: 'identified' | 'unidentified' | 'to_verify';
  linkedExistingPerson: boolean;
}

export const intakeApi = {
  options: (signal?: AbortSignal) => api.get<IntakeOptionsDto>('/api/rescue/intake/options', {}, signal),
  admit: (body: unknown) => api.post<AdmittedDto>('/api/rescue/intakes', body),
  refuse: (body: unknown) => api.post<RescueRefusalViewDto>('/api/rescue/refusals', body),
  getCase: (id: string, signal?: AbortSignal) =>
    api.get<RescueCaseViewDto>(`/api/rescue/cases/${encodeURIComponent(id)}`, {}, signal),
  addBelonging: (id: string, body: unknown) =>
    api.post<{ id: string }>(`/api/rescue/cases/${encodeURIComponent(id)}/belongings`, body),
  identify: (id: string, body: { personId: string; reason: string }) =>
    api.post<{ mergeId: string; status: string }>(
      `/api/rescue/cases/${encodeURIComponent(id)}/identify`,
      body,
    ),
  residents: (query: QueryParams, signal?: AbortSignal) =>
    api.get<{ items: RescueResidentViewDto[]; total: number; page: number; pageSize: number }>(
      '/api/rescue/residents',
      query,
      signal,
    ),
};

export const intakeUrls = {
  refusalNotice: (id: string) => `/api/rescue/refusals/${encodeURIComponent(id)}/notice.pdf`,
  residentsExport: (query: QueryParams) => apiUrl('/api/rescue/residents/export', query),
};

export const sexLabels = { male: '男', female: '女' } as const;
export const identityLabels = {
  identified: '身份已核实',
  unidentified: '身份不明',
  to_verify: '待核实',
} as const;
export const identityColors = { identified: 'green', unidentified: 'red', to_verify: 'orange' } as const;
export const caseStatusLabels = {
  in_station: '在站',
  placed: '站外托养',
  in_hospital: '住院',
  departed: '已离站',
  settled: '已落户安置',
  deceased: '已死亡',
} as const;
export const referralLabels = {
  police: '公安机关护送',
  urban_management: '城管护送',
  self: '自行求助',
  public: '群众引导',
  other: '其他',
} as const;
export const capacityLabels = {
  full: '完全民事行为能力',
  limited: '限制民事行为能力',
  none: '无民事行为能力',
} as const;
export const situationLabels = {
  vagrant_begging: '正在流浪或乞讨',
  lost: '走失、迷路',
  job_search_failed: '务工不着、求职无果',
  domestic_violence: '遭受家庭暴力离家',
  stranded_traveller: '在外遇盗抢、失窃等，无力解决食宿',
  other_away_from_home: '其他离家在外、无力解决食宿',
  none: '以上都不是',
} as const;
export const conditionLabels = {
  suspectedMentalDisorder: '疑似精神障碍',
  suspectedInfectiousDisease: '疑似传染病',
  criticalIllness: '危重病',
  visibleInjury: '明显外伤',
  drunkThreatening: '醉酒滋事',
  suspectedDrugUse: '疑似吸毒',
} as const;
export const securityLabels = {
  passed: '安检通过，无违禁物品',
  prohibited_found: '发现违禁/危险物品（已处置）',
  refused: '拒绝安检',
} as const;
