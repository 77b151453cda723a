import { sql, type Kysely } from 'kysely';

/**
 * Funeral line, cemeteries and remediation (F6): the plot inventory of each cemetery (墓位, unique by
 * section, row and number within the cemetery; area in integer dm², R-FUN-08), interments (one person,
 * one grave), eco burials with their award (生态安葬奖补; one per person), and the remediation ledger
 * (整治台账). Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_plots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull().check(sql`row_no >= 1`))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('ash_grave', 'single_body_grave', 'double_body_grave', 'niche')`),
    )
    .addColumn('area_dm2', 'integer', (c) => c.notNull().check(sql`area_dm2 > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('free', 'reserved', 'occupied')`))
    .addColumn('term_from', 'text')
    .addColumn('term_until', 'text')
    .addColumn('holder_name', 'text')
    .addColumn('holder_phone', 'text')
    .addColumn('holder_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('contract_no', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('funeral_plots_place_unique', ['facility_id', 'section', 'row_no', 'number'])
    .execute();
  await db.schema
    .createIndex('funeral_plots_facility_status_idx')
    .on('funeral_plots')
    .columns(['facility_id', 'status'])
    .execute();
  await db.schema.createIndex('funeral_plots_term_idx').on('funeral_plots').columns(['term_until']).execute();

  await db.schema
    .createTable('funeral_plot_interments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plot_id', 'text', (c) => c.notNull().references('funeral_plots.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().unique().references('people.id'))
    .addColumn('case_id', 'text', (c) => c.references('funeral_cases.id'))
    .addColumn('remains', 'text', (c) => c.notNull().check(sql`remains in ('ashes', 'body')`))
    .addColumn('interred_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_plot_interments_plot_idx')
    .on('funeral_plot_interments')
    .columns(['plot_id'])
    .execute();

  await db.schema
    .createTable('funeral_eco_burials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().unique().references('people.id'))
    .addColumn('deceased_name', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('funeral_cases.id'))
    .addColumn('facility_id', 'text', (c) => c.references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('tree', 'flower', 'lawn', 'sea', 'deep_no_mound')`),
    )
    .addColumn('buried_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('award_fen', 'integer', (c) => c.notNull().check(sql`award_fen >= 0`))
    .addColumn('award_basis', 'text', (c) => c.notNull())
    .addColumn('award_status', 'text', (c) =>
      c.notNull().check(sql`award_status in ('pending', 'paid', 'none')`),
    )
    .addColumn('paid_on', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('funeral_eco_burials_division_idx')
    .on('funeral_eco_burials')
    .columns(['division_code', 'buried_on'])
    .execute();

  await db.schema
    .createTable('funeral_remediation_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`category in ('scattered_grave_forbidden', 'illegal_cemetery', 'clan_cemetery', 'rural_cemetery_external_sale', 'oversize_grave', 'coffin_sale_in_cremation_zone', 'superstitious_goods', 'other')`,
        ),
    )
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('location_flags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('facility_id', 'text', (c) => c.references('funeral_facilities.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('found_on', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('closed_on', 'text')
    .addColumn('closure_note', 'text')
    .addColumn('evidence_attachment_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('funeral_remediation_division_idx')
    .on('funeral_remediation_findings')
    .columns(['division_code', 'status', 'deadline'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funeral_remediation_findings').execute();
  await db.schema.dropTable('funeral_eco_burials').execute();
  await db.schema.dropTable('funeral_plot_interments').execute();
  await db.schema.dropTable('funeral_plots').execute();
}
