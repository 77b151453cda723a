/**
 * Row types of the cemeteries concern (migration 0038-funeral-cemeteries): the plot inventory of a
 * cemetery and who lies in each plot, eco burials with their awards (F8's statistics read
 * `funeral_eco_burials`), and the remediation ledger (整治台账). Dates are `YYYY-MM-DD` text, instants
 * ISO-8601 text, areas integer dm² (1 m² = 100 dm², exact in both databases), money integer fen.
 */
import type {
  EcoBurialKind,
  LocationFlag,
  PlotKind,
  PlotStatus,
  RemediationCategory,
} from '@social-affairs/kernel/contracts/funeral';

/** 墓位: one grave plot (or columbarium niche) of a cemetery, by section, row and number. */
export interface FuneralPlotsTable {
  id: string;
  facilityId: string;
  /** The cemetery's division (scope). */
  divisionCode: string;
  section: string;
  rowNo: number;
  number: number;
  kind: PlotKind;
  /** Area in dm² (R-FUN-08 limits are checked in m²). */
  areaDm2: number;
  status: PlotStatus;
  termFrom: string | null;
  termUntil: string | null;
  holderName: string | null;
  holderPhone: string | null;
  holderPersonId: string | null;
  contractNo: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Who was interred in a plot (one person, one grave): the people-index record and, if any, the case. */
export interface FuneralPlotIntermentsTable {
  id: string;
  plotId: string;
  personId: string;
  caseId: string | null;
  remains: 'ashes' | 'body';
  interredOn: string;
  recordedBy: string;
  recordedAt: string;
}

/** 生态安葬: one per deceased person, with its award (奖补). */
export interface FuneralEcoBurialsTable {
  id: string;
  personId: string;
  deceasedName: string;
  caseId: string | null;
  facilityId: string | null;
  /** Division of the burial (the cemetery's, or the place's): scope and the award rule. */
  divisionCode: string;
  kind: EcoBurialKind;
  buriedOn: string;
  place: string;
  awardFen: number;
  awardBasis: string;
  awardStatus: 'pending' | 'paid' | 'none';
  paidOn: string | null;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** 整治台账: an illegal grave or facility found, its rectification deadline and closure (销号). */
export interface FuneralRemediationFindingsTable {
  id: string;
  category: RemediationCategory;
  /** Township (9) or county (6) where found: scope. */
  divisionCode: string;
  location: string;
  /** Comma-separated R-FUN-07 location flags ('' when none). */
  locationFlags: string;
  facilityId: string | null;
  description: string;
  foundOn: string;
  deadline: string;
  status: 'open' | 'closed';
  closedOn: string | null;
  closureNote: string | null;
  /** Comma-separated attachment ids (owner type `funeral_remediation`) cited as closure evidence. */
  evidenceAttachmentIds: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type { LocationFlag };

export interface FuneralCemeteriesTables {
  funeralPlots: FuneralPlotsTable;
  funeralPlotInterments: FuneralPlotIntermentsTable;
  funeralEcoBurials: FuneralEcoBurialsTable;
  funeralRemediationFindings: FuneralRemediationFindingsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralCemeteriesTables {}
}
