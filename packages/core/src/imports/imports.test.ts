import ExcelJS from 'exceljs';
import { isPlainDate } from '@social-affairs/kernel';
import { sql, type Kysely, type Transaction } from 'kysely';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemActor } from '../access/actor';
import type { Database } from '../db/schema';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import {
  ImportCellError,
  ImportRowRefused,
  importReportXlsx,
  importTemplateXlsx,
  mapHeader,
  normalizeHeader,
  runImport,
  type ImportProgress,
  type ImportSpec,
} from './index';

interface ProbeRow {
  key: string;
  name: string;
  amountFen: number;
  birthDate: string | null;
}

const SPEC: ImportSpec<ProbeRow> = {
  title: '测试名单',
  columns: [
    {
      key: 'key',
      header: '编号',
      aliases: ['Key', 'Ref No'],
      required: true,
      parse: z.string().regex(/^[A-Z]\d{3}$/, { message: '应为 1 个大写字母加 3 位数字' }),
      example: 'A001',
    },
    { key: 'name', header: '姓名', aliases: ['Name'], required: true, example: '张三' },
    {
      key: 'amountFen',
      header: '金额',
      aliases: ['Amount'],
      empty: 0,
      parse: (text) => {
        if (!/^\d+(\.\d{1,2})?$/.test(text))
          throw new ImportCellError('AMOUNT_INVALID', `金额“${text}”不是有效金额`);
        return Math.round(Number(text) * 100);
      },
      example: '12.50',
    },
    {
      key: 'birthDate',
      header: '出生日期',
      aliases: ['Birth date'],
      parse: (text, sink) => {
        if (!isPlainDate(text)) throw new ImportCellError('DATE_INVALID', `出生日期“${text}”不是有效日期`);
        if (text < '1900-01-01') sink.note('DATE_OLD_NOTE', '出生日期早于 1900 年，请核对');
        return text;
      },
      example: '1990-01-02',
    },
  ],
  checkRow: (row, sink) => {
    if (row.name === '无名氏' && row.birthDate === null)
      sink.error('NAME_NEEDS_BIRTH', '姓名为“无名氏”时须填写出生日期', 'birthDate');
  },
};

type Db = Kysely<Database>;
const probe = (db: Db | Transaction<Database>) =>
  db as unknown as Kysely<Record<string, Record<string, unknown>>>;

/** Insert-if-absent by the natural key `key`; a row whose name is 爆炸 fails after writing. */
async function applyProbe(trx: Transaction<Database>, row: ProbeRow) {
  const r = await sql`insert into import_probe (key, name, amount_fen, birth_date)
    values (${row.key}, ${row.name}, ${row.amountFen}, ${row.birthDate}) on conflict (key) do nothing`.execute(
    trx,
  );
  await sql`insert into import_probe_log (key) values (${row.key})`.execute(trx);
  if (row.name === '爆炸') throw new ImportRowRefused('PROBE_FAILED', '写入途中失败');
  return { status: Number(r.numAffectedRows ?? 0) === 1 ? ('applied' as const) : ('unchanged' as const) };
}

const rowsOf = async (db: Db) =>
  (await sql<ProbeRow>`select * from import_probe order by key`.execute(db)).rows.map((r) => ({
    ...r,
    amountFen: Number(r.amountFen),
  }));
const logCount = async (db: Db) =>
  Number(
    (await sql<{ n: number | string }>`select count(*) as n from import_probe_log`.execute(db)).rows[0]?.n ??
      0,
  );

describe('header matching', () => {
  it('ignores case, surrounding spaces and full-width forms', () => {
    expect(normalizeHeader(' ＮＡＭＥ ')).toBe('name');
    expect(normalizeHeader('Birth  Date')).toBe('birthdate');
    const map = mapHeader(SPEC, ['ｒｅｆ　ｎｏ', ' 姓名 ', 'AMOUNT', '']);
    expect(map.index).toEqual([0, 1, 2, -1]);
  });

  it('names missing required, repeated and unknown headers in Chinese', () => {
    expect(() => mapHeader(SPEC as ImportSpec<unknown>, ['金额'])).toThrow(/文件缺少列：编号、姓名/);
    expect(() => mapHeader(SPEC as ImportSpec<unknown>, ['编号', '姓名', '备注', 'X'])).toThrow(
      /无法识别的列：备注、X/,
    );
    expect(() => mapHeader(SPEC as ImportSpec<unknown>, ['编号', 'key', '姓名'])).toThrow(/重复：key/);
  });
});

describeEachDatabase('tabular import pipeline', (t) => {
  beforeEach(async () => {
    await sql`create table import_probe (key text primary key, name text not null, amount_fen integer not null, birth_date text)`.execute(
      t.db.kysely,
    );
    await sql`create table import_probe_log (key text not null)`.execute(t.db.kysely);
  });
  const actor = systemActor('importer', '430000');
  const run = (source: Buffer | Readable, extra: Partial<Parameters<typeof runImport<ProbeRow>>[2]> = {}) =>
    runImport<ProbeRow>(testContext(t.db), actor, {
      spec: SPEC,
      source,
      fileName: 'probe.csv',
      importKind: 'probe',
      divisionCode: '430000',
      applyRow: applyProbe,
      ...extra,
    });

  it('reads RFC 4180 CSV: quotes, embedded commas, quotes and line breaks, CRLF, a BOM and blank lines', async () => {
    const csv =
      '\uFEFF编号,姓名,金额,出生日期\r\n' +
      'A001,"张三, 李四",1.5,1990-01-02\r\n' +
      '\r\n' +
      'A002,"说""你好""",,\r\n' +
      'A003,"多\r\n行",2,\n' +
      'A004,王五,3,1980-05-05';
    const report = await run(Buffer.from(csv));
    expect(report).toMatchObject({
      rowsRead: 4,
      rowsApplied: 3,
      rowsRefused: 1,
      format: 'csv',
      repeated: false,
    });
    // The quoted line break was read inside the cell — and a name may not hold one (ADR 0013).
    expect(report.issues.map((i) => [i.header, i.code, i.reason])).toEqual([
      ['姓名', 'TEXT_INVALID_CHARACTER', '姓名：含有不允许的字符（U+000D 控制字符）'],
    ]);
    expect(await rowsOf(t.db.kysely)).toEqual([
      { key: 'A001', name: '张三, 李四', amountFen: 150, birthDate: '1990-01-02' },
      { key: 'A002', name: '说"你好"', amountFen: 0, birthDate: null },
      { key: 'A004', name: '王五', amountFen: 300, birthDate: '1980-05-05' },
    ]);
  });

  it('reads the first sheet of an .xlsx file with English headers, told apart by content', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('whatever');
    sheet.addRow([' KEY ', 'name', 'Amount', 'BIRTH DATE']);
    sheet.addRow(['B001', '赵六', 7, new Date(Date.UTC(1975, 2, 4))]);
    sheet.addRow([]);
    sheet.addRow(['B002', { richText: [{ text: '钱' }, { text: '七' }] }, '', '1999-13-01']);
    wb.addWorksheet('second').addRow(['ignored']);
    const report = await run(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: 'probe.csv' });
    expect(report).toMatchObject({ format: 'xlsx', rowsRead: 2, rowsApplied: 1, rowsRefused: 1 });
    expect(report.issues).toEqual([
      {
        rowNo: 4,
        column: 'birthDate',
        header: '出生日期',
        severity: 'error',
        code: 'DATE_INVALID',
        reason: '出生日期“1999-13-01”不是有效日期',
        message: '第 4 行「出生日期」：出生日期“1999-13-01”不是有效日期',
      },
    ]);
    expect(await rowsOf(t.db.kysely)).toEqual([
      { key: 'B001', name: '赵六', amountFen: 700, birthDate: '1975-03-04' },
    ]);
  });

  it('refuses a file without a required header, naming it, before writing anything', async () => {
    await expect(run(Buffer.from('Name,Amount\n张三,1\n'))).rejects.toMatchObject({
      code: 'IMPORT_COLUMNS_MISSING',
      message: expect.stringContaining('编号'),
    });
    await expect(run(Buffer.from(''))).rejects.toMatchObject({ code: 'IMPORT_EMPTY' });
    await expect(run(Buffer.from('编号,姓名\n\n'))).rejects.toMatchObject({ code: 'IMPORT_EMPTY' });
    await expect(run(Buffer.from(Buffer.from([0xb1, 0xe0, 0xba, 0xc5, 0x0a, 0x41])))).rejects.toMatchObject({
      code: 'IMPORT_ENCODING',
    });
    expect(await t.db.kysely.selectFrom('importRuns').selectAll().execute()).toEqual([]);
  });

  it('reports every refused row with its row number, column and Chinese reason, and notes', async () => {
    const csv = [
      'Key,姓名,金额,出生日期',
      'a1,张三,1,1990-01-01', // row 2: bad key
      'C002,,x,', // row 3: name required, amount invalid
      'C003,无名氏,,', // row 4: row check
      'C004,李四,,1890-01-01', // row 5: applied with a note
    ].join('\n');
    const report = await run(Buffer.from(csv));
    expect(report).toMatchObject({ rowsRead: 4, rowsApplied: 1, rowsRefused: 3 });
    expect(report.issues.map((i) => [i.rowNo, i.header, i.severity, i.code, i.reason])).toEqual([
      [2, '编号', 'error', 'IMPORT_VALUE_INVALID', '编号：应为 1 个大写字母加 3 位数字'],
      [3, '姓名', 'error', 'IMPORT_REQUIRED', '姓名必填'],
      [3, '金额', 'error', 'AMOUNT_INVALID', '金额“x”不是有效金额'],
      [4, '出生日期', 'error', 'NAME_NEEDS_BIRTH', '姓名为“无名氏”时须填写出生日期'],
      [5, '出生日期', 'note', 'DATE_OLD_NOTE', '出生日期早于 1900 年，请核对'],
    ]);
    const xlsx = await importReportXlsx(testContext(t.db), actor, report.runId, SPEC);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(5).values).toEqual([undefined, '行号', '列', '类别', '代码', '原因']);
    expect(sheet?.getRow(7).values).toEqual([undefined, 3, '姓名', '错误', 'IMPORT_REQUIRED', '姓名必填']);
    await expect(
      importReportXlsx(testContext(t.db), systemActor('x', '430181'), report.runId),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rolls back a row that fails half-way through its writes, alone, in a batch', async () => {
    const csv = ['编号,姓名', 'D001,甲', 'D002,爆炸', 'D003,丙', 'D004,丁'].join('\r\n');
    const done: { rowNo: number; status: string }[] = [];
    const report = await run(Buffer.from(csv), {
      batchSize: 10,
      onRowDone: (r) => {
        done.push({ rowNo: r.rowNo, status: r.status });
      },
    });
    expect(report).toMatchObject({ rowsApplied: 3, rowsRefused: 1 });
    expect(report.issues).toEqual([
      expect.objectContaining({ rowNo: 3, column: null, code: 'PROBE_FAILED', reason: '写入途中失败' }),
    ]);
    expect((await rowsOf(t.db.kysely)).map((r) => r.key)).toEqual(['D001', 'D003', 'D004']);
    expect(await logCount(t.db.kysely)).toBe(3);
    expect(done).toEqual([
      { rowNo: 2, status: 'applied' },
      { rowNo: 3, status: 'refused' },
      { rowNo: 4, status: 'applied' },
      { rowNo: 5, status: 'applied' },
    ]);
  });

  it('changes nothing when the same file is imported again, and skips rows already there', async () => {
    const csv = ['编号,姓名', 'E001,甲', 'E002,乙'].join('\n');
    const first = await run(Buffer.from(csv));
    const again = await run(Readable.from([Buffer.from(csv)]), { fileName: '改名.csv' });
    expect(again).toMatchObject({
      repeated: true,
      runId: first.runId,
      fileName: 'probe.csv',
      rowsApplied: 2,
    });
    expect(await logCount(t.db.kysely)).toBe(2);
    // Another kind is another import; a file differing by one row re-applies nothing already there.
    const more = await run(Buffer.from(`${csv}\nE003,丙`));
    expect(more).toMatchObject({ repeated: false, rowsApplied: 1, rowsUnchanged: 2 });
    expect((await rowsOf(t.db.kysely)).map((r) => r.key)).toEqual(['E001', 'E002', 'E003']);
    expect(await probe(t.db.kysely).selectFrom('importRuns').selectAll().execute()).toHaveLength(2);
  });

  it('reports progress while streaming, and refuses files over the row limit before writing', async () => {
    const lines = ['编号,姓名'];
    for (let i = 0; i < 25; i++) lines.push(`F${String(i).padStart(3, '0')},人${i}`);
    lines.push('bad,坏');
    const seen: ImportProgress[] = [];
    const report = await run(Readable.from([Buffer.from(lines.join('\n'))]), {
      batchSize: 10,
      onProgress: (p) => seen.push(p),
    });
    expect(report).toMatchObject({ rowsRead: 26, rowsApplied: 25, rowsRefused: 1 });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.map((p) => p.rowsApplied)).toEqual([...seen.map((p) => p.rowsApplied)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual({
      rowsRead: 26,
      rowsApplied: 25,
      rowsUnchanged: 0,
      rowsRefused: 1,
      done: true,
    });
    expect(seen[0]?.done).toBe(false);
    await expect(
      run(Buffer.from(lines.join('\n').replace('F000', 'G000')), { maxRows: 20 }),
    ).rejects.toMatchObject({
      code: 'IMPORT_TOO_LARGE',
    });
    expect(await logCount(t.db.kysely)).toBe(25);
  });

  it('applies whole batches through applyBatch, replaying a refused batch row by row', async () => {
    /** One multi-row insert-if-absent per batch; a row named 爆炸 refuses the whole batch. */
    const batches: number[] = [];
    const applyBatch = async (trx: Transaction<Database>, rows: readonly { row: ProbeRow }[]) => {
      batches.push(rows.length);
      if (rows.some((r) => r.row.name === '爆炸')) throw new ImportRowRefused('PROBE_FAILED', '写入途中失败');
      const values = sql.join(
        rows.map(({ row }) => sql`(${row.key}, ${row.name}, ${row.amountFen}, ${row.birthDate})`),
      );
      const r = await sql<{ key: string }>`insert into import_probe (key, name, amount_fen, birth_date)
        values ${values} on conflict (key) do nothing returning key`.execute(trx);
      const inserted = new Set(r.rows.map((x) => x.key));
      return rows.map(({ row }) => ({
        status: inserted.delete(row.key) ? ('applied' as const) : ('unchanged' as const),
      }));
    };
    const lines = ['编号,姓名'];
    for (let i = 0; i < 12; i++) lines.push(`H${String(i).padStart(3, '0')},人${i}`);
    lines.push('H001,重复'); // the same key again in the same batch: unchanged, as row by row
    lines.push('H100,爆炸', 'bad,坏');
    const done: string[] = [];
    const report = await run(Buffer.from(lines.join('\n')), {
      batchSize: 5,
      applyBatch,
      onRowDone: (r) => {
        done.push(`${r.rowNo}:${r.status}`);
      },
    });
    expect(report).toMatchObject({ rowsRead: 15, rowsApplied: 12, rowsUnchanged: 1, rowsRefused: 2 });
    expect(report.issues.map((i) => [i.rowNo, i.code])).toEqual(
      [
        [16, 'IMPORT_VALUE_INVALID'],
        [15, 'PROBE_FAILED'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(batches).toEqual([5, 5, 4]); // the third batch (H010 H011 H001 爆炸) refused, then row by row
    expect(done.slice(10)).toEqual(['12:applied', '13:applied', '14:unchanged', '15:refused', '16:refused']);
    expect((await rowsOf(t.db.kysely)).map((r) => r.key)).toHaveLength(12);
    expect(await logCount(t.db.kysely)).toBe(3); // applyRow ran only for the replayed batch (H010, H011, H001)
    // A file overlapping the first by every row: all unchanged, nothing written twice.
    const again = await run(Buffer.from(lines.slice(0, 13).join('\r\n')), { applyBatch });
    expect(again).toMatchObject({ repeated: false, rowsApplied: 0, rowsUnchanged: 12, rowsRefused: 0 });
  });

  it('hands out a template that parses back with no errors', async () => {
    const template = await importTemplateXlsx(SPEC);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['测试名单', '填写说明']);
    expect(wb.worksheets[0]?.getRow(1).values).toEqual([undefined, '编号', '姓名', '金额', '出生日期']);
    expect(wb.getWorksheet('填写说明')?.getRow(2).values).toEqual([
      undefined,
      '编号',
      '必填',
      '',
      'key / Key / Ref No',
    ]);
    const report = await run(template, { fileName: '模板.xlsx' });
    expect(report).toMatchObject({ format: 'xlsx', rowsRead: 1, rowsApplied: 1, rowsRefused: 0, issues: [] });
    expect(await rowsOf(t.db.kysely)).toEqual([
      { key: 'A001', name: '张三', amountFen: 1250, birthDate: '1990-01-02' },
    ]);
  });
});
