import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';

export interface LedgerColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
}

/**
 * Streams a ledger (台账) as an .xlsx workbook: a Chinese sheet name, a bold frozen header row with
 * an autofilter, rows written as they arrive so a whole-province export never sits in memory.
 */
export function ledgerXlsxStream<T>(
  sheetName: string,
  columns: LedgerColumn<T>[],
  rows: AsyncIterable<T>,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  void (async () => {
    try {
      for await (const row of rows) sheet.addRow(columns.map((c) => c.value(row))).commit();
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  return out;
}

/** RFC 5987 Content-Disposition for a Chinese file name, with an ASCII fallback of the same extension. */
export function attachmentHeader(fileName: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1] ?? 'bin';
  return `attachment; filename="download.${ext}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
