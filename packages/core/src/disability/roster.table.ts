/**
 * Tables of the roster concern (migration 0046-disability-roster, ADR 0032), as Kysely sees them through
 * CamelCasePlugin: the rates a frozen roster applied (one row per tier found in the county), each
 * township's part of a roster with its totals, and the sign-offs (township confirmations, the county's
 * signature). The roster months and lines themselves are the shared core's (disability.table.ts); this
 * concern adds `paid_through_month` to the lines.
 */

/** The standard one tier of recipients was paid in a frozen roster (null amount: no standard configured). */
export interface DisabilityRosterRatesTable {
  rosterId: string;
  /** Hukou township (9) or county (6) of the recipients. */
  divisionCode: string;
  subsidy: 'living' | 'care';
  /** Certificate category / grade (0: no certificate on the entitlement). */
  category: number;
  grade: number;
  /** `none`, `dibao` or `tekun` (only when the county's standards of the year are tiered by hardship). */
  hardship: string;
  /** Monthly amount in fen; null when no standard applies (the lines are flagged, never guessed). */
  monthlyFen: number | null;
  standardId: string | null;
  /** 1 when the standard was below the provincial floor and the floor was paid (R-DIS-08). */
  raisedToFloor: number;
}

/** One township's (or the county's own) part of a frozen roster, with its totals at freeze time. */
export interface DisabilityRosterPartsTable {
  rosterId: string;
  divisionCode: string;
  /** Every line of the part (paid, stopped and flagged). */
  lines: number;
  /** Lines paying at least one month. */
  paidLines: number;
  totalFen: number;
  /** Lines with no standard configured (paid nothing this month; owed as arrears once a standard exists). */
  unpricedLines: number;
}

export type RosterSignoffLevel = 'township' | 'county';
export const ROSTER_SIGNOFF_LEVEL_LABELS: Record<RosterSignoffLevel, string> = {
  township: '乡镇（街道）确认',
  county: '县级民政签批',
};

/** Who confirmed (a township) or signed (the county) a roster, and when. One per level and division. */
export interface DisabilityRosterSignoffsTable {
  id: string;
  rosterId: string;
  level: RosterSignoffLevel;
  divisionCode: string;
  actorId: string | null;
  actorName: string;
  at: string;
  note: string | null;
}

export interface RosterTables {
  disabilityRosterRates: DisabilityRosterRatesTable;
  disabilityRosterParts: DisabilityRosterPartsTable;
  disabilityRosterSignoffs: DisabilityRosterSignoffsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RosterTables {}
}

declare module './disability.table' {
  interface DisabilityRosterLinesTable {
    /**
     * The last month paid for the entitlement as of this roster (this line's months included): the next
     * roster pays from the month after it. Null when nothing has been paid yet. Added by 0046.
     */
    paidThroughMonth: string | null;
  }
}
