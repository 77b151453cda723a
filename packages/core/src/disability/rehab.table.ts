/**
 * Tables of the rehabilitation and devices concern (migration 0050-disability-rehab), as Kysely sees them
 * through CamelCasePlugin: community mental-health rehabilitation institution profiles (the institution
 * itself is a platform institution of kind `disability_service`, same id), service enrolments and
 * sessions, patients living at home per county and year, the assistive-device catalogue, rental points
 * and their stock, rentals, and 福康工程 cases. Dates `YYYY-MM-DD` text, money integer fen, booleans 0/1.
 */
import type {
  DeviceCategory,
  FukangItemKind,
  FukangStatus,
  RehabBasis,
  RehabInstitutionKind,
  RehabService,
  RentalPointKind,
} from '@social-affairs/kernel/contracts/disability';

export interface DisabilityRehabInstitutionsTable {
  /** The platform institution's id. */
  id: string;
  kind: RehabInstitutionKind;
  name: string;
  /** County (6) or township (9) it sits in: its scope. */
  divisionCode: string;
  countyCode: string;
  /** Comma-separated city-district codes it serves (a city institution), or '' . */
  servesDistricts: string;
  capacity: number;
  /** Comma-separated service codes. */
  services: string;
  address: string | null;
  phone: string | null;
  /** Pilot point: the fund's reference (unique: one fund, one site), amount and year. */
  pilotFundRef: string | null;
  pilotAmountFen: number | null;
  pilotYear: number | null;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DisabilityRehabEnrolmentsTable {
  id: string;
  institutionId: string;
  personId: string;
  basis: RehabBasis;
  certificateId: string | null;
  /** Where the person lives (township or county): scope and the county's coverage. */
  divisionCode: string;
  countyCode: string;
  enrolledOn: string;
  dischargedOn: string | null;
  dischargeReason: string | null;
  status: 'enrolled' | 'discharged';
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface DisabilityRehabSessionsTable {
  id: string;
  enrolmentId: string;
  heldOn: string;
  kind: RehabService;
  minutes: number | null;
  note: string | null;
  recordedBy: string;
  createdAt: string;
}

export interface DisabilityHomePatientsTable {
  id: string;
  countyCode: string;
  year: number;
  patients: number;
  source: string;
  updatedBy: string;
  updatedAt: string;
}

export interface DisabilityDeviceItemsTable {
  id: string;
  code: string;
  name: string;
  category: DeviceCategory;
  rentalFenPerMonth: number;
  purchaseCapFen: number;
  status: 'active' | 'withdrawn';
  createdAt: string;
  updatedAt: string;
}

export interface DisabilityRentalPointsTable {
  id: string;
  name: string;
  kind: RentalPointKind;
  divisionCode: string;
  institutionId: string | null;
  address: string | null;
  status: 'active' | 'closed';
  createdAt: string;
}

export interface DisabilityPointStockTable {
  id: string;
  pointId: string;
  itemId: string;
  quantity: number;
  updatedAt: string;
}

export interface DisabilityRentalsTable {
  id: string;
  personId: string;
  itemId: string;
  pointId: string;
  /** The point's division (scope). */
  divisionCode: string;
  fromOn: string;
  dueOn: string;
  returnedOn: string | null;
  monthlyFen: number;
  subsidyMonthlyFen: number;
  subsidyBasis: string | null;
  depositFen: number;
  depositRefundFen: number | null;
  status: 'out' | 'returned';
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface DisabilityFukangCasesTable {
  id: string;
  personId: string;
  divisionCode: string;
  itemKind: FukangItemKind;
  itemId: string | null;
  itemName: string;
  requestedFen: number;
  approvedFen: number | null;
  status: FukangStatus;
  appliedOn: string;
  decidedOn: string | null;
  deliveredOn: string | null;
  closedOn: string | null;
  reason: string | null;
  note: string | null;
  basis: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DisabilityRehabTables {
  disabilityRehabInstitutions: DisabilityRehabInstitutionsTable;
  disabilityRehabEnrolments: DisabilityRehabEnrolmentsTable;
  disabilityRehabSessions: DisabilityRehabSessionsTable;
  disabilityHomePatients: DisabilityHomePatientsTable;
  disabilityDeviceItems: DisabilityDeviceItemsTable;
  disabilityRentalPoints: DisabilityRentalPointsTable;
  disabilityPointStock: DisabilityPointStockTable;
  disabilityRentals: DisabilityRentalsTable;
  disabilityFukangCases: DisabilityFukangCasesTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends DisabilityRehabTables {}
}
