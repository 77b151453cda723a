/**
 * The SQL of the family-search feed's hot statements on both dialects (the index load before each query,
 * the rows of one search's hits). A change of this text changes a query plan: review the snapshot diff.
 */
import { describe, expect, it } from 'vitest';
import { compileOnlyKysely } from '../db/compile-only';
import type { DialectName } from '../db/dialect';
import { entriesAfterQuery, entryByIdQuery } from './family-search-entries.repository';

describe.each<DialectName>(['sqlite', 'postgres'])('hot family-search feed statements (%s)', (dialect) => {
  it('compile to the reviewed SQL', () => {
    const db = compileOnlyKysely(dialect);
    expect({
      'feed rows after a position (index load)': entriesAfterQuery(db, 0).compile().sql,
      'a stored record (candidates)': entryByIdQuery(db, 'id').compile().sql,
    }).toMatchSnapshot();
  });
});
