import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import { listRolls } from './jobs.service';
import { matchingLine } from './line';
import { importRollFile } from './roll-import.service';

describeEachDatabase(
  'roll import through the import pipeline',
  (t) => {
    it('reads quoted CSV with English or Chinese headers, refuses bad rows and is idempotent', async () => {
      const ctx = testContext(t.db);
      const actor = systemActor('clerk', '430100');
      const csv = [
        'name,sex,birthDate,divisionCode,externalRef',
        '"张伟, 长沙",男,1950-01-01,430102,A1',
        '李娜,female,,430103,A2',
        '王五,x,,430102,A3',
        '赵六,女,,430202,A4',
      ].join('\r\n');
      const report = await importRollFile(ctx, actor, {
        source: '火化名单',
        file: Buffer.from(csv),
        fileName: 'a.csv',
      });
      expect(report).toMatchObject({ rowsRead: 4, rowsApplied: 2, rowsRefused: 2 });
      expect(report.issues.map((i) => [i.rowNo, i.header, i.code])).toEqual([
        [4, '性别', 'SEX_INVALID'],
        [5, '区划代码', 'DIVISION_OUT_OF_SCOPE'],
      ]);
      const again = await importRollFile(ctx, actor, {
        source: '火化名单',
        file: Buffer.from(csv),
        fileName: 'b.csv',
      });
      expect(again).toMatchObject({ repeated: true, runId: report.runId });
      const chinese = '姓名,性别,区划代码,原编号\n张伟,男,430102,A1\n孙七,男,430102,A9\n';
      const more = await importRollFile(ctx, actor, {
        source: '火化名单',
        file: Buffer.from(chinese),
        fileName: 'c.csv',
      });
      expect(more).toMatchObject({ rowsApplied: 1, rowsUnchanged: 1 });
      expect(await listRolls(ctx, actor)).toEqual([
        expect.objectContaining({ source: '火化名单', records: 3 }),
      ]);
    });

    it('writes a batch at once with the same natural-key rules as row by row', async () => {
      const ctx = testContext(t.db);
      const actor = systemActor('clerk', '430100');
      const csv = [
        '姓名,性别,区划代码,原编号',
        '甲,男,430102,R1',
        '乙,女,430102,R1', // the same number again in the batch: unchanged
        '丙,男,430102,',
        '丙,男,430102,', // the same content without a number: unchanged
        '丁,女,430103,R1', // the same number in another county is another record
      ].join('\n');
      const report = await importRollFile(ctx, actor, {
        source: '低保名册',
        file: Buffer.from(csv),
        fileName: 'a.csv',
      });
      expect(report).toMatchObject({ rowsRead: 5, rowsApplied: 3, rowsUnchanged: 2, rowsRefused: 0 });
      const more = await importRollFile(ctx, actor, {
        source: '低保名册',
        file: Buffer.from(`${csv}\n戊,男,430102,R2`),
        fileName: 'b.csv',
      });
      expect(more).toMatchObject({ rowsApplied: 1, rowsUnchanged: 5 });
      expect(await listRolls(ctx, actor)).toEqual([
        expect.objectContaining({ source: '低保名册', records: 4 }),
      ]);
    });
  },
  { lines: [matchingLine] },
);
