/**
 * Row type of the face store (migration 0028-face-embeddings) as Kysely sees it through CamelCasePlugin:
 * one row per photo attachment of a face-bearing owner type (faces.config.ts), keyed by the attachment.
 * Instants are ISO-8601 UTC text; the descriptor is the 128 floats of face-api's recognition net as the
 * base64 of a little-endian Float32Array (portable text, 684 characters).
 */
import type { Selectable } from 'kysely';

export type FaceEmbeddingStatus = 'pending' | 'done' | 'no_face' | 'failed';

export interface FaceEmbeddingsTable {
  /** The photo's attachment (attachments.id). */
  attachmentId: string;
  /** Copied from the attachment: which record the photo hangs on. */
  ownerType: string;
  ownerId: string;
  /** Copied from the attachment: who may see it (scope, ADR 0009). */
  divisionCode: string;
  institutionId: string | null;
  status: FaceEmbeddingStatus;
  /** base64 of Float32Array(128), when done. */
  descriptor: string | null;
  /** Face box in pixels of the photo: x, y, width, height (done only). */
  boxX: number | null;
  boxY: number | null;
  boxWidth: number | null;
  boxHeight: number | null;
  /** Detection score 0–1 of the face used (done only). */
  score: number | null;
  /** Faces found in the photo (the largest is used). */
  faceCount: number | null;
  /** Detector + recognition net, e.g. `face-api 1.7.15 ssd_mobilenetv1+landmark68+recognition`. */
  model: string | null;
  /** Why it failed (English, technical), failed only. */
  error: string | null;
  /** Worker time for the photo in ms (decode + detection + descriptor). */
  elapsedMs: number | null;
  createdAt: string;
  updatedAt: string;
}

export type FaceEmbeddingRow = Selectable<FaceEmbeddingsTable>;

export interface FaceTables {
  faceEmbeddings: FaceEmbeddingsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FaceTables {}
}
