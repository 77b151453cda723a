/** Sort of the awaiting-match ledger (issue 13 item 7): by column, empty values last, ties by batch and row. */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/factories';
import { exportAwaitingMatches, listAwaitingMatches } from './awaiting-matches.service';
import { IMPORT_COLUMNS, importMarriages } from './import.service';
import { aMarriageDesk } from './marriage.fixtures';
import { marriageLine } from './line';

type Column = (typeof IMPORT_COLUMNS)[number]['key'];

function csv(rows: Partial<Record<Column, string>>[]): string {
  const base: Partial<Record<Column, string>> = {
    kind: '结婚',
    registeredOn: '1990-05-01',
    registryName: '浏阳市民政局婚姻登记处',
    crossBorder: '内地',
    status: '存续',
  };
  return [
    IMPORT_COLUMNS.map((c) => c.header).join(','),
    ...rows.map((r) => IMPORT_COLUMNS.map((c) => ({ ...base, ...r })[c.key] ?? '').join(',')),
  ].join('\n');
}

describeEachDatabase(
  'awaiting matches: sort',
  (t) => {
    it('sorts by registration date, certificate number (none last) and names in pinyin order, and refuses other columns', async () => {
      const clock = new ManualClock();
      const ctx = testContext(t.db, clock);
      const desk = await aMarriageDesk(ctx, { county: '430181' });
      const rows: Partial<Record<Column, string>>[] = [
        {
          husbandName: '周志明',
          wifeName: '吴小红',
          registeredOn: '1992-08-08',
          certificateNo: '浏婚字1992-088',
        },
        { husbandName: '安国栋', wifeName: '张丽', registeredOn: '1985-01-01' },
        {
          husbandName: '李强',
          wifeName: '艾琳',
          registeredOn: '1990-05-01',
          certificateNo: '浏婚字1990-010',
        },
      ];
      for (const r of rows) r.husbandBirthDate = '1960-01-01';
      await importMarriages(ctx, desk.registrar, {
        fileName: '浏阳.csv',
        format: 'csv',
        content: csv(rows),
        divisionCode: '430181',
      });
      const husbands = async (sort?: string) =>
        (
          await listAwaitingMatches(ctx, desk.registrar, { page: 1, pageSize: 20, ...(sort ? { sort } : {}) })
        ).items.map((r) => r.husband.name);
      // Default: the batch's row order.
      expect(await husbands()).toEqual(['周志明', '安国栋', '李强']);
      expect(await husbands('registeredOn')).toEqual(['安国栋', '李强', '周志明']);
      expect(await husbands('-registeredOn')).toEqual(['周志明', '李强', '安国栋']);
      // Pinyin order (an, li, zhou), not code-point order (周 U+5468, 安 U+5B89, 李 U+674E).
      expect(await husbands('husbandName')).toEqual(['安国栋', '李强', '周志明']);
      expect(await husbands('-husbandName')).toEqual(['周志明', '李强', '安国栋']);
      // Wives: ai, wu, zhang.
      expect(await husbands('wifeName')).toEqual(['李强', '周志明', '安国栋']);
      // No certificate number last, in both directions.
      expect(await husbands('certificateNo')).toEqual(['李强', '周志明', '安国栋']);
      expect(await husbands('-certificateNo')).toEqual(['周志明', '李强', '安国栋']);
      // The export keeps the clerk's order.
      const exported: string[] = [];
      for await (const r of await exportAwaitingMatches(ctx, desk.registrar, { sort: '-registeredOn' }))
        exported.push(r.husband.name);
      expect(exported).toEqual(['周志明', '李强', '安国栋']);
      await expect(
        listAwaitingMatches(ctx, desk.registrar, { page: 1, pageSize: 20, sort: 'fileName' }),
      ).rejects.toMatchObject({
        code: 'SORT_FIELD_INVALID',
      });
    });
  },
  { lines: [marriageLine] },
);
