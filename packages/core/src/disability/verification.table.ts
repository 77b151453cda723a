/**
 * Tables of the disability line's verification concern (migration 0048-disability-verification):
 * comparison runs, their findings (the review queue), the hukou move-out list imported from public
 * security, and re-verification campaigns (清理认定) with one item per open entitlement. Same conventions
 * as disability.table.ts (dates text, booleans 0/1, statuses CHECK-constrained).
 */
import type { StopReason, Subsidy } from './disability.table';

/** What a comparison (or a campaign) found about an open entitlement. */
export type FindingKind = 'death' | 'dibao_ended' | 'tekun' | 'certificate' | 'moved_out' | 'campaign';
export const FINDING_KINDS = [
  'death',
  'dibao_ended',
  'tekun',
  'certificate',
  'moved_out',
  'campaign',
] as const satisfies readonly FindingKind[];
export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  death: '死亡',
  dibao_ended: '退出低保',
  tekun: '纳入特困供养',
  certificate: '残疾人证状态异常',
  moved_out: '户籍迁出',
  campaign: '清理认定发现问题',
};

/** open (the township answers) → answered (the county decides) → confirmed | dismissed. */
export type FindingStatus = 'open' | 'answered' | 'confirmed' | 'dismissed';
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: '待乡镇核实',
  answered: '待县级复核',
  confirmed: '已确认停发',
  dismissed: '已排除',
};

export type FindingSource =
  | 'people_index'
  | 'assistance_roll'
  | 'certificate_register'
  | 'hukou_move_list'
  | 'self_check'
  | 'spot_check';
export const FINDING_SOURCE_LABELS: Record<FindingSource, string> = {
  people_index: '人员信息库',
  assistance_roll: '社会救助名单（低保/特困）',
  certificate_register: '残疾人证登记库',
  hukou_move_list: '公安户籍迁出名单',
  self_check: '乡镇自查',
  spot_check: '第三方抽查',
};

export interface DisabilityCompareRunsTable {
  id: string;
  countyCode: string;
  /** `YYYY-MM` the run is for (the monthly job runs once per county and month). */
  month: string;
  /** Day the registries were compared on. */
  comparedOn: string;
  runTrigger: 'job' | 'manual';
  status: 'completed' | 'failed';
  entitlementsChecked: number;
  /** Findings new in this run, per kind (JSON object kind → count). */
  countsJson: string;
  newFindings: number;
  /** Findings that were already open (or already decided for the same event) and not repeated. */
  alreadyKnown: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string;
}

export interface DisabilityFindingsTable {
  id: string;
  entitlementId: string;
  personId: string;
  subsidy: Subsidy;
  /** The entitlement's township (9) or county (6): the scope. */
  divisionCode: string;
  countyCode: string;
  kind: FindingKind;
  /** Reason code a confirmation stops the entitlement with (R-DIS-07). */
  reasonCode: StopReason;
  /** Day of the event (death, 低保 end, certificate status day, move-out); the stop is from the month after. */
  eventDate: string;
  source: FindingSource;
  /** The record of the source (membership, certificate, hukou move row, campaign item…). */
  sourceId: string | null;
  /** Evidence as JSON (what the source said: dates, status, names, match score). */
  evidenceJson: string;
  /** 1 when the person was matched by name + birth date (no resident id): a fuzzy match. */
  fuzzy: number;
  /** Match score 0–100 for fuzzy matches. */
  matchScore: number | null;
  status: FindingStatus;
  /** `entitlementId:kind` while open or answered, null once decided: one open finding per kind. */
  openKey: string | null;
  runId: string | null;
  campaignId: string | null;
  foundOn: string;
  /** Township self-check due (working days after `foundOn`, kernel calendar). */
  answerDueOn: string;
  dueProvisional: number;
  answer: string | null;
  answerEvidence: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** 公安户籍迁出名单: one row of a hukou move-out list. */
export interface DisabilityHukouMovesTable {
  id: string;
  residentId: string | null;
  name: string;
  birthDate: string | null;
  movedOutOn: string;
  destination: string;
  /** Destination division code when the list gives one. */
  destinationCode: string | null;
  /** County (6 digits) of the importer: the list's scope. */
  countyCode: string;
  personId: string | null;
  /** How the row was linked to the people index. */
  matchedBy: 'resident_id' | 'fuzzy' | 'none';
  matchScore: number | null;
  /** Natural key (id or name + birth date, with the day moved out) within the county. */
  naturalKey: string;
  importRunId: string | null;
  createdAt: string;
}

export type CampaignStatus = 'open' | 'closed';

/** 清理认定: re-verification of every open entitlement of a division by a deadline. */
export interface DisabilityCampaignsTable {
  id: string;
  name: string;
  divisionCode: string;
  deadline: string;
  note: string | null;
  status: CampaignStatus;
  /** The spot-check draw: seed, and the size asked (percent or count per county). */
  sampleSeed: string | null;
  samplePercent: number | null;
  sampleCount: number | null;
  sampledAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type SelfCheckResult = 'pending' | 'verified' | 'problem';
export const SELF_CHECK_LABELS: Record<SelfCheckResult, string> = {
  pending: '待自查',
  verified: '核实无误',
  problem: '发现问题',
};
export type SpotCheckResult = 'consistent' | 'inconsistent';
export const SPOT_CHECK_LABELS: Record<SpotCheckResult, string> = {
  consistent: '一致',
  inconsistent: '不一致',
};

export interface DisabilityCampaignItemsTable {
  id: string;
  campaignId: string;
  entitlementId: string;
  personId: string;
  subsidy: Subsidy;
  divisionCode: string;
  countyCode: string;
  selfCheck: SelfCheckResult;
  selfCheckNote: string | null;
  selfCheckedBy: string | null;
  selfCheckedAt: string | null;
  sampled: number;
  spotResult: SpotCheckResult | null;
  spotNote: string | null;
  spotCheckedBy: string | null;
  spotCheckedAt: string | null;
  findingId: string | null;
  version: number;
}

export interface DisabilityVerificationTables {
  disabilityCompareRuns: DisabilityCompareRunsTable;
  disabilityFindings: DisabilityFindingsTable;
  disabilityHukouMoves: DisabilityHukouMovesTable;
  disabilityCampaigns: DisabilityCampaignsTable;
  disabilityCampaignItems: DisabilityCampaignItemsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityVerificationTables {}
}
