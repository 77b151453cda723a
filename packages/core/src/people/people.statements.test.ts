/**
 * The SQL of the people index's hot statements on both dialects, as the repository builds it. A change
 * of this text changes a query plan: review the snapshot diff (and re-run the benchmarks) before
 * accepting it with `vitest -u`.
 */
import { describe, expect, it } from 'vitest';
import { compileOnlyKysely } from '../db/compile-only';
import type { DialectName } from '../db/dialect';
import {
  peopleSearchQueries,
  personByIdQuery,
  personByResidentId,
  personSummaryByResidentId,
  type PeopleFilter,
} from './people.repository';

describe.each<DialectName>(['sqlite', 'postgres'])('hot people statements (%s)', (dialect) => {
  it('compile to the reviewed SQL', () => {
    const db = compileOnlyKysely(dialect);
    const page = { limit: 20, offset: 0 };
    const search = (f: Omit<PeopleFilter, 'divisionPrefix'>) => {
      const q = peopleSearchQueries(db, dialect, { divisionPrefix: '4301', ...f }, page);
      return { page: q.page.compile().sql, count: q.count.compile().sql };
    };
    expect({
      'person by id': personByIdQuery(db, 'id').compile().sql,
      'person by resident id (parties, prepared)': personByResidentId.compiled(db, { residentId: 'x' }).sql,
      'audited lookup by resident id (prepared)': personSummaryByResidentId.compiled(db, { residentId: 'x' })
        .sql,
      'people list, no search': search({}),
      'people list, by name (hanzi)': search({ q: '张', sex: 'female', status: 'alive' }),
      'people list, by pinyin': search({ q: 'zhang' }),
      'people list, by resident id prefix': search({ q: '430102' }),
      'people list, by full resident id': search({ q: '430102199001011234' }),
    }).toMatchSnapshot();
  });
});
