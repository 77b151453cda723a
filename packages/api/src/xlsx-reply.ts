import { attachmentHeader } from '@social-affairs/core';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook (stream or buffer) as a download with its Chinese file name. */
export function sendXlsx(reply: FastifyReply, fileName: string, body: Readable | Buffer | Uint8Array) {
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', attachmentHeader(fileName))
    .send(body);
}
