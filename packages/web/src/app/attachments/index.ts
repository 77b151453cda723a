/**
 * The shared attachments component of every line (docs/attachments.md, "Web component"):
 * `<AttachmentsPanel ownerType ownerId kinds? title? readOnly? onChange? />` lists, uploads (camera on a
 * tablet), previews and removes an owner record's attachments; `<AttachmentPicker ownerType ownerId kind
 * value onChange />` uploads or picks one attachment for a form that cites it.
 */
export { AttachmentsPanel, type AttachmentsPanelProps } from './attachments-panel';
export { AttachmentPicker, type AttachmentPickerProps } from './attachment-picker';
export {
  ATTACHMENT_ACCEPT,
  attachmentContentUrl,
  fetchAttachment,
  fetchAttachmentOwnerTypes,
  fetchAttachments,
  formatFileSize,
  onAttachmentsChanged,
  removeAttachment,
  uploadAttachment,
  type AttachmentKind,
  type AttachmentMediaType,
  type AttachmentOwnerTypeInfo,
  type AttachmentOwnerTypes,
  type AttachmentView,
  type UploadedAttachment,
} from './attachments.api';
export { useAttachments, useOwnerType } from './use-attachments';
