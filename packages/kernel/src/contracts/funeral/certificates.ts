/**
 * Contracts of the funeral line's certificates concern (F3): the cremation certificate (火化证明) with its
 * lifecycle (issued → collected → registered → archived; cancelled; re-issue 补发/换发) and the out-of-area
 * transport of remains (遗体外运, R-FUN-03, R-FUN-13) decided on the platform approval engine. Shared by the
 * API and the web app; the rules are the service's (packages/core/src/funeral/certificates.service.ts,
 * transport.service.ts).
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();

// ----- cremation certificates (火化证明) -----

export const CREMATION_CERTIFICATE_STATUSES = [
  'issued',
  'collected',
  'registered',
  'archived',
  'cancelled',
] as const;
export const cremationCertificateStatusSchema = z
  .enum(CREMATION_CERTIFICATE_STATUSES)
  .describe(
    'issued 已出具；collected 已领取；registered 已登记（户籍注销）；archived 已归档；cancelled 已作废',
  );
export type CremationCertificateStatus = z.infer<typeof cremationCertificateStatusSchema>;

export const CREMATION_CERTIFICATE_STATUS_LABELS: Record<CremationCertificateStatus, string> = {
  issued: '已出具',
  collected: '已领取',
  registered: '已登记',
  archived: '已归档',
  cancelled: '已作废',
};

/** Why a certificate is re-issued: lost 遗失补发; damaged 损毁换发; error 信息有误换发. */
export const CERTIFICATE_REISSUE_REASONS = ['lost', 'damaged', 'error'] as const;
export const certificateReissueReasonSchema = z
  .enum(CERTIFICATE_REISSUE_REASONS)
  .describe('lost 遗失补发；damaged 损毁换发；error 信息有误换发');
export type CertificateReissueReason = z.infer<typeof certificateReissueReasonSchema>;
export const CERTIFICATE_REISSUE_REASON_LABELS: Record<CertificateReissueReason, string> = {
  lost: '遗失补发',
  damaged: '损毁换发',
  error: '信息有误换发',
};

/** Actions of the lifecycle as recorded in the history (`funeral_certificate_events`). */
export const CERTIFICATE_ACTIONS = ['issue', 'collect', 'register', 'archive', 'cancel', 'reissue'] as const;
export type CertificateAction = (typeof CERTIFICATE_ACTIONS)[number];
export const CERTIFICATE_ACTION_LABELS: Record<CertificateAction, string> = {
  issue: '出具',
  collect: '领取',
  register: '登记（户籍注销）',
  archive: '归档',
  cancel: '作废',
  reissue: '补发/换发',
};

export const issueCertificateBody = z.object({
  /** Date of cremation when the chain of custody holds no 火化 event (a case migrated from paper). */
  crematedOn: plainDateSchema.nullish(),
  note: optionalText(200),
});
export type IssueCertificateBody = z.infer<typeof issueCertificateBody>;

export const collectCertificateBody = z.object({
  collectorName: text(40),
  /** 与逝者关系, e.g. 子女; 经办人 when the case's agent collects. */
  collectorRelation: text(20),
  /** Checked against the id card; stored masked and keyed, never in full. */
  collectorResidentId: z.string().trim().min(15).max(18),
  note: optionalText(200),
});
export type CollectCertificateBody = z.infer<typeof collectCertificateBody>;

export const registerCertificateBody = z.object({
  /** 登记机关: the police station (户籍注销) or other office the certificate was used at. */
  office: text(60),
  registeredOn: plainDateSchema,
  note: optionalText(200),
});
export type RegisterCertificateBody = z.infer<typeof registerCertificateBody>;

export const archiveCertificateBody = z.object({ note: optionalText(200) });
export const cancelCertificateBody = z.object({ reason: text(200) });
export const reissueCertificateBody = z.object({
  reason: certificateReissueReasonSchema,
  note: optionalText(200),
});
export type ReissueCertificateBody = z.infer<typeof reissueCertificateBody>;

export const cremationCertificateView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  divisionCode: z.string(),
  number: z.string(),
  status: cremationCertificateStatusSchema,
  statusLabel: z.string(),
  /** Name of the decedent, or 无名 for an unidentified body. */
  deceasedName: z.string(),
  identified: z.boolean(),
  deathDate: z.string().nullable(),
  crematedOn: z.string(),
  issuedOn: z.string(),
  issuedBy: z.string(),
  collectorName: z.string().nullable(),
  collectorRelation: z.string().nullable(),
  collectorResidentIdMasked: z.string().nullable(),
  collectedAt: z.string().nullable(),
  registeredOffice: z.string().nullable(),
  registeredOn: z.string().nullable(),
  archivedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** The certificate this one replaces (补发/换发), with its number. */
  replacesId: z.string().nullable(),
  replacesNumber: z.string().nullable(),
  reissueReason: certificateReissueReasonSchema.nullable(),
  /** Actions allowed in this status (collect, register, archive, cancel, reissue). */
  actions: z.array(z.enum(CERTIFICATE_ACTIONS)),
});
export type CremationCertificateView = z.infer<typeof cremationCertificateView>;

export const certificateEventView = z.object({
  id: z.string(),
  certificateId: z.string(),
  number: z.string(),
  action: z.enum(CERTIFICATE_ACTIONS),
  actionLabel: z.string(),
  fromStatus: cremationCertificateStatusSchema.nullable(),
  toStatus: cremationCertificateStatusSchema,
  at: z.string(),
  /** By display name. */
  actor: z.string(),
  note: z.string().nullable(),
});
export type CertificateEventView = z.infer<typeof certificateEventView>;

export const certificateReissueView = z.object({
  id: z.string(),
  oldCertificateId: z.string(),
  oldNumber: z.string(),
  newCertificateId: z.string(),
  newNumber: z.string(),
  reason: certificateReissueReasonSchema,
  reasonLabel: z.string(),
  note: z.string().nullable(),
  at: z.string(),
  actor: z.string(),
});
export type CertificateReissueView = z.infer<typeof certificateReissueView>;

// ----- transport of remains out of the area (遗体外运) -----

export const TRANSPORT_REQUEST_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'withdrawn',
  'departed',
] as const;
export const transportRequestStatusSchema = z
  .enum(TRANSPORT_REQUEST_STATUSES)
  .describe('pending 审批中；approved 已批准；rejected 未批准；withdrawn 已撤回；departed 已外运');
export type TransportRequestStatus = z.infer<typeof transportRequestStatusSchema>;
export const TRANSPORT_REQUEST_STATUS_LABELS: Record<TransportRequestStatus, string> = {
  pending: '审批中',
  approved: '已批准，待起运',
  rejected: '未批准',
  withdrawn: '已撤回',
  departed: '已外运',
};

/** 户籍地县级民政部门证明: recorded as the case document `home_county_certificate`. */
export const homeCountyCertificateInput = z.object({
  number: text(60),
  /** Issuing department, e.g. 衡阳县民政局. */
  issuer: text(60),
  issuedOn: plainDateSchema,
  /** Scan in the attachment store (owner type funeral_case), if any. */
  attachmentId: z.string().max(64).nullish(),
});

export const requestTransportBody = z.object({
  /** Destination county (6 digits; its province follows from the code). */
  destinationDivisionCode: divisionCodeSchema,
  destinationAddress: text(120),
  reason: text(200),
  /** Omitted when the case already holds a valid 户籍地证明. */
  homeCountyCertificate: homeCountyCertificateInput.nullish(),
  carrier: optionalText(60),
  note: optionalText(200),
});
export type RequestTransportBody = z.infer<typeof requestTransportBody>;
/** The body as sent (dates as typed strings). */
export type RequestTransportInput = z.input<typeof requestTransportBody>;

export const departTransportBody = z.object({
  /** FUN Art.13(1): the body has had hygiene treatment (卫生处理) before it leaves. */
  hygieneDone: z.boolean(),
  vehicle: optionalText(40),
  note: optionalText(200),
});
export type DepartTransportBody = z.infer<typeof departTransportBody>;

export const transportRequestView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  deceasedName: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  divisionCode: z.string(),
  /** County of death: its civil-affairs department approves. */
  deathCountyCode: z.string(),
  destinationDivisionCode: z.string(),
  destinationName: z.string(),
  destinationAddress: z.string(),
  reason: z.string(),
  carrier: z.string().nullable(),
  status: transportRequestStatusSchema,
  statusLabel: z.string(),
  approvalId: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  homeCountyCertificateNumber: z.string().nullable(),
  deathPlaceApprovalNumber: z.string().nullable(),
  hygieneDone: z.boolean(),
  departedAt: z.string().nullable(),
  requestedOn: z.string(),
  requestedBy: z.string(),
});
export type TransportRequestView = z.infer<typeof transportRequestView>;

/** The case tab 火化证明与外运: what the case holds and what may be done next. */
export const certificatesCaseView = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  step: z.string(),
  disposition: z.string().nullable(),
  /** null when a certificate may be issued now; else the Chinese reason. */
  issueBlocker: z.string().nullable(),
  certificates: z.array(cremationCertificateView),
  history: z.array(certificateEventView),
  reissues: z.array(certificateReissueView),
  transport: z.object({
    requests: z.array(transportRequestView),
    /** null when a request may be submitted now; else the Chinese reason. */
    requestBlocker: z.string().nullable(),
    checklist: z.array(
      z.object({
        kind: z.enum(['home_county_certificate', 'death_place_approval']),
        label: z.string(),
        present: z.boolean(),
        number: z.string().nullable(),
      }),
    ),
  }),
});
export type CertificatesCaseView = z.infer<typeof certificatesCaseView>;

export const CERTIFICATE_SORT_FIELDS = ['issuedOn', 'number', 'crematedOn'] as const;
export const CERTIFICATE_SORT_LABELS = {
  issuedOn: '出具日期',
  number: '证明编号',
  crematedOn: '火化日期',
} as const;

export const certificatesQuery = z.object({
  status: cremationCertificateStatusSchema.optional(),
  facilityId: z.string().max(64).optional(),
  division: divisionCodeSchema.optional(),
  from: plainDateSchema.optional().describe('出具日期起'),
  to: plainDateSchema.optional().describe('出具日期止'),
  q: z.string().trim().max(50).optional().describe('证明编号、遗体档案号或逝者姓名'),
  /** 默认：出具日期倒序。 */
  sort: sortParam(CERTIFICATE_SORT_FIELDS, CERTIFICATE_SORT_LABELS),
});
export type CertificatesQuery = z.infer<typeof certificatesQuery>;

export const TRANSPORT_SORT_FIELDS = ['requestedOn', 'caseNo', 'status'] as const;
export const TRANSPORT_SORT_LABELS = {
  requestedOn: '申请日期',
  caseNo: '遗体档案号',
  status: '状态',
} as const;

export const transportRequestsQuery = z.object({
  status: transportRequestStatusSchema.optional(),
  facilityId: z.string().max(64).optional(),
  division: divisionCodeSchema.optional(),
  from: plainDateSchema.optional().describe('申请日期起'),
  to: plainDateSchema.optional().describe('申请日期止'),
  q: z.string().trim().max(50).optional().describe('遗体档案号或逝者姓名'),
  sort: sortParam(TRANSPORT_SORT_FIELDS, TRANSPORT_SORT_LABELS),
});
export type TransportRequestsQuery = z.infer<typeof transportRequestsQuery>;
