import { sql, type Kysely } from 'kysely';

/**
 * Funeral and burial (殡葬), the line's shared core: the facility profile (a facility is an institution of
 * the platform registry, ADR 0009 — funeral home, crematorium, service station, columbarium, cemetery —
 * with its approval chain, R-FUN-05), the case (遗体档案: one body, one file, from the collection order to
 * the ashes' destination), its chain of custody (one event per step) and the documents recorded on a case (death proof, death certificate, cremation
 * confirmation, forensic clearance, police confirmation, id checks, transport papers), which the custody
 * gates read (R-FUN-02, R-FUN-03). Every other funeral table comes in later migrations and references
 * these. Portable DDL only (ADR 0001); booleans are integers 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_facilities')
    .addColumn('id', 'text', (c) => c.primaryKey().references('institutions.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('funeral_home', 'crematorium', 'service_station', 'columbarium', 'cemetery_commercial', 'cemetery_public_benefit', 'rural_public_cemetery')`,
        ),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** Village (12-digit 统计用区划代码) a rural public cemetery serves (R-FUN-06); null otherwise. */
    .addColumn('village_code', 'text')
    .addColumn('ownership', 'text', (c) =>
      c.notNull().check(sql`ownership in ('government', 'public_institution', 'private', 'collective')`),
    )
    /** Government-invested: income and expenditure kept apart (收支两条线, R-FUN-10). */
    .addColumn('government_invested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    /** Capacity in the facility's own unit: cold-storage places, niches, plots, cremators (docs/funeral.md). */
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('reviewed_by_level', 'text')
    .addColumn('approved_by_level', 'text', (c) => c.notNull())
    .addColumn('approval_doc_no', 'text')
    .addColumn('approved_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'suspended', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('funeral_facilities_division_idx')
    .on('funeral_facilities')
    .columns(['division_code', 'kind'])
    .execute();

  await db.schema
    .createTable('funeral_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('identity_status', 'text', (c) =>
      c.notNull().check(sql`identity_status in ('identified', 'unidentified')`),
    )
    .addColumn('name_given', 'text')
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female', 'unknown')`))
    .addColumn('birth_date', 'text')
    .addColumn('estimated_age', 'integer')
    .addColumn('death_date', 'text')
    .addColumn('death_place', 'text', (c) => c.notNull())
    .addColumn('death_division_code', 'text', (c) => c.notNull())
    .addColumn('death_manner', 'text', (c) =>
      c.notNull().check(sql`death_manner in ('natural', 'unnatural', 'undetermined')`),
    )
    .addColumn('hospital_death', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unclaimed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('payer', 'text', (c) => c.notNull().check(sql`payer in ('family', 'county_finance')`))
    .addColumn('disposition', 'text', (c) =>
      c.check(sql`disposition in ('cremation', 'burial', 'transport_out')`),
    )
    .addColumn('step', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`step in ('ordered', 'collected', 'in_storage', 'farewell', 'cremated', 'ashes_released', 'ashes_stored', 'buried', 'transported_out', 'cancelled')`,
        ),
    )
    .addColumn('body_code', 'text', (c) => c.notNull().unique())
    .addColumn('urn_code', 'text', (c) => c.unique())
    .addColumn('agent_name', 'text')
    .addColumn('agent_phone', 'text')
    .addColumn('agent_relation', 'text')
    .addColumn('police_confirmed_at', 'text')
    .addColumn('forensic_cleared_at', 'text')
    .addColumn('notice_started_on', 'text')
    .addColumn('notice_ends_on', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'funeral_cases_closed_check',
      sql`(step in ('ashes_released', 'ashes_stored', 'buried', 'transported_out', 'cancelled')) = (closed_at is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('funeral_cases_facility_idx')
    .on('funeral_cases')
    .columns(['facility_id', 'step', 'created_at'])
    .execute();
  await db.schema
    .createIndex('funeral_cases_division_idx')
    .on('funeral_cases')
    .columns(['division_code', 'death_date'])
    .execute();
  await db.schema.createIndex('funeral_cases_person_idx').on('funeral_cases').column('person_id').execute();
  // One open file per body: a second collection of someone already in custody is refused by the engine.
  await db.schema
    .createIndex('funeral_cases_open_person_uq')
    .on('funeral_cases')
    .column('person_id')
    .unique()
    .where(sql.ref('closed_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('funeral_case_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('death_proof', 'death_certificate', 'cremation_confirmation', 'forensic_clearance', 'police_confirmation', 'deceased_id_check', 'agent_id_check', 'home_county_certificate', 'death_place_approval', 'other')`,
        ),
    )
    .addColumn('number', 'text')
    .addColumn('issuer', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('note', 'text')
    .addColumn('attachment_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('valid', 'revoked')`))
    .addColumn('revoked_reason', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_case_documents_case_idx')
    .on('funeral_case_documents')
    .columns(['case_id', 'kind'])
    .execute();

  // The chain of custody: every step of a case with time, actor and the code scanned (R-FUN, issue 17 item 2).
  await db.schema
    .createTable('funeral_custody_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('place', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_custody_events_case_idx')
    .on('funeral_custody_events')
    .columns(['case_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funeral_custody_events').execute();
  await db.schema.dropTable('funeral_case_documents').execute();
  await db.schema.dropTable('funeral_cases').execute();
  await db.schema.dropTable('funeral_facilities').execute();
}
