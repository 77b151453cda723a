import { sql, type Kysely } from 'kysely';

/**
 * Revocation of a recorded death (被死亡, issue 17 item 3): a death recorded against the wrong person is
 * corrected by a request and a review by another user (people:merge, like a person merge). On approval the
 * person is alive again, the death fact stays in person_facts (history kept) and a fact `deathRevoked`
 * names the date revoked; `person.death-revoked` lets every line undo or flag what it did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('person_death_revocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('death_date', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('requested', 'approved', 'rejected')`),
    )
    .addColumn('requested_by_username', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_username', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // One open request per person: a second is a 409 on both engines.
  await db.schema
    .createIndex('person_death_revocations_open_uq')
    .unique()
    .on('person_death_revocations')
    .column('person_id')
    .where(sql.ref('status'), '=', 'requested')
    .execute();
  await db.schema
    .createIndex('person_death_revocations_division_idx')
    .on('person_death_revocations')
    .columns(['division_code', 'status', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('person_death_revocations').execute();
}
