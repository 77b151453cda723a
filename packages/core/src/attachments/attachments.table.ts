/**
 * Row type of the attachment store's metadata (migration 0005-attachments) as Kysely sees it through
 * CamelCasePlugin. Instants are ISO-8601 UTC text.
 */
import type { Selectable } from 'kysely';

/** The content types the store accepts, detected from the bytes (media-type.ts). */
export type AttachmentMediaType =
  'image/jpeg' | 'image/png' | 'image/webp' | 'image/tiff' | 'application/pdf';

export interface AttachmentsTable {
  id: string;
  /** SM3 of the bytes (64 lower-case hex digits), also the file's name under the store's folder. */
  contentHash: string;
  sizeBytes: number;
  mediaType: AttachmentMediaType;
  /** The uploader's file name, cleaned (no folders, no control characters); shown and offered on download. */
  fileName: string;
  /** Division of the owner record when attached: who may see the attachment (scope prefix). */
  divisionCode: string;
  /**
   * Institution of the owner record when attached (a rescue station …; migration
   * 0019-attachment-institution), null for records without one: with the division, who may see it.
   */
  institutionId: string | null;
  /** Registered owner type (`person`, later `rescue_case`, `funeral_case` …). */
  ownerType: string;
  ownerId: string;
  /** The person the attachment shows or concerns, when the owner type knows one. */
  subjectPersonId: string | null;
  /** Purpose label within the owner type: `photo`, `fingerprint`, `death_certificate` … */
  kind: string;
  /** Username of the uploader. */
  uploadedBy: string;
  uploadedAt: string;
  status: 'active' | 'removed';
  removedBy: string | null;
  removedAt: string | null;
  removeReason: string | null;
}

export type AttachmentRow = Selectable<AttachmentsTable>;
