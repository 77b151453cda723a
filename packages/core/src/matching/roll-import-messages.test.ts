/** Issue 13 item 8: roll files as departments write them, and errors named by row and column in Chinese. */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { matchingLine } from './line';
import { importRollFile, rollBodyIssueMessage, rollImportTemplateXlsx } from './roll-import.service';

/** A fresh valid id (synthetic): 430102 + birth date + sequence + check digit. */
const VALID_ID = '430102195003070014';
/** An id whose last digit was mistyped (its check digit no longer fits). */
const TYPO_ID = '430102196202110029';

async function xlsxOf(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名单');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeEachDatabase(
  'roll import: Chinese headers, usual cell forms and messages by row and column',
  (t) => {
    it('reads 公民身份号码, written dates, sex codes and lunar dates; refuses bad cells with 第 N 行「列」', async () => {
      const ctx = testContext(t.db);
      const actor = systemActor('clerk', '430100');
      const csv = [
        '姓名,性别,出生日期,公民身份号码,死亡日期,行政区划代码,火化证号',
        `张伟,男,1950年3月7日,${VALID_ID},2026/10/2,430102,HZ-1`,
        `李娜,2,19620211,${TYPO_ID},20261003,430102,HZ-2`,
        '王五,1,农历1940年1月8日,,2026-10-04,430102,HZ-3',
        '赵六,女,1962-13-02,,2026-10-05,430102,HZ-4',
        '钱七,不详,1960,12345,2026-10-06,999999,HZ-5',
      ].join('\n');
      const report = await importRollFile(ctx, actor, {
        source: '火化名单',
        file: Buffer.from(csv),
        fileName: '火化名单.csv',
      });
      expect(report).toMatchObject({ rowsRead: 5, rowsApplied: 3, rowsRefused: 2 });
      // Refusals are listed before notes; in file order here.
      const messages = [...report.issues].sort((a, b) => a.rowNo - b.rowNo).map((i) => i.message);
      expect(messages).toEqual([
        '第 3 行「公民身份号码」：公民身份号码校验位不符，可能有录入错误（仍导入，比对时按近似号码处理）',
        expect.stringMatching(
          /^第 4 行「出生日期」：出生日期“农历1940年1月8日”为农历，已换算为公历 1940-02-15$/,
        ),
        '第 5 行「出生日期」：出生日期“1962-13-02”不是有效日期（如 1950-03-07 或 1950年3月7日）',
        '第 6 行「性别」：性别应为“男”或“女”，不能是“不详”',
        '第 6 行「出生日期」：出生日期“1960”不完整：请填写年、月、日',
        '第 6 行「公民身份号码」：公民身份号码应为 18 位（最后一位可为 X）或 15 位数字',
        expect.stringMatching(/^第 6 行「区划代码」：行政区划代码“999999”不存在/),
      ]);
      for (const m of messages) expect(m).not.toMatch(/records|divisionCode|birthDate|residentId|\.\d+\./);
      // No message repeats a resident id.
      expect(messages.join('')).not.toContain(TYPO_ID);
      const rows = await t.db.kysely
        .selectFrom('matchRecords')
        .select(['externalRef', 'sex', 'birthDate', 'residentId', 'eventDate'])
        .orderBy('externalRef')
        .execute();
      expect(rows).toEqual([
        {
          externalRef: 'HZ-1',
          sex: 'male',
          birthDate: '1950-03-07',
          residentId: VALID_ID,
          eventDate: '2026-10-02',
        },
        {
          externalRef: 'HZ-2',
          sex: 'female',
          birthDate: '1962-02-11',
          residentId: TYPO_ID,
          eventDate: '2026-10-03',
        },
        {
          externalRef: 'HZ-3',
          sex: 'male',
          birthDate: '1940-02-15',
          residentId: null,
          eventDate: '2026-10-04',
        },
      ]);
    });

    it('reads an .xlsx roll with 身份证号 and Excel date cells, and the template has the Chinese headers', async () => {
      const ctx = testContext(t.db);
      const actor = systemActor('clerk', '430100');
      const file = await xlsxOf([
        ['姓名', '性别', '出生日期', '身份证号', '区划代码'],
        ['孙八', '男', new Date(Date.UTC(1955, 5, 1)), VALID_ID, '430102'],
        ['周九', '女', '1955-02-30', '', '430102'],
      ]);
      const report = await importRollFile(ctx, actor, { source: '死亡通知', file, fileName: 'a.xlsx' });
      expect(report).toMatchObject({ format: 'xlsx', rowsApplied: 1, rowsRefused: 1 });
      expect(report.issues.map((i) => i.message)).toEqual([
        '第 3 行「出生日期」：出生日期“1955-02-30”不是有效日期（如 1950-03-07 或 1950年3月7日）',
      ]);
      const template = new ExcelJS.Workbook();
      await template.xlsx.load((await rollImportTemplateXlsx()) as unknown as ArrayBuffer);
      const header = template.worksheets[0]?.getRow(1).values as string[];
      expect(header.filter(Boolean)).toEqual([
        '姓名',
        '性别',
        '出生日期',
        '公民身份号码',
        '事件日期',
        '区划代码',
        '原编号',
      ]);
    });
  },
  { lines: [matchingLine] },
);

it('words a JSON roll body issue by record and column, never by field path', () => {
  expect(rollBodyIssueMessage(['records', 2, 'birthDate'], '日期格式不正确')).toBe(
    '第 3 条记录「出生日期」：日期格式不正确',
  );
  expect(rollBodyIssueMessage(['records', 0, 'divisionCode'], '无效')).toBe('第 1 条记录「区划代码」：无效');
  expect(rollBodyIssueMessage(['records', 4], '无法识别的键')).toBe('第 5 条记录：无法识别的键');
  expect(rollBodyIssueMessage(['source'], '请填写名单来源')).toBe('「名单来源」：请填写名单来源');
  expect(rollBodyIssueMessage([], '请求参数不正确')).toBe('请求参数不正确');
});
