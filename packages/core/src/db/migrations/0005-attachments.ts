import { sql, type Kysely } from 'kysely';

/**
 * The attachment store's metadata (photos, scans, signed forms of every line). The bytes live on disk,
 * content-addressed by their SM3 hash (docs/attachments.md); a row names the owner record it belongs
 * to and the division that decides who may see it. Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** SM3 of the bytes, 64 lower-case hex digits: also the file's name in the store. */
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    /** Detected from the content (magic bytes), never from the declared type or the file name. */
    .addColumn('media_type', 'text', (c) =>
      c
        .notNull()
        .check(sql`media_type in ('image/jpeg', 'image/png', 'image/webp', 'image/tiff', 'application/pdf')`),
    )
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** County (or finer) division of the owner record at upload time: the access scope. */
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** Registered owner type, e.g. person, rescue_case, funeral_case. */
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('subject_person_id', 'text')
    /** What it is for the owner: photo, fingerprint, death_certificate, signed_form … */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'removed')`))
    .addColumn('removed_by', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('remove_reason', 'text')
    .execute();
  await db.schema
    .createIndex('attachments_owner_idx')
    .on('attachments')
    .columns(['owner_type', 'owner_id', 'uploaded_at'])
    .execute();
  // The same bytes are attached to an owner record once for a given purpose (a retried upload
  // returns the row already there).
  await db.schema
    .createIndex('attachments_owner_content_uq')
    .on('attachments')
    .columns(['owner_type', 'owner_id', 'kind', 'content_hash'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();
  await db.schema.createIndex('attachments_hash_idx').on('attachments').column('content_hash').execute();
  await db.schema
    .createIndex('attachments_subject_idx')
    .on('attachments')
    .column('subject_person_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}
