import { z } from 'zod';
import { sortParam } from './sort';

/** The audit log sorts by time only (its sequence): newest first by default, `at` for oldest first. */
export const AUDIT_SORT_FIELDS = ['at'] as const;
export const AUDIT_SORT_LABELS = { at: '时间' } as const;

export const auditQuery = z.object({
  actor: z.string().trim().max(64).optional().describe('操作人用户名'),
  action: z.string().trim().max(64).optional().describe('操作代码（见 /api/audit/actions）'),
  targetType: z.string().trim().max(32).optional(),
  targetId: z.string().trim().max(64).optional(),
  personId: z.string().trim().max(64).optional().describe('当事人（人员）ID：谁读取或修改了此人的记录'),
  from: z
    .string()
    .trim()
    .max(30)
    .optional()
    .describe('起始：日期 YYYY-MM-DD（按平台时区 Asia/Shanghai 当日零时起，含）或 ISO 8601 时刻（含）'),
  to: z
    .string()
    .trim()
    .max(30)
    .optional()
    .describe('截止：日期 YYYY-MM-DD（含当日全天，按平台时区）或 ISO 8601 时刻（不含）'),
  sort: sortParam(AUDIT_SORT_FIELDS, AUDIT_SORT_LABELS),
});

export const auditItem = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUsername: z.string(),
  /** The actor's display name (null: the system, or a sign-in name no account has). */
  actorName: z.string().nullable(),
  action: z.string(),
  /** Chinese name of the action. */
  actionLabel: z.string(),
  targetType: z.string(),
  targetTypeLabel: z.string(),
  targetId: z.string().nullable(),
  /** The object as a person reads it: a record number, a masked name, an account (never a full resident id). */
  targetLabel: z.string().nullable(),
  reason: z.string().nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  details: z.string(),
  /** The person whose record the row read or wrote (null: none, several, or before this was recorded). */
  subjectPersonId: z.string().nullable(),
  /** That person's name, masked (张*). */
  subjectLabel: z.string().nullable(),
});

/** One action of the audit page's picker. */
export const auditActionOption = z.object({ action: z.string(), label: z.string(), group: z.string() });

/** One account of the audit page's actor picker. */
export const auditActorOption = z.object({ username: z.string(), displayName: z.string() });

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
