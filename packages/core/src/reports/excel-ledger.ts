import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { formatInstantIn } from '@social-affairs/kernel';

export interface LedgerColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
  /** Add this column up in the totals row (a count or an amount). */
  total?: 'sum';
}

/**
 * What an export says above its table (issue 13 item 7): the title, when it was exported (on the
 * platform's wall clock, e.g. Asia/Shanghai) and by whom, the filter; and whether a totals row closes it.
 */
export interface LedgerHead {
  title: string;
  /** ISO instant of the export. */
  exportedAt: string;
  /** IANA time zone the export time is written in. */
  timeZone: string;
  /** The exporter as people know them: `张三（zhangsan）`. */
  exporter: string;
  /** The filter in Chinese, e.g. `区划 长沙市；状态 在世`; omitted when empty. */
  filterText?: string;
  /** A last row `合计（N 条）` with the columns marked `total: 'sum'` added up. */
  totals?: boolean;
}

/**
 * Streams a ledger (台账) as an .xlsx workbook: a Chinese sheet name, with `head` a title, export time,
 * exporter (and filter) above the table, a bold frozen header row with an autofilter, rows written as they
 * arrive so a whole-province export never sits in memory, and with `head.totals` a totals row.
 */
export function ledgerXlsxStream<T>(
  sheetName: string,
  columns: LedgerColumn<T>[],
  rows: AsyncIterable<T>,
  head?: LedgerHead,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const headLines = head
    ? [
        `导出时间：${formatInstantIn(head.exportedAt, head.timeZone)}；导出人：${head.exporter}`,
        ...(head.filterText ? [`筛选条件：${head.filterText}`] : []),
      ]
    : [];
  const headerRowNo = head ? 2 + headLines.length : 1;
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: headerRowNo }] });
  sheet.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width ?? 14 }));
  if (head) {
    const title = sheet.addRow([head.title]);
    title.font = { bold: true, size: 14 };
    title.commit();
    for (const line of headLines) sheet.addRow([line]).commit();
  }
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  sheet.autoFilter = {
    from: { row: headerRowNo, column: 1 },
    to: { row: headerRowNo, column: columns.length },
  };
  void (async () => {
    try {
      let count = 0;
      const sums = columns.map(() => 0);
      for await (const row of rows) {
        const values = columns.map((c) => c.value(row));
        values.forEach((v, i) => {
          if (columns[i]?.total === 'sum' && typeof v === 'number') sums[i]! += v;
        });
        count++;
        sheet.addRow(values).commit();
      }
      if (head?.totals) {
        const totals: (string | number | null)[] = columns.map((c, i) =>
          c.total === 'sum' ? sums[i]! : null,
        );
        totals[0] = `合计（${count} 条）`;
        const row = sheet.addRow(totals);
        row.font = { bold: true };
        row.commit();
      }
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
