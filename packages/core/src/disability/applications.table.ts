/**
 * Tables of the applications concern (migration 0044-disability-applications) as Kysely sees them through
 * CamelCasePlugin: the intake's side facts, the manual exchanges with the national system and the
 * escalations of overdue deadlines (R-DIS-06).
 */
import type {
  ApplicationExchangeKind,
  ApplicationNotifyHow,
} from '@social-affairs/kernel/contracts/disability';

export interface DisabilityApplicationIntakesTable {
  applicationId: string;
  /** The name typed online when it differs from the people index (the township checks identity). */
  nameGiven: string | null;
  /** 1: marked for the national two-subsidy system (non-Hunan hukou or received from another province). */
  nationalExchange: number;
  notifiedHow: ApplicationNotifyHow | null;
  notifyNote: string | null;
  withdrawnOn: string | null;
  withdrawnReason: string | null;
  note: string | null;
}

/** One manual exchange with the national system (跨省通办 is out of reach: dates and references typed). */
export interface DisabilityApplicationExchangesTable {
  id: string;
  applicationId: string;
  kind: ApplicationExchangeKind;
  onDate: string;
  reference: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export type EscalatedStage = 'forward' | 'decide' | 'notify';

/** One escalation of an overdue deadline, recorded once per application and stage by the daily job. */
export interface DisabilityApplicationEscalationsTable {
  id: string;
  applicationId: string;
  stage: EscalatedStage;
  dueOn: string;
  escalatedOn: string;
  /** Whose deadline it was: the window's township (forward, notify) or the hukou division (decide). */
  divisionCode: string;
  at: string;
}

export interface DisabilityApplicationsConcernTables {
  disabilityApplicationIntakes: DisabilityApplicationIntakesTable;
  disabilityApplicationExchanges: DisabilityApplicationExchangesTable;
  disabilityApplicationEscalations: DisabilityApplicationEscalationsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityApplicationsConcernTables {}
}
