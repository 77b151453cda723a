import { sql, type Kysely } from 'kysely';

/**
 * Source governance (源头治理, issue 16 item 4): returnees and follow-up visits, at-risk persons, the
 * repeat-wanderer scan marks and flags, the alerts to the hukou county and the street patrol leads.
 * Portable DDL (ADR 0001): text ids, dates and instants as text, 0/1 booleans, CHECK for statuses.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_returnees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('departure_kind', 'text', (c) =>
      c.notNull().check(sql`departure_kind in ('return_home', 'collected_by_family')`),
    )
    .addColumn('returned_on', 'text', (c) => c.notNull())
    .addColumn('destination', 'text')
    .addColumn('home_division_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('following', 'closed')`))
    .addColumn('closed_reason', 'text')
    .addColumn('next_visit_due', 'text')
    .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_visit_on', 'text')
    .addColumn('last_at_home', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rescue_returnees_division_idx')
    .on('rescue_returnees')
    .columns(['division_code', 'returned_on'])
    .execute();
  await db.schema
    .createIndex('rescue_returnees_home_idx')
    .on('rescue_returnees')
    .columns(['home_division_code', 'next_visit_due'])
    .execute();

  await db.schema
    .createTable('rescue_returnee_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('returnee_id', 'text', (c) => c.notNull().references('rescue_returnees.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().check(sql`party in ('hukou_civil_affairs', 'station')`))
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('phone', 'visit')`))
    .addColumn('situation', 'text', (c) => c.notNull())
    .addColumn('at_home', 'integer', (c) => c.notNull().check(sql`at_home in (0, 1)`))
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('next_due_on', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_returnee_visits_returnee_idx')
    .on('rescue_returnee_visits')
    .columns(['returnee_id', 'visited_on'])
    .execute();

  await db.schema
    .createTable('rescue_at_risk_persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female')`))
    .addColumn('birth_date', 'text')
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('home_address', 'text', (c) => c.notNull())
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('person_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('closed_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rescue_at_risk_persons_division_idx')
    .on('rescue_at_risk_persons')
    .columns(['division_code', 'status'])
    .execute();

  await db.schema
    .createTable('rescue_repeat_scans')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('rescue_cases.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('candidates', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rescue_repeat_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('earlier_case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('same_person', 'engine')`))
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'confirmed', 'rejected')`))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rescue_repeat_flags_pair_uq', ['case_id', 'earlier_case_id'])
    .execute();
  await db.schema
    .createIndex('rescue_repeat_flags_division_idx')
    .on('rescue_repeat_flags')
    .columns(['division_code', 'status'])
    .execute();

  await db.schema
    .createTable('rescue_governance_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flag_id', 'text', (c) => c.notNull().unique().references('rescue_repeat_flags.id'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('hukou_division_code', 'text', (c) => c.notNull())
    .addColumn('hukou_basis', 'text', (c) =>
      c.notNull().check(sql`hukou_basis in ('resident_id', 'people_index', 'returnee_home', 'caseworker')`),
    )
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'acknowledged')`))
    .addColumn('action_taken', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_governance_alerts_hukou_idx')
    .on('rescue_governance_alerts')
    .columns(['hukou_division_code', 'status'])
    .execute();

  await db.schema
    .createTable('rescue_patrol_leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('police', 'urban_management', 'public', 'station_patrol')`),
    )
    .addColumn('reporter', 'text', (c) => c.notNull())
    .addColumn('reporter_phone', 'text')
    .addColumn('place_division_code', 'text', (c) => c.notNull())
    .addColumn('place_description', 'text', (c) => c.notNull())
    .addColumn('person_description', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('rescued', 'refused', 'not_found')`))
    .addColumn('outcome_note', 'text')
    .addColumn('case_id', 'text', (c) => c.references('rescue_cases.id'))
    .addColumn('response_minutes', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rescue_patrol_leads_division_idx')
    .on('rescue_patrol_leads')
    .columns(['division_code', 'received_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'rescue_patrol_leads',
    'rescue_governance_alerts',
    'rescue_repeat_flags',
    'rescue_repeat_scans',
    'rescue_at_risk_persons',
    'rescue_returnee_visits',
    'rescue_returnees',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
