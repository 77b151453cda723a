/**
 * Typed calls of the platform attachment store (docs/attachments.md, /api/attachments). Uploads send the
 * raw file as the request body (no multipart) with the owner record, purpose and file name in the query
 * string; the server decides the type from the first bytes and answers 201 (new) or 200 (the same bytes
 * were already attached for that purpose). Content URLs are same-origin: an `<img>` or a new tab sends the
 * session cookie, and every content read is audited by the server.
 */
import { ApiError, api, apiUrl, type QueryParams } from '../api-client';

export type AttachmentMediaType =
  'image/jpeg' | 'image/png' | 'image/webp' | 'image/tiff' | 'application/pdf';

export interface AttachmentView {
  id: string;
  ownerType: string;
  ownerId: string;
  subjectPersonId: string | null;
  kind: string;
  /** 中文用途，如「照片」 */
  kindLabel: string;
  fileName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  contentHash: string;
  divisionCode: string;
  /** The owner record's institution (a rescue station …) when it has one. */
  institutionId?: string | null;
  uploadedBy: string;
  uploadedAt: string;
  status: 'active' | 'removed';
  removedBy: string | null;
  removedAt: string | null;
  removeReason: string | null;
}

export interface AttachmentKind {
  kind: string;
  label: string;
}

export interface AttachmentOwnerTypeInfo {
  type: string;
  label: string;
  kinds: AttachmentKind[];
  maxBytes: number;
  /** Permission needed to list and view (absent from older servers: then assume allowed). */
  readPermission?: string;
  /** Permission needed to upload and remove. */
  writePermission?: string;
}

export interface AttachmentOwnerTypes {
  acceptedMediaTypes: AttachmentMediaType[];
  ownerTypes: AttachmentOwnerTypeInfo[];
}

/** What the upload inputs offer in the file dialog (the server checks the bytes themselves). */
export const ATTACHMENT_ACCEPT = 'image/*,application/pdf';

/** Types a browser can show as an `<img>` (TIFF scans and PDFs open in a new tab instead). */
export const PREVIEWABLE_TYPES: ReadonlySet<AttachmentMediaType> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
]);

export const MEDIA_TYPE_NAMES: Record<AttachmentMediaType, string> = {
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'image/tiff': 'TIFF 扫描件',
  'application/pdf': 'PDF 文件',
};

type ChangeListener = (ownerType: string, ownerId: string) => void;
const changeListeners = new Set<ChangeListener>();

/**
 * Called after any upload or removal through this module, with the owner record it concerned: every
 * panel and picker showing that record re-reads its list (a file uploaded in a panel appears at once in a
 * picker of the same case).
 */
export function onAttachmentsChanged(listener: ChangeListener): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

function changed(a: Pick<AttachmentView, 'ownerType' | 'ownerId'>): void {
  for (const listener of changeListeners) listener(a.ownerType, a.ownerId);
}

let ownerTypesCache: Promise<AttachmentOwnerTypes> | undefined;

/** Owner types, purposes and size limits; fetched once per page load (they change only with a release). */
export function fetchAttachmentOwnerTypes(): Promise<AttachmentOwnerTypes> {
  ownerTypesCache ??= api.get<AttachmentOwnerTypes>('/api/attachments/owner-types').catch((e: unknown) => {
    ownerTypesCache = undefined;
    throw e;
  });
  return ownerTypesCache;
}

export function fetchAttachments(
  ownerType: string,
  ownerId: string,
  options: { includeRemoved?: boolean; signal?: AbortSignal } = {},
): Promise<AttachmentView[]> {
  const query: QueryParams = { ownerType, ownerId };
  if (options.includeRemoved) query.includeRemoved = 'true';
  return api.get<AttachmentView[]>('/api/attachments', query, options.signal);
}

export function fetchAttachment(id: string, signal?: AbortSignal): Promise<AttachmentView> {
  return api.get<AttachmentView>(`/api/attachments/${encodeURIComponent(id)}`, undefined, signal);
}

/** URL of the bytes (inline); `reason` is recorded in the audit log with the read. */
export function attachmentContentUrl(id: string, reason?: string): string {
  return apiUrl(`/api/attachments/${encodeURIComponent(id)}/content`, { reason });
}

export async function removeAttachment(id: string, reason: string): Promise<AttachmentView> {
  const removed = await api.post<AttachmentView>(`/api/attachments/${encodeURIComponent(id)}/remove`, {
    reason,
  });
  changed(removed);
  return removed;
}

export interface UploadAttachmentInput {
  ownerType: string;
  ownerId: string;
  kind: string;
  file: Blob;
  /** Defaults to the File's name. */
  fileName?: string;
  signal?: AbortSignal;
  /** 0–100 while the body is sent. */
  onProgress?: (percent: number) => void;
}

export interface UploadedAttachment {
  attachment: AttachmentView;
  /** False when these bytes were already attached to the record for this purpose. */
  created: boolean;
}

function parseError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error && typeof body.error.code === 'string') {
      const details =
        typeof body.error.details === 'object' && body.error.details !== null
          ? (body.error.details as Record<string, unknown>)
          : {};
      return new ApiError(status, body.error.code, body.error.message || body.error.code, details);
    }
  } catch {
    // not JSON: fall through
  }
  if (status === 413) return new ApiError(status, 'HTTP_413', '文件过大，请压缩后重新上传');
  if (status === 401) return new ApiError(status, 'HTTP_401', '登录已失效，请重新登录');
  return new ApiError(status, `HTTP_${status}`, `上传失败（HTTP ${status}），请稍后重试`);
}

/**
 * Uploads one file as the raw request body. Uses XMLHttpRequest rather than fetch so a slow tablet
 * connection shows progress. Rejects with an `ApiError` carrying the server's Chinese message
 * (`ATTACHMENT_TOO_LARGE`, `ATTACHMENT_TYPE_NOT_ALLOWED`, `ATTACHMENT_EMPTY` …).
 */
export function uploadAttachment(input: UploadAttachmentInput): Promise<UploadedAttachment> {
  const fileName = input.fileName ?? (input.file instanceof File ? input.file.name : undefined);
  const url = apiUrl('/api/attachments', {
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    kind: input.kind,
    fileName,
  });
  return new Promise<UploadedAttachment>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (input.onProgress) {
      const report = input.onProgress;
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) report(Math.round((e.loaded / e.total) * 100));
      };
    }
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) {
        try {
          const attachment = JSON.parse(xhr.responseText) as AttachmentView;
          changed(attachment);
          resolve({ attachment, created: xhr.status === 201 });
        } catch {
          reject(
            new ApiError(xhr.status, 'HTTP_BAD_BODY', '服务器返回的内容无法识别，请刷新后查看是否已上传'),
          );
        }
        return;
      }
      reject(parseError(xhr.status, xhr.responseText));
    };
    // The server closes the connection at once on a refused upload (too large, wrong type); some browsers
    // then report a network error instead of the answer.
    xhr.onerror = () =>
      reject(
        new ApiError(0, 'NETWORK_ERROR', '上传中断：文件可能过大或类型不受支持，或网络异常；请检查后重试'),
      );
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    input.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(input.file);
  });
}

/** `12.3 KB`, `1.5 MB`. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const one = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  if (bytes < 1024 * 1024) return `${one(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${one(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

/** Purposes treated as photos: the camera is offered first for them on a tablet or phone. */
export function isPhotoKind(kind: string, label = ''): boolean {
  return /photo|face|picture|portrait|scene/i.test(kind) || /照片|相片|影像|现场/.test(label);
}
