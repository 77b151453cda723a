import { sql, type Kysely } from 'kysely';

/**
 * Person merge (docs/people-merge-and-scope.md): two people-index records found to be one person are
 * merged by a reviewed decision. The merged record is kept and points at its survivor (`merged_into`);
 * facts carried over to the survivor name the merge (`person_facts.merge_id`); `person_merges` holds the
 * proposal, the decision and any unmerge; `person_merge_repoints` is the log each line writes when it
 * re-points one of its records, so an unmerge re-points exactly those records back.
 * The added columns carry no REFERENCES clause so that `down` can drop them on SQLite (which refuses to
 * drop a column used by a foreign key); the service keeps them consistent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('merged_into', 'text').execute();
  await db.schema.createIndex('people_merged_into_idx').on('people').column('merged_into').execute();
  await db.schema.alterTable('person_facts').addColumn('merge_id', 'text').execute();

  await db.schema
    .createTable('person_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survivor_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('merged_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('proposed', 'approved', 'rejected', 'unmerged')`),
    )
    .addColumn('proposed_by', 'text')
    .addColumn('proposed_by_username', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_username', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('unmerged_by_username', 'text')
    .addColumn('unmerged_at', 'text')
    .addColumn('unmerge_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('person_merges_distinct_check', sql`survivor_id <> merged_id`)
    .execute();
  // At most one open or effective merge per merged record (a second proposal is a 409, on both engines).
  await db.schema
    .createIndex('person_merges_open_idx')
    .unique()
    .on('person_merges')
    .column('merged_id')
    .where(sql.ref('status'), 'in', sql`('proposed', 'approved')`)
    .execute();
  await db.schema
    .createIndex('person_merges_survivor_idx')
    .on('person_merges')
    .columns(['survivor_id', 'status'])
    .execute();
  await db.schema
    .createIndex('person_merges_division_idx')
    .on('person_merges')
    .columns(['division_code', 'status', 'proposed_at'])
    .execute();

  await db.schema
    .createTable('person_merge_repoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merge_id', 'text', (c) => c.notNull().references('person_merges.id'))
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('from_person_id', 'text', (c) => c.notNull())
    .addColumn('to_person_id', 'text', (c) => c.notNull())
    .addColumn('repointed_at', 'text', (c) => c.notNull())
    .addColumn('reverted_at', 'text')
    .execute();
  await db.schema
    .createIndex('person_merge_repoints_merge_idx')
    .on('person_merge_repoints')
    .columns(['merge_id', 'line'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('person_merge_repoints').ifExists().execute();
  await db.schema.dropTable('person_merges').ifExists().execute();
  await db.schema.dropIndex('people_merged_into_idx').ifExists().execute();
  await db.schema.alterTable('person_facts').dropColumn('merge_id').execute();
  await db.schema.alterTable('people').dropColumn('merged_into').execute();
}
