import { z } from 'zod';

export const auditQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(32).optional(),
  targetId: z.string().trim().max(64).optional(),
  personId: z.string().trim().max(64).optional().describe('当事人（人员）ID：谁读取或修改了此人的记录'),
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
  /** The person whose record the row read or wrote (null: none, several, or before this was recorded). */
  subjectPersonId: z.string().nullable(),
});

export const auditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  problem: z
    .enum([
      'edited',
      'inserted',
      'deleted',
      'broken',
      'unknown-key',
      'unsigned-rotation',
      'downgraded',
      'truncated',
      'rechained',
      'forged-checkpoint',
    ])
    .nullable(),
  message: z.string(),
  /** Rows before the switch-over to the keyed chain (plain SM3). */
  legacyRows: z.number().int(),
  /** Checkpoints the chain was checked against. */
  checkpoints: z.number().int(),
});
