/** Row types of the document-numbering tables (migration 0007-document-numbers), camelCased by Kysely. */
import type { Selectable } from 'kysely';

export interface DocumentNumberCountersTable {
  officeKey: string;
  divisionCode: string;
  kind: string;
  year: number;
  /** The last serial handed out for this office, kind and year (0 = none yet). */
  lastSerial: number;
}

export interface DocumentNumbersTable {
  id: string;
  officeKey: string;
  divisionCode: string;
  kind: string;
  year: number;
  serial: number;
  number: string;
  ownerType: string;
  ownerId: string;
  issuedAt: string;
  issuedBy: string;
}

export interface NumberingTables {
  documentNumberCounters: DocumentNumberCountersTable;
  documentNumbers: DocumentNumbersTable;
}

export type DocumentNumberRow = Selectable<DocumentNumbersTable>;
