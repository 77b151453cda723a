/** Back-fill import of historical marriage records (历史婚姻登记补录). */
import { z } from 'zod';
import { divisionCodeSchema } from '../common';
import { text } from './text-field';

export const importBody = z.strictObject({
  fileName: text(120, '请提供文件名'),
  format: z.enum(['csv', 'xlsx']),
  /** CSV text (UTF-8) or the .xlsx file as base64. */
  content: z.string().min(1).max(1_000_000),
  divisionCode: divisionCodeSchema.describe('按名称填写登记机关的记录所属区划'),
});

const importMessage = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });

export const importRowReport = z.object({
  rowNo: z.number().int(),
  status: z.enum(['imported', 'failed', 'awaiting_match', 'matched']),
  marriageId: z.string().nullable(),
  messages: z.array(importMessage),
});

export const importSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  divisionCode: z.string(),
  totalRows: z.number().int(),
  importedRows: z.number().int(),
  failedRows: z.number().int(),
  awaitingRows: z.number().int(),
  createdAt: z.string(),
});

export const importReport = importSummary.extend({ rows: z.array(importRowReport) });
export type ImportReportDto = z.infer<typeof importReport>;

export const resolveImportRowBody = z.strictObject({
  husbandPersonId: z.string().max(64).nullish().describe('关联人口基础库中的已有人员'),
  wifePersonId: z.string().max(64).nullish().describe('关联人口基础库中的已有人员'),
  /** No such person in the index: create one from the row (name, sex, birth date; no id number). */
  husbandAsNewPerson: z.boolean().optional().describe('库中无此人：按本行信息新建人员（无身份证号）'),
  wifeAsNewPerson: z.boolean().optional().describe('库中无此人：按本行信息新建人员（无身份证号）'),
});
