/**
 * Face ranking (人脸比对) over HTTP (docs/faces.md, ADR 0025): status, a photo's face row, re-embedding and
 * the top-k search. Proposing a hit as a family-search candidate is the matching line's route
 * (`POST /api/matching/family-candidates/face`, routes/matching/family-face.routes.ts): a platform route
 * never imports a line (ADR 0010). Scope is checked like the
 * attachment routes (a photo outside the caller's scope: 404) before anything else; while the optional
 * face packages are not installed every route but the status answers 503 `FACE_RANKING_UNAVAILABLE`
 * (人脸比对组件未安装). New photos are queued by the platform job `faces.follow-new-photos` and, once
 * a face route was used, by a follower every few seconds; the worker thread stops when the server closes.
 */
import {
  FaceRankingUnavailable,
  faceEmbeddingOf,
  faceStatus,
  requestFaceEmbedding,
  searchFaces,
  startFaceFollower,
  stopFaces,
} from '@social-affairs/core';
import { errorResponses } from '@social-affairs/kernel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access';
import { errorBody, handleError } from '../errors';

const errors = { ...errorResponses, 503: errorResponses[400] };
const tags = ['人脸比对'];

const idParam = z.object({ id: z.string().min(1).max(64) });
const box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const faceEmbeddingView = z.object({
  attachmentId: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  status: z
    .enum(['none', 'pending', 'done', 'no_face', 'failed'])
    .describe('none 尚未提取；pending 排队中；done 已提取；no_face 未检出人脸；failed 提取失败'),
  score: z.number().nullable().describe('所用人脸的检测置信度（0–1）'),
  box: box.nullable().describe('所用人脸在照片中的位置（像素）'),
  faceCount: z.number().int().nullable().describe('照片中检出的人脸数（取最大的一张）'),
  model: z.string().nullable(),
  error: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const statusView = z.object({
  available: z.boolean(),
  reason: z.string().nullable().describe('不可用的原因（中文）'),
  model: z.string(),
  queueLength: z.number().int().describe('排队待提取的照片数'),
  embeddings: z.number().int().describe('已提取人脸特征的照片数'),
  threshold: z.number().describe('相似度较高的距离阈值（未经真实照片校准，仅作提示）'),
  faceKinds: z.array(z.object({ ownerType: z.string(), kind: z.string() })),
});

const hitView = z.object({
  attachmentId: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  ownerTypeLabel: z.string(),
  ownerLabel: z.string().nullable(),
  distance: z.number().describe('人脸特征的欧氏距离，越小越相似'),
  similarity: z.number().describe('1 − 距离（仅作显示）'),
  withinThreshold: z.boolean(),
  minimised: z
    .boolean()
    .describe(
      '不在本人管辖范围内的寻亲记录照片（仅寻亲人脸比对返回）：不显示照片，只显示类别、县级地点和年份',
    ),
  outsideScope: z
    .enum(['county', 'jurisdiction'])
    .nullable()
    .describe('county 外县；jurisdiction 本县但不在本人辖区（如其他救助站）；null 在本人管辖范围内'),
});

export const faceSearchBody = z.strictObject({
  attachmentId: z.string().trim().min(1).max(64).describe('作为比对依据的照片附件编号'),
  k: z.number().int().min(1).max(500).optional().describe('返回条数，默认 20'),
  ownerTypes: z
    .array(z.string().trim().min(1).max(40))
    .max(20)
    .optional()
    .describe('只比对这些记录类型的照片'),
});

/** The answer of a face search (the platform route and the matching line's family-search face search). */
export const faceSearchView = z.object({
  query: faceEmbeddingView,
  threshold: z.number(),
  hits: z.array(hitView),
});

/** Error responses of a face route: the usual ones and 503 while the face packages are missing. */
export const faceErrors = errors;

/** The error handler of a plugin with face routes: 503 `FACE_RANKING_UNAVAILABLE`, else the usual mapping. */
export function faceErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof FaceRankingUnavailable)
    return reply.status(503).send(errorBody(err.code, err.reason, { reason: err.reason }));
  return handleError(err, req, reply);
}

export const faceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.setErrorHandler(faceErrorHandler);
  // The follower looks for new photos every `followSeconds` once face ranking is first used in this
  // process (the platform job faces.follow-new-photos covers a server nobody has asked yet).
  app.addHook('onRequest', async () => {
    startFaceFollower(app.core, (err) => app.log.warn({ err }, 'face follower failed'));
  });
  app.addHook('onClose', async () => {
    await stopFaces(app.core);
  });

  app.get(
    '/api/faces/status',
    {
      config: { access: 'people:read', personalData: false },
      schema: {
        tags,
        summary: '人脸比对是否可用、排队数与已提取数',
        response: { 200: statusView, ...errors },
      },
    },
    async (req) => faceStatus(app.core, actorOf(req)),
  );

  app.get(
    '/api/faces/attachments/:id',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '照片的人脸特征提取状态',
        params: idParam,
        response: { 200: faceEmbeddingView, ...errors },
      },
    },
    async (req) => faceEmbeddingOf(app.core, actorOf(req), req.params.id),
  );

  app.post(
    '/api/faces/attachments/:id/embed',
    {
      config: { access: 'people:read', personalData: 'record' },
      schema: {
        tags,
        summary: '重新提取照片的人脸特征（放回队列）',
        params: idParam,
        response: { 200: faceEmbeddingView, ...errors },
      },
    },
    async (req) => requestFaceEmbedding(app.core, actorOf(req), req.params.id),
  );

  app.post(
    '/api/faces/search',
    {
      config: { access: 'people:read', personalData: 'list' },
      schema: {
        tags,
        summary: '人脸比对：按人脸特征距离列出其他记录中最相近的照片（仅供参考，须人工核实）',
        body: faceSearchBody,
        response: {
          200: faceSearchView,
          ...errors,
        },
      },
    },
    async (req) => searchFaces(app.core, actorOf(req), req.body),
  );
};
