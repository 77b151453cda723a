/**
 * Row types of the custody concern's table (migration 0033-funeral-custody) as Kysely sees them through
 * CamelCasePlugin (see funeral.table.ts for the conventions).
 */
import type { Carrier } from './funeral.config';

/** What the chain of custody keeps beside the shared case row (one row per case). */
export interface FuneralCustodyDetailsTable {
  caseId: string;
  facilityId: string;
  carrier: Carrier | null;
  /** 1 when the transport rule of the place of death makes collection free (R-FUN-04, read by billing). */
  collectionFree: number;
  /** The transport rule applied (its name and basis), as decided at the order. */
  transportRule: string | null;
  pickupAddress: string | null;
  pickupTime: string | null;
  vehicle: string | null;
  storagePlace: string | null;
  farewellHall: string | null;
  farewellOn: string | null;
  farewellTime: string | null;
  agentIdMasked: string | null;
  /** sha256 of case id + the agent's normalised resident id: compares the collector's id without keeping it. */
  agentIdDigest: string | null;
  collectorName: string | null;
  collectorIdMasked: string | null;
  /** Columbarium or cemetery facility receiving the ashes (or the body, for a burial). */
  destinationId: string | null;
  destinationPlace: string | null;
  cancelReason: string | null;
  updatedAt: string;
}

export interface FuneralCustodyTables {
  funeralCustodyDetails: FuneralCustodyDetailsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FuneralCustodyTables {}
}
