/**
 * The SQL of marriage's hot statements on both dialects, as the repository builds it. A change of this
 * text changes a query plan (the bigamy check must stay on the partial unique indexes): review the
 * snapshot diff and re-run `bench:marriage` before accepting it with `vitest -u`.
 */
import { describe, expect, it } from 'vitest';
import { compileOnlyKysely } from '../db/compile-only';
import type { DialectName } from '../db/dialect';
import { subsistingMarriagesStatement } from './marriage.repository';

describe.each<DialectName>(['sqlite', 'postgres'])('hot marriage statements (%s)', (dialect) => {
  it('compile to the reviewed SQL', () => {
    const db = compileOnlyKysely(dialect);
    expect({
      'bigamy check, two parties (prepared)': subsistingMarriagesStatement.compiled(db, {
        personIds: ['a', 'b'],
      }).sql,
    }).toMatchSnapshot();
  });
});
