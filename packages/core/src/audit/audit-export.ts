/**
 * The audit log's Excel export: a head (title, export time, exporter, filter, rows exported) above a
 * frozen header row, rows streamed as they are read so a long period never sits in memory.
 */
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { formatInstantIn } from '@social-affairs/kernel';
import type { AuditItemView } from './audit-labels';
import type { AuditExport } from './audit.service';

const COLUMNS: {
  header: string;
  width: number;
  value: (r: AuditItemView, time: (iso: string) => string) => string | number;
}[] = [
  { header: '序号', width: 10, value: (r) => r.seq },
  { header: '时间', width: 20, value: (r, time) => time(r.at) },
  {
    header: '操作人',
    width: 22,
    value: (r) => (r.actorName ? `${r.actorName}（${r.actorUsername}）` : r.actorUsername),
  },
  { header: '操作', width: 26, value: (r) => r.actionLabel },
  { header: '操作代码', width: 26, value: (r) => r.action },
  { header: '对象', width: 30, value: (r) => [r.targetTypeLabel, r.targetLabel].filter(Boolean).join(' ') },
  { header: '当事人', width: 12, value: (r) => r.subjectLabel ?? '' },
  { header: '事由', width: 24, value: (r) => r.reason ?? '' },
  { header: '区划', width: 16, value: (r) => r.divisionName ?? r.divisionCode ?? '' },
  { header: '详情', width: 50, value: (r) => (r.details === '{}' ? '' : r.details) },
];

/** Streams the export as an .xlsx workbook (times on the platform's wall clock, Asia/Shanghai). */
export function auditXlsxStream(exp: AuditExport): Readable {
  const time = (iso: string) => formatInstantIn(iso, exp.timeZone);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 5 }] });
  sheet.columns = COLUMNS.map((c, i) => ({ key: `c${i}`, width: c.width }));
  const title = sheet.addRow([exp.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  sheet.addRow([`导出时间：${time(exp.exportedAt)}；导出人：${exp.exporter}`]).commit();
  sheet.addRow([`筛选条件：${exp.filterText}`]).commit();
  sheet
    .addRow([
      exp.exported < exp.total
        ? `导出条数：${exp.exported}（符合条件 ${exp.total} 条，超出部分请缩小时间段分次导出）`
        : `导出条数：${exp.exported}`,
    ])
    .commit();
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  sheet.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5, column: COLUMNS.length } };
  void (async () => {
    try {
      for await (const row of exp.rows) sheet.addRow(COLUMNS.map((c) => c.value(row, time))).commit();
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  return out;
}
