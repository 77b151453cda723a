/**
 * The scope condition every line adds to its list queries, so all filter alike (ADR
 * 0009-scope-below-the-county). Use it inside `.where(...)`:
 *
 *   db.selectFrom('rescue_cases').where((eb) =>
 *     whereInScope(eb, scopeFilterFor(actor, q.division), { division: 'divisionCode', institution: 'institutionId' }))
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { ScopeFilter } from './scope';

export interface ScopeColumns<C extends string> {
  /** The record's division column (county or township code). */
  division: C;
  /** The record's institution column, when its table has one. */
  institution?: C;
}

/**
 * `division like 'prefix%' [and institution = :inst]` — or, for a table without an institution column
 * and an institution-scoped actor, nothing — `or (division = :county [and institution is null])` when
 * the filter includes the shared county rows.
 */
export function whereInScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  filter: ScopeFilter,
  cols: ScopeColumns<string>,
): Expression<SqlBool> {
  // Column names are the caller's (checked by its own table type at the call site); `sql.ref` lets one
  // helper serve every table (the CamelCasePlugin still maps them to snake_case).
  const col = (name: string) => sql.ref(name);
  const own: Expression<SqlBool>[] = [];
  if (filter.divisionPrefix !== '') {
    own.push(sql<SqlBool>`${col(cols.division)} like ${`${filter.divisionPrefix}%`}`);
  }
  if (filter.institutionId !== null) {
    own.push(
      cols.institution === undefined
        ? sql<SqlBool>`1 = 0`
        : sql<SqlBool>`${col(cols.institution)} = ${filter.institutionId}`,
    );
  }
  const ownCondition = own.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(own);
  if (filter.sharedCounty === null) return ownCondition;
  const shared: Expression<SqlBool>[] = [sql<SqlBool>`${col(cols.division)} = ${filter.sharedCounty}`];
  if (cols.institution !== undefined) shared.push(sql<SqlBool>`${col(cols.institution)} is null`);
  return eb.or([ownCondition, eb.and(shared)]);
}
