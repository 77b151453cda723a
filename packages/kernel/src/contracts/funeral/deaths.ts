/**
 * Contracts of the funeral line's deaths concern (issue 17 items 3–4, ADR 0028): the 居民死亡医学证明
 * recorded on a case (→ people index), revocation requests (被死亡), the case tab 身份与认领, unidentified
 * and unclaimed bodies (police confirmation, notice, description for the family search) and the two
 * ledgers (死亡登记, 无名遗体). Shared by server and UI; the rules are the service's.
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';
import { sortParam } from '../sort';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(64);

export const DEATH_OUTCOME_LABELS = {
  recorded: '已推送人员库（登记死亡）',
  already_recorded: '人员库已有相同死亡登记',
  merge_proposed: '已提出人员合并，待审核',
} as const;
export const DEATH_IDENTIFIER_KIND_LABELS = {
  legacy: '旧版死亡医学证明书编号',
  resident_id: '公民身份号码',
  credit_code: '统一社会信用代码+年度流水号',
} as const;
export const DEATH_REVOCATION_STATUS_LABELS = {
  requested: '待审核',
  approved: '已撤销',
  rejected: '已驳回',
} as const;
export const FUNERAL_FLAG_KIND_LABELS = {
  death_revoked: '死亡登记已撤销，待复核',
  family_claim: '寻亲候选已确认，待联系家属认领',
  payer_review: '身份已确认，费用承担方待核定',
  death_date_conflict: '死亡日期与人员库登记不一致，待核实',
} as const;

export const recordDeathCertificateBody = z.object({
  number: text(40).describe(
    '证明编号：2026-07-01起签发的为逝者公民身份号码，无名遗体为签发机构统一社会信用代码+4位年度流水号；此前签发的为原死亡医学证明书编号',
  ),
  issuer: text(100).describe('签发机构'),
  issuedOn: plainDateSchema.describe('签发日期（决定适用哪一版编号规则）'),
  deathDate: plainDateSchema.nullish().describe('证明载明的死亡日期（缺省为遗体档案的死亡日期）'),
  decedentName: optionalText(40).describe('证明载明的逝者姓名（其公民身份号码尚未在人员库中时必填）'),
  attachmentId: id.nullish().describe('证明扫描件（附件编号）'),
  note: optionalText(200),
});
export type RecordDeathCertificateBody = z.input<typeof recordDeathCertificateBody>;

export const deathCertificateOutcomeView = z.object({
  documentId: z.string(),
  registrationId: z.string(),
  outcome: z.enum(['recorded', 'already_recorded', 'merge_proposed']),
  era: z.enum(['before_2026', 'from_2026']),
  mergeId: z.string().nullable(),
});
export type DeathCertificateOutcomeDto = z.infer<typeof deathCertificateOutcomeView>;

export const deathRevocationView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  deathDate: z.string(),
  divisionCode: z.string(),
  reason: z.string(),
  evidence: z.string().nullable(),
  status: z.enum(['requested', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type DeathRevocationDto = z.infer<typeof deathRevocationView>;

export const requestDeathRevocationBody = z.object({
  personId: id,
  reason: text(500).describe('撤销理由（如：本人健在，系遗体身份认定错误）'),
  evidence: optionalText(500).describe('证明材料（如：派出所户籍核实函）'),
});
export const decideDeathRevocationBody = z.object({
  decision: z.enum(['approve', 'reject']).describe('approve 批准撤销；reject 驳回'),
  reason: text(500).describe('审核意见'),
});
export const deathRevocationsQuery = z.object({
  status: z.enum(['requested', 'approved', 'rejected']).optional(),
});

export const readinessView = z.object({
  applies: z.boolean(),
  policeConfirmed: z.boolean(),
  photo: z.boolean(),
  dnaOrFingerprint: z.boolean(),
  noticeStartedOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  noticeDaysLeft: z.number().nullable(),
  noticeEnded: z.boolean(),
  payer: z.enum(['family', 'county_finance']),
  missing: z.array(z.string()),
  ready: z.boolean(),
});
export type UnidentifiedReadinessDto = z.infer<typeof readinessView>;

export const caseFlagView = z.object({
  id: z.string(),
  kind: z.enum(['death_revoked', 'family_claim', 'payer_review', 'death_date_conflict']),
  note: z.string(),
  status: z.enum(['open', 'resolved']),
  createdAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type CaseFlagDto = z.infer<typeof caseFlagView>;

export const unidentifiedProfileView = z.object({
  caseId: z.string(),
  heightCm: z.number().nullable(),
  features: z.string().nullable(),
  clothing: z.string().nullable(),
  foundPlace: z.string().nullable(),
  foundOn: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export const caseDeathsView = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  unclaimed: z.boolean(),
  payer: z.enum(['family', 'county_finance']),
  person: z.object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['alive', 'deceased']),
    deathDate: z.string().nullable(),
  }),
  registrations: z.array(
    z.object({
      id: z.string(),
      deathDate: z.string(),
      era: z.enum(['before_2026', 'from_2026']),
      identifierKind: z.enum(['legacy', 'resident_id', 'credit_code']),
      outcome: z.enum(['recorded', 'already_recorded', 'merge_proposed']),
      mergeId: z.string().nullable(),
      status: z.enum(['active', 'revoked']),
      recordedBy: z.string(),
      recordedAt: z.string(),
      certificateNumber: z.string().nullable(),
      issuer: z.string().nullable(),
      issuedOn: z.string().nullable(),
    }),
  ),
  flags: z.array(caseFlagView),
  revocations: z.array(deathRevocationView),
  readiness: readinessView,
  profile: unidentifiedProfileView.nullable(),
  inFamilySearch: z.boolean(),
});
export type CaseDeathsDto = z.infer<typeof caseDeathsView>;

export const resolveCaseFlagBody = z.object({ resolution: text(500).describe('处理情况') });

export const policeConfirmationBody = z.object({
  number: text(60).describe('公安机关确认书编号'),
  issuer: text(100).describe('出具确认的公安机关'),
  confirmedOn: plainDateSchema,
  attachmentId: id.nullish(),
  note: optionalText(200),
});
export type PoliceConfirmationBody = z.input<typeof policeConfirmationBody>;
export const claimNoticeBody = z.object({
  startedOn: plainDateSchema.describe('公告发布日期'),
  publishedIn: optionalText(100).describe('公告发布渠道（报刊、网站）'),
});
export const markUnclaimedBody = z.object({ reason: text(200).describe('无人认领的情况说明') });
export const unidentifiedProfileBody = z.object({
  heightCm: z.number().int().min(30).max(250).nullish(),
  features: optionalText(500).describe('体貌特征（如：左手缺小指、左眉有痣）'),
  clothing: optionalText(200),
  foundPlace: optionalText(200),
  foundOn: plainDateSchema.nullish(),
});
export type UnidentifiedProfileBody = z.input<typeof unidentifiedProfileBody>;
export const funeralCaseBriefView = z.object({
  id: z.string(),
  caseNo: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  unclaimed: z.number(),
  payer: z.enum(['family', 'county_finance']),
  policeConfirmedAt: z.string().nullable(),
  noticeStartedOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
});

export const UNIDENTIFIED_SORT_LABELS = {
  createdAt: '登记时间',
  noticeEndsOn: '公告届满日',
  deathDate: '死亡日期',
  caseNo: '档案编号',
} as const;
export const unidentifiedQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(60).optional().describe('档案编号、遗体码或姓名'),
  facilityId: id.optional(),
  state: z.enum(['open', 'closed']).optional().describe('open 在馆；closed 已办结'),
  notice: z.enum(['not_started', 'running', 'ended']).optional().describe('认领公告：未发布、公告中、已届满'),
  sort: sortParam(['createdAt', 'noticeEndsOn', 'deathDate', 'caseNo'], UNIDENTIFIED_SORT_LABELS),
});
export type UnidentifiedQueryDto = z.input<typeof unidentifiedQuery>;
export const unidentifiedItemView = z.object({
  id: z.string(),
  caseNo: z.string(),
  facilityId: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  nameGiven: z.string().nullable(),
  sex: z.enum(['male', 'female', 'unknown']),
  estimatedAge: z.number().nullable(),
  deathDate: z.string().nullable(),
  deathPlace: z.string(),
  step: z.string(),
  unclaimed: z.boolean(),
  readiness: readinessView,
  candidates: z.number().nullable(),
});
export type UnidentifiedItemDto = z.infer<typeof unidentifiedItemView>;

export const DEATH_SORT_LABELS = {
  recordedAt: '登记时间',
  deathDate: '死亡日期',
  caseNo: '档案编号',
} as const;
export const deathsQuery = z.object({
  division: divisionCodeSchema.optional(),
  q: z.string().trim().max(60).optional().describe('档案编号或姓名'),
  status: z.enum(['active', 'revoked']).optional(),
  outcome: z.enum(['recorded', 'already_recorded', 'merge_proposed']).optional(),
  from: plainDateSchema.optional().describe('死亡日期起'),
  to: plainDateSchema.optional().describe('死亡日期止'),
  sort: sortParam(['recordedAt', 'deathDate', 'caseNo'], DEATH_SORT_LABELS),
});
export type DeathsQueryDto = z.input<typeof deathsQuery>;
export const deathLedgerItemView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  personId: z.string(),
  name: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  deathDate: z.string(),
  era: z.enum(['before_2026', 'from_2026']),
  identifierKind: z.enum(['legacy', 'resident_id', 'credit_code']),
  certificateNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  outcome: z.enum(['recorded', 'already_recorded', 'merge_proposed']),
  mergeId: z.string().nullable(),
  status: z.enum(['active', 'revoked']),
  personStatus: z.enum(['alive', 'deceased']),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type DeathLedgerItemDto = z.infer<typeof deathLedgerItemView>;
