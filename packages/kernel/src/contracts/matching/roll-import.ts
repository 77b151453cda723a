/**
 * Roll files (CSV or .xlsx) imported through the server's import pipeline: `POST
 * /api/matching/rolls/import` takes the file's raw bytes and answers the per-row report below.
 */
import { z } from 'zod';

/** Largest roll file accepted by the upload route (bytes). */
export const ROLL_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export const rollImportQuery = z.strictObject({
  source: z
    .string()
    .trim()
    .min(1, { message: '请填写名单名称' })
    .max(50)
    .describe('名单名称（来源），如“殡仪馆火化名单”'),
  fileName: z.string().trim().max(255).optional().describe('原文件名（仅作显示；格式按内容判断）'),
});

export const importIssueView = z.object({
  rowNo: z.number().int().describe('文件中的行号（表头为第 1 行）'),
  column: z.string().nullable(),
  header: z.string().nullable().describe('列的中文名；整行的问题为 null'),
  severity: z.enum(['error', 'note']),
  code: z.string(),
  reason: z.string(),
  message: z.string().describe('整句中文说明，如：第 3 行「出生日期」：出生日期“1962-13-02”不是有效日期'),
});

export const rollImportReport = z.object({
  runId: z.string(),
  source: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  repeated: z.boolean().describe('同一文件此前已导入到该名单：本次未做任何改动'),
  rowsRead: z.number().int(),
  rowsApplied: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsRefused: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  issues: z.array(importIssueView).describe('前 1000 条问题；全部问题见报告下载'),
  issuesTruncated: z.boolean(),
});
export type RollImportReport = z.infer<typeof rollImportReport>;
