export {
  citedAttachments,
  cleanFileName,
  downloadNameOf,
  getAttachment,
  isAttachmentIntegrityError,
  listAttachments,
  readAttachmentContent,
  removeAttachment,
  storeAttachment,
  verifyAttachments,
} from './attachments.service';
export type {
  AttachmentContent,
  AttachmentProblem,
  AttachmentVerification,
  AttachmentView,
  StoreAttachmentInput,
  StoredAttachment,
} from './attachments.service';
export {
  attachmentOwnerType,
  attachmentOwnerTypes,
  personAttachmentOwner,
  registerAttachmentOwnerType,
} from './owners';
export type { AttachmentOwner, AttachmentOwnerType } from './owners';
export {
  CONTENT_HASH_ALGORITHM,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  attachmentsRoot,
  contentPath,
} from './content-store';
export type { AttachmentSource, ContentProblem } from './content-store';
export { ACCEPTED_MEDIA_TYPES, EXTENSION_OF, MEDIA_TYPE_LABEL, detectMediaType } from './media-type';
export type { AttachmentMediaType, AttachmentRow, AttachmentsTable } from './attachments.table';
