/**
 * Imported cells follow the same text rule as HTTP input (issue 11 item 2, ADR 0013): a cell with
 * NUL, a control character, or a bidi/format character in a name or code refuses its row, naming the
 * row and column — on PostgreSQL too, where NUL would otherwise fail the whole import.
 */
import ExcelJS from 'exceljs';
import { sql, type Transaction } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import type { Database } from '../db/schema';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { runImport, type ImportSpec } from './index';

interface Row {
  ref: string;
  name: string;
  divisionCode: string | null;
  note: string | null;
}

const SPEC: ImportSpec<Row> = {
  title: '字符测试',
  columns: [
    { key: 'ref', header: '编号', required: true },
    { key: 'name', header: '姓名', required: true },
    { key: 'divisionCode', header: '区划代码' },
    { key: 'note', header: '备注' },
  ],
};

async function apply(trx: Transaction<Database>, row: Row) {
  await sql`insert into text_probe (ref, name, division_code, note) values (${row.ref}, ${row.name}, ${row.divisionCode}, ${row.note})`.execute(
    trx,
  );
}

describeEachDatabase('import pipeline: text hygiene', (t) => {
  beforeEach(async () => {
    await sql`create table text_probe (ref text primary key, name text not null, division_code text, note text)`.execute(
      t.db.kysely,
    );
  });
  const run = (source: Buffer, fileName = 'text.csv') =>
    runImport<Row>(testContext(t.db), systemActor('importer', '430000'), {
      spec: SPEC,
      source,
      fileName,
      importKind: 'text-probe',
      applyRow: apply,
    });

  it('refuses each row with a bad character, naming row and column, and applies the others', async () => {
    const csv = [
      '编号,姓名,区划代码,备注',
      'A1,张三,430102,"第一行\t备注\n第二行"', // row 2: tab and line break in free text: fine
      'A2,李\u0000四,430102,', // row 3: NUL
      'A3,王五,430102\u202e,', // row 4: bidi override in a code
      'A4,赵\u200f六,,', // row 5: right-to-left mark in a name
      'A5,钱七,,铃\u0007声', // row 6: bell in free text
      'A6,孙八,,"右\u202e至左"', // row 7: bidi in free text is allowed
    ].join('\n');
    const report = await run(Buffer.from(csv));
    expect(report).toMatchObject({ rowsRead: 6, rowsApplied: 2, rowsRefused: 4 });
    expect(report.issues.map((i) => [i.rowNo, i.header, i.code])).toEqual([
      [3, '姓名', 'TEXT_INVALID_CHARACTER'],
      [4, '区划代码', 'TEXT_INVALID_CHARACTER'],
      [5, '姓名', 'TEXT_INVALID_CHARACTER'],
      [6, '备注', 'TEXT_INVALID_CHARACTER'],
    ]);
    expect(report.issues[0]?.reason).toBe('姓名：含有不允许的字符（U+0000 空字符）');
    const stored = await sql<{ ref: string }>`select ref from text_probe order by ref`.execute(t.db.kysely);
    expect(stored.rows.map((r) => r.ref)).toEqual(['A1', 'A6']);
  });

  it('refuses bidi characters in .xlsx name cells too (XML cannot carry control characters)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('字符测试');
    sheet.addRow(['编号', '姓名', '区划代码', '备注']);
    sheet.addRow(['B1', '周\u202e九', '430102', '右\u202e至左']);
    sheet.addRow(['B2', '吴十', '430102', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const report = await run(buf, 'text.xlsx');
    expect(report).toMatchObject({ rowsApplied: 1, rowsRefused: 1 });
    expect(report.issues.map((i) => [i.rowNo, i.header, i.code])).toEqual([
      [2, '姓名', 'TEXT_INVALID_CHARACTER'],
    ]);
  });
});
