import { sql, type Kysely } from 'kysely';

/**
 * Disability roster (issue 18 item 5, docs/disability.md "Monthly roster", ADR 0032): the last month
 * paid carried on every roster line (so the next freeze knows arrears without reading the history), the rates a roster applied per tier, each township's part
 * with its totals, and the sign-offs (township confirmations, then the county's signature). Portable
 * DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('disability_roster_lines').addColumn('paid_through_month', 'text').execute();
  // No further index on the lines: each one costs the 1.5 M-line freeze a b-tree insert per line (ADR 0032).

  await db.schema
    .createTable('disability_roster_rates')
    .addColumn('roster_id', 'text', (c) => c.notNull().references('disability_roster_months.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('category', 'integer', (c) => c.notNull())
    .addColumn('grade', 'integer', (c) => c.notNull())
    .addColumn('hardship', 'text', (c) => c.notNull())
    .addColumn('monthly_fen', 'integer')
    .addColumn('standard_id', 'text')
    .addColumn('raised_to_floor', 'integer', (c) => c.notNull().check(sql`raised_to_floor in (0, 1)`))
    .addPrimaryKeyConstraint('disability_roster_rates_pk', [
      'roster_id',
      'division_code',
      'subsidy',
      'category',
      'grade',
      'hardship',
    ])
    .execute();

  await db.schema
    .createTable('disability_roster_parts')
    .addColumn('roster_id', 'text', (c) => c.notNull().references('disability_roster_months.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('lines', 'integer', (c) => c.notNull())
    .addColumn('paid_lines', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    .addColumn('unpriced_lines', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('disability_roster_parts_pk', ['roster_id', 'division_code'])
    .execute();

  await db.schema
    .createTable('disability_roster_signoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_id', 'text', (c) => c.notNull().references('disability_roster_months.id'))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('township', 'county')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addUniqueConstraint('disability_roster_signoffs_uq', ['roster_id', 'level', 'division_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('disability_roster_signoffs').execute();
  await db.schema.dropTable('disability_roster_parts').execute();
  await db.schema.dropTable('disability_roster_rates').execute();
  await db.schema.alterTable('disability_roster_lines').dropColumn('paid_through_month').execute();
}
