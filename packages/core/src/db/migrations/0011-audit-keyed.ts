import { sql, type Kysely } from 'kysely';

/**
 * The keyed audit chain (ADR 0012): each new row's hash is an HMAC-SM3 under the server key named by
 * `key_id`; rows written before this migration keep `key_id` null and verify as plain SM3 (the switch-over
 * point is the first row with a key id; no legacy row may follow a keyed one). `subject_person_id`: the
 * person whose record a row read or wrote, indexed (with audit_log_target_idx) so an auditor can ask who
 * read a person's record.
 * Portable DDL only; existing rows are not touched (their hashes must stay what they are).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('subject_person_id', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
  // Partial: rows about a person as their target (`target_type = 'person'`, subject = target) are found
  // through audit_log_target_idx already, so the audited person lookup (the hot path, ADR 0008) inserts
  // into no further index; only rows whose target is another record (a marriage, an attachment …) do.
  await db.schema
    .createIndex('audit_log_subject_idx')
    .on('audit_log')
    .columns(['subject_person_id', 'seq'])
    .where(sql.ref('subject_person_id'), 'is not', null)
    .where(sql.ref('target_type'), '<>', 'person')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_subject_idx').execute();
  await db.schema.alterTable('audit_log').dropColumn('key_id').execute();
  await db.schema.alterTable('audit_log').dropColumn('subject_person_id').execute();
}
