import type { FastifyReply } from 'fastify';

/** A rendered document: the PDF bytes and the (Chinese) file name it is shown and saved under. */
export interface PdfDocument {
  fileName: string;
  pdf: Buffer | Uint8Array;
}

/** RFC 5987 `ext-value` characters: everything else is percent-encoded (also `'()*`). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `Content-Disposition: inline` (RFC 6266) with an ASCII fallback name and the real, usually Chinese,
 * name per RFC 5987: the browser shows the document in its PDF viewer (print preview) instead of
 * downloading it, and saves it under the Chinese name if the user chooses to.
 */
export function inlinePdfDisposition(fileName: string): string {
  const ascii = /^[\x20-\x7e]+$/.test(fileName) && !/["\\%;]/.test(fileName);
  return `inline; filename="${ascii ? fileName : 'document.pdf'}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/**
 * Sends a printed document to be opened in the browser (a new tab with the built-in viewer, from which
 * the clerk prints). Never cached: documents carry personal data. The platform's security headers
 * (CSP with `object-src 'none'`, `X-Frame-Options: DENY`) stay as they are: Chromium's and Firefox's
 * viewers show a PDF opened as a top-level document under them (checked with Chromium 156).
 */
export function sendPdf(reply: FastifyReply, doc: PdfDocument) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', inlinePdfDisposition(doc.fileName))
    .header('cache-control', 'no-store')
    .send(doc.pdf);
}
