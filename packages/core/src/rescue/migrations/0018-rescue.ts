import { sql, type Kysely } from 'kysely';

/**
 * Rescue management (救助管理), the line's shared core: station profiles (a station is an institution of
 * kind `rescue_station` in the platform registry, ADR 0009), dormitories by sex (R-RES-04), partner
 * institutions — foster institutions (托养机构) and partner hospitals — with their placement agreements
 * (R-RES-13), and the case (救助案件), one per stay of a person at a station. Every other rescue table
 * (intake, stay, prescribed actions, departure, warnings) comes in later migrations and references these.
 * Portable DDL only (ADR 0001); booleans are integers 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_stations')
    .addColumn('id', 'text', (c) => c.primaryKey().references('institutions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hotline', 'text', (c) => c.notNull())
    .addColumn('reception_all_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hotline_all_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hotline_in_directory', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('capacity_male', 'integer', (c) => c.notNull().check(sql`capacity_male >= 0`))
    .addColumn('capacity_female', 'integer', (c) => c.notNull().check(sql`capacity_female >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rescue_stations_division_idx')
    .on('rescue_stations')
    .column('division_code')
    .execute();

  await db.schema
    .createTable('rescue_dormitories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female')`))
    .addColumn('beds', 'integer', (c) => c.notNull().check(sql`beds >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rescue_dormitories_name_uq', ['station_id', 'name'])
    .execute();

  await db.schema
    .createTable('rescue_partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('foster', 'hospital')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('ownership', 'text', (c) => c.notNull().check(sql`ownership in ('public', 'private')`))
    .addColumn('qualification', 'text', (c) =>
      c.notNull().check(sql`qualification in ('qualified', 'under_rectification', 'unqualified')`),
    )
    .addColumn('qualification_note', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rescue_partners_division_idx')
    .on('rescue_partners')
    .columns(['division_code', 'kind'])
    .execute();

  await db.schema
    .createTable('rescue_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_no', 'text', (c) => c.notNull().unique())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('rescue_partners.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull().check(sql`places >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'terminated')`))
    .addColumn('terminated_on', 'text')
    .addColumn('terminated_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('rescue_agreements_period_check', sql`valid_from <= valid_until`)
    .execute();
  await db.schema
    .createIndex('rescue_agreements_station_idx')
    .on('rescue_agreements')
    .columns(['station_id', 'partner_id'])
    .execute();

  await db.schema
    .createTable('rescue_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('station_id', 'text', (c) => c.notNull().references('rescue_stations.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('identity_status', 'text', (c) =>
      c.notNull().check(sql`identity_status in ('identified', 'unidentified', 'to_verify')`),
    )
    .addColumn('name_given', 'text')
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female')`))
    .addColumn('birth_date', 'text')
    .addColumn('estimated_age', 'integer')
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('entry_date', 'text', (c) => c.notNull())
    .addColumn('referral_source', 'text', (c) =>
      c.notNull().check(sql`referral_source in ('police', 'urban_management', 'self', 'public', 'other')`),
    )
    .addColumn('civil_capacity', 'text', (c) =>
      c.notNull().check(sql`civil_capacity in ('full', 'limited', 'none')`),
    )
    .addColumn('mental_signs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('found_place', 'text')
    .addColumn('found_on', 'text')
    .addColumn('height_cm', 'integer')
    .addColumn('health', 'text')
    .addColumn('intellect', 'text')
    .addColumn('mental_state', 'text')
    .addColumn('features', 'text')
    .addColumn('clothing', 'text')
    .addColumn('dormitory_id', 'text', (c) => c.references('rescue_dormitories.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('in_station', 'placed', 'in_hospital', 'departed', 'settled', 'deceased')`),
    )
    .addColumn('closed_at', 'text')
    .addColumn('close_kind', 'text')
    .addColumn('close_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'rescue_cases_closed_check',
      sql`(status in ('in_station', 'placed', 'in_hospital')) = (closed_at is null)`,
    )
    .execute();
  await db.schema
    .createIndex('rescue_cases_station_idx')
    .on('rescue_cases')
    .columns(['station_id', 'status', 'entry_date'])
    .execute();
  await db.schema
    .createIndex('rescue_cases_division_idx')
    .on('rescue_cases')
    .columns(['division_code', 'entry_date'])
    .execute();
  await db.schema.createIndex('rescue_cases_person_idx').on('rescue_cases').column('person_id').execute();
  // One open stay per person: a second intake of someone already in a station is refused by the engine.
  await db.schema
    .createIndex('rescue_cases_open_person_uq')
    .on('rescue_cases')
    .column('person_id')
    .unique()
    .where(sql.ref('closed_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_cases').execute();
  await db.schema.dropTable('rescue_agreements').execute();
  await db.schema.dropTable('rescue_partners').execute();
  await db.schema.dropTable('rescue_dormitories').execute();
  await db.schema.dropTable('rescue_stations').execute();
}
