import { sql, type Kysely } from 'kysely';

/**
 * Face descriptors of photo attachments (issue 16 item 2, docs/faces.md, ADR 0025). One row per photo
 * of a face-bearing owner type, keyed by the attachment; owner and scope are copied from the attachment
 * so a search filters without a join. The 128 floats are text (base64 of a Float32Array): portable to
 * SQLite and PostgreSQL and read whole into the in-memory index, never queried by value. Portable DDL
 * (ADR 0001): text ids and instants, CHECK for the status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('face_embeddings')
    .addColumn('attachment_id', 'text', (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'done', 'no_face', 'failed')`),
    )
    .addColumn('descriptor', 'text')
    .addColumn('box_x', 'real')
    .addColumn('box_y', 'real')
    .addColumn('box_width', 'real')
    .addColumn('box_height', 'real')
    .addColumn('score', 'real')
    .addColumn('face_count', 'integer')
    .addColumn('model', 'text')
    .addColumn('error', 'text')
    .addColumn('elapsed_ms', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The in-memory index follows the table by updated_at (faces/face-index.ts).
  await db.schema
    .createIndex('face_embeddings_updated_idx')
    .on('face_embeddings')
    .column('updated_at')
    .execute();
  await db.schema
    .createIndex('face_embeddings_owner_idx')
    .on('face_embeddings')
    .columns(['owner_type', 'owner_id'])
    .execute();
  await db.schema.createIndex('face_embeddings_status_idx').on('face_embeddings').column('status').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('face_embeddings').execute();
}
