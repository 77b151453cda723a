/** Contracts of the platform's social-assistance rolls (低保 / 特困 / 优抚; docs/assistance-rolls.md). */
import { z } from 'zod';
import { plainDateSchema } from '../plain-date';
import { divisionCodeSchema } from './common';
import { rollImportReport } from './matching/roll-import';

export const ASSISTANCE_PROGRAM_VALUES = ['tekun', 'dibao', 'youfu'] as const;
export const ASSISTANCE_PROGRAM_TEXT: Record<(typeof ASSISTANCE_PROGRAM_VALUES)[number], string> = {
  tekun: '特困人员',
  dibao: '低保对象',
  youfu: '生活困难的重点优抚对象',
};

export const assistanceImportQuery = z.strictObject({
  fileName: z.string().trim().max(255).optional().describe('原文件名（仅作显示；格式按内容判断）'),
});

export const assistanceMembershipsQuery = z.strictObject({
  divisionCode: divisionCodeSchema.optional(),
  program: z.enum(ASSISTANCE_PROGRAM_VALUES).optional(),
  inForceOn: plainDateSchema.optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const assistanceMembershipView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  rollName: z.string(),
  residentIdMasked: z.string().nullable(),
  program: z.enum(ASSISTANCE_PROGRAM_VALUES),
  label: z.string(),
  divisionCode: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  source: z.string(),
  importRunId: z.string().nullable(),
  inForce: z.boolean(),
});
export type AssistanceMembershipViewBody = z.infer<typeof assistanceMembershipView>;

export const assistanceImportRunView = z.object({
  runId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(['running', 'completed', 'failed']),
  rowsRead: z.number().int(),
  rowsApplied: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsRefused: z.number().int(),
  createdBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type AssistanceImportRunViewBody = z.infer<typeof assistanceImportRunView>;

/** The per-row report of a roll import (the import pipeline's report). */
export const assistanceImportReport = rollImportReport.omit({ source: true });
export type AssistanceImportReportBody = z.infer<typeof assistanceImportReport>;
