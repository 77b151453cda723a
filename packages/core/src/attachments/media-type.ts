import type { AttachmentMediaType } from './attachments.table';

/** Bytes needed to recognise every accepted type (WebP: `RIFF` + size + `WEBP`). */
export const MEDIA_TYPE_HEAD_BYTES = 12;

const startsWith = (head: Uint8Array, sig: readonly number[], at = 0): boolean =>
  head.length >= at + sig.length && sig.every((b, i) => head[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/**
 * The media type of a file from its first bytes (magic numbers), or null when it is none of the accepted
 * ones. The declared content type and the file name are never trusted: an HTML page or an executable
 * renamed `.jpg` is refused, a PNG named `.pdf` is a PNG.
 * - JPEG: FF D8 FF (JFIF, Exif and raw JPEG all start so)
 * - PNG: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A
 * - WebP: `RIFF` <4-byte size> `WEBP`
 * - TIFF (scanners): `II*\0` (little-endian) or `MM\0*` (big-endian)
 * - PDF: `%PDF-` at offset 0 (a PDF with junk before its header is refused)
 */
export function detectMediaType(head: Uint8Array): AttachmentMediaType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'image/tiff';
  }
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** File-name extension for each accepted type (downloads are named by the detected type). */
export const EXTENSION_OF: Record<AttachmentMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/tiff': 'tif',
  'application/pdf': 'pdf',
};

export const MEDIA_TYPE_LABEL: Record<AttachmentMediaType, string> = {
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'image/tiff': 'TIFF 扫描件',
  'application/pdf': 'PDF 文档',
};

export const ACCEPTED_MEDIA_TYPES = Object.keys(EXTENSION_OF) as AttachmentMediaType[];
