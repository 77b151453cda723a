/** SQL of face ranking: the `face_embeddings` rows and the photo attachments they follow. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { AttachmentRow } from '../attachments/attachments.table';
import type { FaceEmbeddingRow, FaceEmbeddingsTable } from './faces.table';

type Executor = Kysely<Database> | Transaction<Database>;

const FACE_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;

/** Active JPEG/PNG attachments of the face-bearing (ownerType, kind) pairs that have no face row yet. */
export async function photosWithoutFaceRow(
  db: Executor,
  faceKinds: readonly { ownerType: string; kind: string }[],
  limit: number,
): Promise<AttachmentRow[]> {
  if (faceKinds.length === 0) return [];
  return db
    .selectFrom('attachments as a')
    .leftJoin('faceEmbeddings as f', 'f.attachmentId', 'a.id')
    .selectAll('a')
    .where('f.attachmentId', 'is', null)
    .where('a.status', '=', 'active')
    .where('a.mediaType', 'in', [...FACE_MEDIA_TYPES])
    .where((eb) =>
      eb.or(faceKinds.map((f) => eb.and([eb('a.ownerType', '=', f.ownerType), eb('a.kind', '=', f.kind)]))),
    )
    .orderBy('a.uploadedAt')
    .limit(limit)
    .execute();
}

/** A pending row for each photo (a row already there is left as it is). */
export async function insertPendingRows(
  db: Executor,
  photos: readonly AttachmentRow[],
  now: string,
): Promise<void> {
  if (photos.length === 0) return;
  await db
    .insertInto('faceEmbeddings')
    .values(photos.map((a) => pendingValues(a, now)))
    .onConflict((oc) => oc.column('attachmentId').doNothing())
    .execute();
}

function pendingValues(a: AttachmentRow, now: string): FaceEmbeddingRow {
  return {
    attachmentId: a.id,
    ownerType: a.ownerType,
    ownerId: a.ownerId,
    divisionCode: a.divisionCode,
    institutionId: a.institutionId ?? null,
    status: 'pending',
    descriptor: null,
    boxX: null,
    boxY: null,
    boxWidth: null,
    boxHeight: null,
    score: null,
    faceCount: null,
    model: null,
    error: null,
    elapsedMs: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Puts a photo (back) in the queue: a pending row, whatever was there. */
export async function upsertPending(db: Executor, a: AttachmentRow, now: string): Promise<void> {
  const values = pendingValues(a, now);
  await db
    .insertInto('faceEmbeddings')
    .values(values)
    .onConflict((oc) =>
      oc.column('attachmentId').doUpdateSet({
        status: 'pending',
        descriptor: null,
        boxX: null,
        boxY: null,
        boxWidth: null,
        boxHeight: null,
        score: null,
        faceCount: null,
        model: null,
        error: null,
        elapsedMs: null,
        divisionCode: values.divisionCode,
        institutionId: values.institutionId,
        updatedAt: now,
      }),
    )
    .execute();
}

/** Pending rows with their photo's content hash and type (the worker reads the file). */
export function pendingPhotos(db: Executor, limit: number) {
  return db
    .selectFrom('faceEmbeddings as f')
    .innerJoin('attachments as a', 'a.id', 'f.attachmentId')
    .select(['f.attachmentId', 'a.contentHash', 'a.mediaType', 'a.status as attachmentStatus'])
    .where('f.status', '=', 'pending')
    .orderBy('f.updatedAt')
    .limit(limit)
    .execute();
}

export async function saveFaceResult(
  db: Executor,
  attachmentId: string,
  fields: Pick<
    FaceEmbeddingsTable,
    | 'status'
    | 'descriptor'
    | 'boxX'
    | 'boxY'
    | 'boxWidth'
    | 'boxHeight'
    | 'score'
    | 'faceCount'
    | 'model'
    | 'error'
    | 'elapsedMs'
  >,
  now: string,
): Promise<void> {
  await db
    .updateTable('faceEmbeddings')
    .set({ ...fields, updatedAt: now })
    .where('attachmentId', '=', attachmentId)
    .where('status', '=', 'pending')
    .execute();
}

export function findFaceRow(db: Executor, attachmentId: string): Promise<FaceEmbeddingRow | undefined> {
  return db
    .selectFrom('faceEmbeddings')
    .selectAll()
    .where('attachmentId', '=', attachmentId)
    .executeTakeFirst();
}

/** Rows changed at or after `watermark` (the index's follow-up read), oldest first. */
export function faceRowsSince(db: Executor, watermark: string) {
  return db
    .selectFrom('faceEmbeddings as f')
    .innerJoin('attachments as a', 'a.id', 'f.attachmentId')
    .select([
      'f.attachmentId',
      'f.ownerType',
      'f.ownerId',
      'f.divisionCode',
      'f.institutionId',
      'f.status',
      'f.descriptor',
      'f.updatedAt',
      'a.status as attachmentStatus',
    ])
    .where('f.updatedAt', '>=', watermark)
    .orderBy('f.updatedAt')
    .execute();
}

/** Of these attachment ids, the ones still active. */
export async function activeAttachmentIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('id', 'in', [...ids])
    .where('status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function faceRowCounts(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('faceEmbeddings')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
