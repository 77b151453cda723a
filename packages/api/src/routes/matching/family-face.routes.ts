/**
 * 人脸比对 → 寻亲候选 (docs/faces.md, ADR 0023/0025): a caseworker proposes a face-ranking hit as a
 * family-search candidate with channel `face`. The route is the matching line's — it keeps the candidates
 * and names its own permission `matching:family-review` — and hands its write (`proposeFamilyCandidate`)
 * to the platform's face service, which checks both photos' scope (404 outside), that both are embedded,
 * and computes the distance; the platform never imports a line (ADR 0010). The review queue decides.
 */
import { proposeFaceCandidate, searchFaces } from '@social-affairs/core';
import { familyFaceScope, proposeFamilyCandidate } from '@social-affairs/core/matching';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { faceErrorHandler, faceErrors, faceSearchBody, faceSearchView } from '../faces.routes';
import { tags } from './shared';

const faceProposeBody = z.strictObject({
  attachmentId: z.string().trim().min(1).max(64).describe('比对依据的照片附件编号'),
  hitAttachmentId: z.string().trim().min(1).max(64).describe('人脸比对结果中的照片附件编号'),
});

const faceProposeView = z.object({
  proposed: z.boolean(),
  candidateId: z.string().nullable().describe('寻亲候选编号'),
  message: z.string(),
});

export const familyFaceRoutes: FastifyPluginAsyncZod = async (app) => {
  // 503 FACE_RANKING_UNAVAILABLE (人脸比对组件未安装) while the optional face packages are missing.
  app.setErrorHandler(faceErrorHandler);
  app.post(
    '/api/matching/family-candidates/face',
    {
      config: { access: 'matching:family-review', personalData: 'record' },
      schema: {
        tags,
        summary: '把人脸比对结果提交为寻亲候选（来源：人脸比对），由工作人员审核确认',
        body: faceProposeBody,
        response: { 200: faceProposeView, ...faceErrors },
      },
    },
    async (req) =>
      proposeFaceCandidate(app.core, actorOf(req), req.body, {
        permission: familyFaceScope.permission,
        propose: proposeFamilyCandidate,
        records: familyFaceScope.records,
      }),
  );

  // The face search of 寻亲 (ADR 0025 §9): as /api/faces/search, plus the family-search records of another
  // kind outside the searcher's scope, minimised (a station's caseworker finds reports filed anywhere).
  app.post(
    '/api/matching/family-candidates/face-search',
    {
      config: { access: 'matching:family-review', personalData: 'list' },
      schema: {
        tags,
        summary:
          '寻亲人脸比对：在可见照片之外，也列出辖区外其他类别寻亲记录的照片（只显示类别、县级地点和年份），仅供参考',
        body: faceSearchBody,
        response: { 200: faceSearchView, ...faceErrors },
      },
    },
    async (req) => searchFaces(app.core, actorOf(req), req.body, familyFaceScope),
  );
};
