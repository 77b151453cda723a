import { z } from 'zod';

export const auditQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(32).optional(),
  targetId: z.string().trim().max(64).optional(),
  from: z.string().trim().max(30).optional().describe('起始时间（含），ISO 8601'),
  to: z.string().trim().max(30).optional().describe('截止时间（不含），ISO 8601'),
});

export const auditItem = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUsername: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  reason: z.string().nullable(),
  divisionCode: z.string().nullable(),
  details: z.string(),
});

export const auditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.enum(['edited', 'inserted', 'deleted', 'broken']).nullable(),
  message: z.string(),
});
