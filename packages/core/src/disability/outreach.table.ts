/**
 * Row types of the outreach concern (政策找人 / 数据找人, migration 0049-disability-outreach) as Kysely sees
 * them through CamelCasePlugin: the reminders pushed to the township of a person's hukou when the registries
 * show the person eligible for a subsidy but neither receiving nor applying for it.
 */
import type { Subsidy } from './disability.table';

/** Why the person was found: a newly issued certificate, a new 低保 membership, or simply still unserved. */
export type OutreachTrigger = 'new_certificate' | 'new_dibao' | 'standing';
export const OUTREACH_TRIGGER_LABELS: Record<OutreachTrigger, string> = {
  new_certificate: '新办（新导入）残疾人证',
  new_dibao: '新纳入低保',
  standing: '符合条件未享受',
};

/** open → done (an outcome recorded by the worker) or lapsed (the next refresh no longer finds the person). */
export type OutreachStatus = 'open' | 'done' | 'lapsed';
export const OUTREACH_STATUS_LABELS: Record<OutreachStatus, string> = {
  open: '待跟进',
  done: '已反馈',
  lapsed: '已自动销号',
};

export type OutreachOutcome = 'applied' | 'not_eligible' | 'refused' | 'unreachable' | 'moved';
export const OUTREACH_OUTCOMES = [
  'applied',
  'not_eligible',
  'refused',
  'unreachable',
  'moved',
] as const satisfies readonly OutreachOutcome[];
export const OUTREACH_OUTCOME_LABELS: Record<OutreachOutcome, string> = {
  applied: '已引导申请',
  not_eligible: '经核实不符合条件',
  refused: '本人不愿申请',
  unreachable: '联系不上',
  moved: '已迁出或不在本地',
};

/** One reminder: one person, one subsidy; at most one open per person and subsidy (partial unique index). */
export interface DisabilityOutreachRemindersTable {
  id: string;
  personId: string;
  /** The subsidy the person appears eligible for and does not receive (the reminder's kind). */
  subsidy: Subsidy;
  foundBy: OutreachTrigger;
  certificateId: string | null;
  /** The person's hukou division from the people index (township when known, else county): the scope. */
  divisionCode: string;
  countyCode: string;
  /** Day of the refresh that first found the person. */
  foundOn: string;
  /** The refresh run that created it. */
  runId: string;
  status: OutreachStatus;
  outcome: OutreachOutcome | null;
  outcomeNote: string | null;
  /** The application the person made (outcome `applied`). */
  applicationId: string | null;
  outcomeOn: string | null;
  outcomeBy: string | null;
  /** Day a refresh closed it without an outcome (the person receives, applies, died, moved…). */
  lapsedOn: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One run of the refresh (monthly job or on demand by a county): what it found and closed. */
export interface DisabilityOutreachRunsTable {
  id: string;
  /** Division refreshed (county 6 digits; `43` province-wide for the job). */
  divisionCode: string;
  ranOn: string;
  created: number;
  lapsed: number;
  stillOpen: number;
  actorId: string;
  startedAt: string;
  finishedAt: string;
}

export interface OutreachTables {
  disabilityOutreachReminders: DisabilityOutreachRemindersTable;
  disabilityOutreachRuns: DisabilityOutreachRunsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends OutreachTables {}
}
