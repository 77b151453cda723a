/**
 * The SQL of the family search's hot statements on both dialects, as the repository builds it. A change
 * of this text changes a query plan: review the snapshot diff before accepting it with `vitest -u`.
 */
import { describe, expect, it } from 'vitest';
import { compileOnlyKysely } from '../db/compile-only';
import type { DialectName } from '../db/dialect';
import { reportByIdQuery } from './matching.repository';

describe.each<DialectName>(['sqlite', 'postgres'])('hot family-search statements (%s)', (dialect) => {
  it('compile to the reviewed SQL', () => {
    const db = compileOnlyKysely(dialect);
    expect({
      'candidate report by id (each hit)': reportByIdQuery(db, 'id').compile().sql,
    }).toMatchSnapshot();
  });
});
