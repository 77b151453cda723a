/** SQL of the attachment store (metadata rows only; the files are in content-store.ts). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { AttachmentRow } from './attachments.table';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertAttachment(db: Executor, row: AttachmentRow): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export function findAttachmentById(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The active attachment of an owner record with these bytes for this purpose (a retried upload). */
export function findActiveDuplicate(
  db: Executor,
  key: { ownerType: string; ownerId: string; kind: string; contentHash: string },
): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('ownerType', '=', key.ownerType)
    .where('ownerId', '=', key.ownerId)
    .where('kind', '=', key.kind)
    .where('contentHash', '=', key.contentHash)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** An owner record's attachments, oldest first (removed ones only when asked). */
export function attachmentsOfOwner(
  db: Executor,
  ownerType: string,
  ownerId: string,
  includeRemoved: boolean,
): Promise<AttachmentRow[]> {
  let q = db
    .selectFrom('attachments')
    .selectAll()
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId);
  if (!includeRemoved) q = q.where('status', '=', 'active');
  return q.orderBy('uploadedAt').orderBy('id').execute();
}

/** Marks an active attachment removed; false when it was not active (already removed). */
export async function markAttachmentRemoved(
  db: Executor,
  id: string,
  change: { removedBy: string; removedAt: string; removeReason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('attachments')
    .set({ status: 'removed', ...change })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every row in id order, a page at a time (the integrity walk). */
export async function* iterateAttachments(db: Executor, pageSize = 500): AsyncGenerator<AttachmentRow> {
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('attachments')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.id;
  }
}

/** Division of a people-index record (the built-in `person` owner type); undefined when there is none. */
export async function personDivision(
  db: Executor,
  personId: string,
): Promise<{ divisionCode: string } | undefined> {
  return db.selectFrom('people').select('divisionCode').where('id', '=', personId).executeTakeFirst();
}
