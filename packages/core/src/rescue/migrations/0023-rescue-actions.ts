import { sql, type Kysely } from 'kysely';

/**
 * The prescribed actions of the rescue line (七个规定动作, R-RES-10): an append-only log of actions done
 * for a case, with time, actor and evidence (a correction is a new row that supersedes an earlier one,
 * at most once: unique `supersedes_id`), and the 寻亲公告 issued for a case, numbered from the station's
 * document sequence. Portable DDL only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rescue_action_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`step in ('registration', 'national_site', 'dna_request', 'face_comparison', 'toutiao_notice', 'media', 'manual_screening', 'wechat', 'weibo', 'douyin', 'dna_collected', 'dna_result', 'search_update')`,
        ),
    )
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('log', 'correction', 'withdrawal')`))
    .addColumn('performed_at', 'text', (c) => c.notNull())
    .addColumn('logged_at', 'text', (c) => c.notNull())
    .addColumn('logged_by', 'text', (c) => c.notNull())
    .addColumn('logged_by_name', 'text', (c) => c.notNull())
    .addColumn('evidence_text', 'text')
    .addColumn('evidence_url', 'text')
    .addColumn('attachment_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('search_notice_id', 'text')
    .addColumn('dna_outcome', 'text', (c) => c.check(sql`dna_outcome in ('not_matched', 'matched')`))
    .addColumn('note', 'text')
    .addColumn('supersedes_id', 'text', (c) => c.references('rescue_action_log.id'))
    .addColumn('correction_reason', 'text')
    .addUniqueConstraint('rescue_action_log_supersedes_uq', ['supersedes_id'])
    .execute();
  await db.schema
    .createIndex('rescue_action_log_case_idx')
    .on('rescue_action_log')
    .columns(['case_id', 'step'])
    .execute();

  await db.schema
    .createTable('rescue_search_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('rescue_cases.id'))
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rescue_search_notices_case_idx')
    .on('rescue_search_notices')
    .column('case_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rescue_search_notices').execute();
  await db.schema.dropTable('rescue_action_log').execute();
}
