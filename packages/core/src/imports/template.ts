/** The .xlsx files the pipeline hands out: a line's template, and a run's per-row report. */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { Actor } from '../access/actor';
import type { CoreContext } from '../context';
import { importRunIssues, importRunReport } from './imports.service';
import type { ImportSpec } from './spec';

/**
 * The template of a spec: a first sheet with the Chinese headers (bold, frozen) and, when the columns
 * give examples, one example row; a second sheet 填写说明 explaining each column (required or not, hint)
 * and the spec's notes. The template read back through the same spec reports no error.
 */
export async function importTemplateXlsx(
  spec: ImportSpec<unknown>,
  options: { example?: boolean } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(spec.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    // Text format, so that Excel keeps 18-digit ids and leading zeros as typed.
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  if ((options.example ?? true) && spec.columns.some((c) => c.example !== undefined))
    sheet.addRow(Object.fromEntries(spec.columns.map((c) => [c.key, c.example ?? ''])));
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', width: 18 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 60 },
    { header: '英文列名（也可识别）', width: 28 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of spec.columns)
    notes.addRow([
      c.header,
      c.required ? '必填' : '可空',
      c.hint ?? '',
      [c.key, ...(c.aliases ?? [])].join(' / '),
    ]);
  notes.addRow([]);
  notes.addRow(['', '', '第一行为表头；列的顺序不限。CSV 文件请使用 UTF-8 编码。']);
  notes.addRow([
    '',
    '',
    '逐行校验：一行出错不影响其他行，出错行不会写入任何数据；同一文件重复导入不会重复写入。',
  ]);
  for (const n of spec.notes ?? []) notes.addRow(['', '', n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A run's full per-row report as .xlsx (行号, 列, 类别, 代码, 原因) under a summary, written with the
 * streaming workbook writer. 404 outside the caller's scope; the line's route checks permission.
 */
export async function importReportXlsx(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
  spec?: ImportSpec<unknown>,
): Promise<Buffer> {
  const report = await importRunReport(ctx, actor, runId, spec, 'import.report-export');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = wb.addWorksheet('导入报告', { views: [{ state: 'frozen', ySplit: 5 }] });
  sheet.columns = [
    { key: 'rowNo', width: 8 },
    { key: 'header', width: 18 },
    { key: 'severity', width: 8 },
    { key: 'code', width: 28 },
    { key: 'reason', width: 70 },
  ];
  sheet.addRow(['文件', report.fileName]).commit();
  sheet.addRow(['导入时间', report.startedAt]).commit();
  sheet
    .addRow([
      '结果',
      `读取 ${report.rowsRead} 行，写入 ${report.rowsApplied} 行，未变化 ${report.rowsUnchanged} 行，拒绝 ${report.rowsRefused} 行`,
    ])
    .commit();
  sheet.addRow([]).commit();
  const head = sheet.addRow(['行号', '列', '类别', '代码', '原因']);
  head.font = { bold: true };
  head.commit();
  for await (const i of importRunIssues(ctx, actor, runId, spec)) {
    sheet
      .addRow([i.rowNo, i.header ?? '（整行）', i.severity === 'error' ? '错误' : '提示', i.code, i.reason])
      .commit();
  }
  sheet.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
