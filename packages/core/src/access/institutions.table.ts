/** Row type of the institutions registry (migration 0009-sub-county-scope), as Kysely sees it. */
import type { Selectable } from 'kysely';

/**
 * 机构: a rescue station, a funeral home … inside a county, to which accounts and records can be scoped.
 * `kind` is one of INSTITUTION_KINDS (checked by the service, not by a CHECK, so a line can add a kind
 * without rebuilding the table on SQLite).
 */
export interface InstitutionsTable {
  id: string;
  kind: string;
  name: string;
  /** County (6 digits) or township (9 digits) the institution sits in. */
  divisionCode: string;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
}

export interface InstitutionTables {
  institutions: InstitutionsTable;
}

export type InstitutionRow = Selectable<InstitutionsTable>;
