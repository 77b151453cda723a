import { sql, type Kysely } from 'kysely';

/**
 * Disability line, verification concern (D6): comparison runs and their findings (the review queue: a
 * finding stops nothing until a reviewer confirms it, ADR 0034), the hukou move-out list imported from
 * public security, and re-verification campaigns (清理认定) with one item per open entitlement (township
 * self-check, third-party spot-check sample). Portable DDL (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disability_compare_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('compared_on', 'text', (c) => c.notNull())
    .addColumn('run_trigger', 'text', (c) => c.notNull().check(sql`run_trigger in ('job', 'manual')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('completed', 'failed')`))
    .addColumn('entitlements_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('new_findings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('already_known', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disability_compare_runs_county_idx')
    .on('disability_compare_runs')
    .columns(['county_code', 'month'])
    .execute();

  await db.schema
    .createTable('disability_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('sample_seed', 'text')
    .addColumn('sample_percent', 'integer')
    .addColumn('sample_count', 'integer')
    .addColumn('sampled_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('disability_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entitlement_id', 'text', (c) => c.notNull().references('disability_entitlements.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('death', 'dibao_ended', 'tekun', 'certificate', 'moved_out', 'campaign')`),
    )
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`source in ('people_index', 'assistance_roll', 'certificate_register', 'hukou_move_list', 'self_check', 'spot_check')`,
        ),
    )
    .addColumn('source_id', 'text')
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .addColumn('fuzzy', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`fuzzy in (0, 1)`),
    )
    .addColumn('match_score', 'integer')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'answered', 'confirmed', 'dismissed')`),
    )
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('run_id', 'text', (c) => c.references('disability_compare_runs.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('disability_campaigns.id'))
    .addColumn('found_on', 'text', (c) => c.notNull())
    .addColumn('answer_due_on', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer', 'text')
    .addColumn('answer_evidence', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('disability_findings_queue_idx')
    .on('disability_findings')
    .columns(['division_code', 'status', 'answer_due_on'])
    .execute();
  await db.schema
    .createIndex('disability_findings_entitlement_idx')
    .on('disability_findings')
    .columns(['entitlement_id', 'kind', 'event_date'])
    .execute();

  await db.schema
    .createTable('disability_hukou_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('moved_out_on', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('destination_code', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('matched_by', 'text', (c) =>
      c.notNull().check(sql`matched_by in ('resident_id', 'fuzzy', 'none')`),
    )
    .addColumn('match_score', 'integer')
    .addColumn('natural_key', 'text', (c) => c.notNull())
    .addColumn('import_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disability_hukou_moves_key_uq', ['county_code', 'natural_key'])
    .execute();
  await db.schema
    .createIndex('disability_hukou_moves_person_idx')
    .on('disability_hukou_moves')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('disability_campaign_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('disability_campaigns.id'))
    .addColumn('entitlement_id', 'text', (c) => c.notNull().references('disability_entitlements.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('subsidy', 'text', (c) => c.notNull().check(sql`subsidy in ('living', 'care')`))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('self_check', 'text', (c) =>
      c.notNull().check(sql`self_check in ('pending', 'verified', 'problem')`),
    )
    .addColumn('self_check_note', 'text')
    .addColumn('self_checked_by', 'text')
    .addColumn('self_checked_at', 'text')
    .addColumn('sampled', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`sampled in (0, 1)`),
    )
    .addColumn('spot_result', 'text', (c) => c.check(sql`spot_result in ('consistent', 'inconsistent')`))
    .addColumn('spot_note', 'text')
    .addColumn('spot_checked_by', 'text')
    .addColumn('spot_checked_at', 'text')
    .addColumn('finding_id', 'text', (c) => c.references('disability_findings.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('disability_campaign_items_uq', ['campaign_id', 'entitlement_id'])
    .execute();
  await db.schema
    .createIndex('disability_campaign_items_division_idx')
    .on('disability_campaign_items')
    .columns(['campaign_id', 'division_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('disability_campaign_items').execute();
  await db.schema.dropTable('disability_hukou_moves').execute();
  await db.schema.dropTable('disability_findings').execute();
  await db.schema.dropTable('disability_campaigns').execute();
  await db.schema.dropTable('disability_compare_runs').execute();
}
