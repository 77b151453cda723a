/**
 * The attachment store over HTTP (docs/attachments.md). Uploads are the raw file as the request body
 * (`Content-Type: application/octet-stream` or the file's own type; no multipart), with the owner record,
 * purpose and file name in the query string: the body streams straight into the store, checked by its
 * first bytes and its size as it arrives. The routes are gated by `people:read` (every role that handles
 * a line's records holds it; attachments are personal data); the service then checks the owner type's own
 * read or write permission and the caller's division scope (out of scope: 404).
 */
import {
  ACCEPTED_MEDIA_TYPES,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  EXTENSION_OF,
  attachmentOwnerTypes,
  getAttachment,
  isAttachmentIntegrityError,
  listAttachments,
  readAttachmentContent,
  removeAttachment,
  storeAttachment,
  type AttachmentMediaType,
} from '@social-affairs/core';
import { errorResponses } from '@social-affairs/kernel/contracts';
import { DomainError } from '@social-affairs/kernel';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { actorOf } from '../access';

const errors = errorResponses;
const tags = ['附件（照片、扫描件、签字表格）'];

const mediaType = z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/tiff', 'application/pdf']);

export const attachmentView = z.object({
  id: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  subjectPersonId: z.string().nullable(),
  kind: z.string(),
  kindLabel: z.string(),
  fileName: z.string(),
  mediaType,
  sizeBytes: z.number().int(),
  contentHash: z.string().describe('文件内容的 SM3 校验值（十六进制）'),
  divisionCode: z.string(),
  institutionId: z.string().nullable().describe('所属机构（如救助站）编号；无机构的记录为 null'),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  status: z.enum(['active', 'removed']),
  removedBy: z.string().nullable(),
  removedAt: z.string().nullable(),
  removeReason: z.string().nullable(),
});

const ownerQuery = z.object({
  ownerType: z.string().trim().min(1).max(40).describe('附件所属记录的类型，如 person（人员）'),
  ownerId: z.string().trim().min(1).max(64).describe('附件所属记录的编号'),
});
const uploadQuery = ownerQuery.extend({
  kind: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('附件用途，如 photo（照片）、death_certificate（死亡证明）'),
  fileName: z.string().max(255).optional().describe('原文件名（仅作显示；文件类型按内容判断）'),
});
const listQuery = ownerQuery.extend({
  includeRemoved: z.enum(['true', 'false']).optional().describe('是否包括已删除的附件'),
});
const idParam = z.object({ id: z.string().min(1).max(64) });

/** RFC 5987 `ext-value` characters: everything else is percent-encoded. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `inline` with an ASCII fallback name and the real (Chinese) one per RFC 5987 / RFC 6266. */
export function inlineDisposition(fileName: string, type: AttachmentMediaType): string {
  const ascii = /^[\x20-\x7e]+$/.test(fileName) && !/["\\%]/.test(fileName);
  const fallback = ascii ? fileName : `attachment.${EXTENSION_OF[type]}`;
  return `inline; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  // Any body that is not JSON reaches the upload handler as the raw stream (this plugin's scope only).
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  app.get(
    '/api/attachments/owner-types',
    {
      config: { access: 'authenticated', personalData: false },
      schema: {
        tags,
        summary: '可上传附件的记录类型、用途与限制',
        response: {
          200: z.object({
            acceptedMediaTypes: z.array(mediaType),
            ownerTypes: z.array(
              z.object({
                type: z.string(),
                label: z.string(),
                kinds: z.array(z.object({ kind: z.string(), label: z.string() })),
                maxBytes: z.number().int(),
                readPermission: z.string().describe('查看附件所需权限'),
                writePermission: z.string().describe('上传、删除附件所需权限'),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async () => ({
      acceptedMediaTypes: ACCEPTED_MEDIA_TYPES,
      ownerTypes: attachmentOwnerTypes(app.core).map((d) => ({
        type: d.type,
        label: d.label,
        kinds: Object.entries(d.kinds).map(([kind, label]) => ({ kind, label })),
        maxBytes: d.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
        readPermission: d.readPermission,
        writePermission: d.writePermission,
      })),
    }),
  );

  app.post(
    '/api/attachments',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary:
          '上传附件：请求体为文件原始内容（application/octet-stream），记录类型、编号、用途和文件名在查询参数中；只接受 JPEG/PNG/WebP/TIFF/PDF（按内容判断），默认不超过 10 MB',
        querystring: uploadQuery,
        response: { 200: attachmentView, 201: attachmentView, ...errors },
      },
    },
    async (req, reply) => {
      const type = String(req.headers['content-type'] ?? '');
      if (type.toLowerCase().startsWith('multipart/')) {
        reply.header('connection', 'close');
        throw new DomainError(
          'invalid',
          'ATTACHMENT_UPLOAD_FORMAT',
          '请以文件原始内容作为请求体上传（Content-Type: application/octet-stream），不支持 multipart 表单',
          { field: 'file' },
        );
      }
      const body: unknown = req.body;
      if (body !== undefined && body !== null && !(body instanceof Readable)) {
        throw new DomainError(
          'invalid',
          'ATTACHMENT_UPLOAD_FORMAT',
          '请求体应为文件原始内容，而不是 JSON（Content-Type: application/octet-stream）',
          { field: 'file' },
        );
      }
      try {
        const { attachment, created } = await storeAttachment(app.core, actorOf(req), {
          ...req.query,
          content: body instanceof Readable ? body : new Uint8Array(0),
        });
        return reply.status(created ? 201 : 200).send(attachment);
      } catch (err) {
        // A refused upload may leave most of the body unread: close the connection rather than drain it.
        if (body instanceof Readable && !body.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  );

  app.get(
    '/api/attachments',
    {
      config: { access: 'people:read', personalData: 'list' },
      schema: {
        tags,
        summary: '某条记录的附件列表',
        querystring: listQuery,
        response: { 200: z.array(attachmentView), ...errors },
      },
    },
    async (req) =>
      listAttachments(app.core, actorOf(req), {
        ownerType: req.query.ownerType,
        ownerId: req.query.ownerId,
        includeRemoved: req.query.includeRemoved === 'true',
      }),
  );

  app.get(
    '/api/attachments/:id',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '附件信息',
        params: idParam,
        response: { 200: attachmentView, ...errors },
      },
    },
    async (req) => getAttachment(app.core, actorOf(req), req.params.id),
  );

  app.get(
    '/api/attachments/:id/content',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '查看/下载附件内容（校验完整性后提供，记入审计日志）',
        params: idParam,
        querystring: z.object({
          reason: z.string().trim().max(200).optional().describe('查阅事由（记入审计日志）'),
        }),
      },
    },
    async (req, reply) => {
      try {
        const content = await readAttachmentContent(app.core, actorOf(req), req.params.id, req.query.reason);
        return reply
          .header('content-type', content.attachment.mediaType)
          .header('content-length', content.bytes.length)
          .header(
            'content-disposition',
            inlineDisposition(content.downloadName, content.attachment.mediaType),
          )
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .send(content.bytes);
      } catch (err) {
        if (isAttachmentIntegrityError(err)) {
          req.log.error(
            { attachmentId: req.params.id, code: err.code },
            'attachment file missing or corrupted',
          );
        }
        throw err;
      }
    },
  );

  app.post(
    '/api/attachments/:id/remove',
    {
      config: { access: 'people:read', personalData: false },
      schema: {
        tags,
        summary: '删除附件（须填写原因，记入审计日志；文件保留以备核查）',
        params: idParam,
        body: z.object({ reason: z.string().max(200) }).strict(),
        response: { 200: attachmentView, ...errors },
      },
    },
    async (req) => removeAttachment(app.core, actorOf(req), req.params.id, req.body.reason),
  );
};
