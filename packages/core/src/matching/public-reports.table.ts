/**
 * The public missing-person report's row (migration 0029-public-missing-reports) as Kysely sees it through
 * CamelCasePlugin: the receipt and keyed query-code hash of a report a family filed on the public page.
 */
import type { Selectable } from 'kysely';

export interface PublicMissingReportsTable {
  reportId: string;
  receipt: string;
  /** HMAC-SM3 (server key, purpose `public-report-code`) of the receipt and the query code. */
  codeHash: string;
  keyId: string;
  consentPublish: number;
  divisionCode: string;
  submittedAt: string;
}

export type PublicMissingReportRow = Selectable<PublicMissingReportsTable>;

export interface PublicReportTables {
  publicMissingReports: PublicMissingReportsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends PublicReportTables {}
}
