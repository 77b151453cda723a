/**
 * The exchange workbook (ADR 0031): a sheet 说明 (standard, format version, division, period, exporter,
 * masking, rows per entity), then one sheet per entity named by its Chinese label, whose first row holds
 * the Chinese field names and second row the field codes of the dictionary (the JSON keys).
 */
import ExcelJS from 'exceljs';
import { formatInstantIn } from '@social-affairs/kernel';
import {
  EXCHANGE_FORMAT_VERSION,
  EXCHANGE_STANDARD,
  EXCHANGE_UNMASK_PERMISSION,
} from './exchange.dictionary';
import type { FuneralExchangeResult } from './exchange.service';

export async function exchangeWorkbook(
  r: FuneralExchangeResult,
  opts: { timeZone: string; exporter: string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 22 }, { width: 80 }];
  const title = about.addRow(['殡葬数据交换文件']);
  title.font = { bold: true, size: 14 };
  about.addRows([
    ['参照标准', `${EXCHANGE_STANDARD}（字段对应见 docs/funeral-exchange.md）`],
    ['格式版本', EXCHANGE_FORMAT_VERSION],
    ['区划', `${r.division.name}（${r.division.code}）`],
    ['期间', `${r.from} 至 ${r.to}（遗体档案按建档日）`],
    ['导出时间', formatInstantIn(r.exportedAt, opts.timeZone)],
    ['导出人', opts.exporter],
    [
      '个人信息',
      r.masked
        ? `已脱敏：公民身份号码、联系电话及含身份号码的证明编号（持有 ${EXCHANGE_UNMASK_PERMISSION} 权限者导出完整信息）`
        : '完整导出（导出人持有查看完整身份号码权限），请按规定保管',
    ],
  ]);
  about.addRow([]);
  const head = about.addRow(['数据类', '记录数 / 标准条目']);
  head.font = { bold: true };
  for (const s of r.sheets) {
    about.addRow([
      s.def.label,
      s.available
        ? `${s.rows.length} 条 · ${s.def.standardHeading}`
        : `本系统尚无此类数据（${s.def.standardHeading}）`,
    ]);
  }
  for (const s of r.sheets) {
    if (!s.available) continue;
    const sheet = wb.addWorksheet(s.def.label, { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.columns = s.def.fields.map((f) => ({ key: f.field, width: Math.max(12, f.label.length * 2 + 4) }));
    const labels = sheet.addRow(s.def.fields.map((f) => f.label));
    labels.font = { bold: true };
    const codes = sheet.addRow(s.def.fields.map((f) => f.field));
    codes.font = { italic: true, color: { argb: 'FF888888' } };
    for (const row of s.rows) sheet.addRow(s.def.fields.map((f) => row[f.field] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
