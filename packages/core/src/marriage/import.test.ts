import ExcelJS from 'exceljs';
import type { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { testContext } from '../testing/factories';
import {
  IMPORT_COLUMNS,
  getImportReport,
  importMarriages,
  importTemplateXlsx,
  resolveImportRow,
} from './import.service';
import { getMaritalStatus } from './marital-status.service';
import { aCouple, aMarriageDesk, aParty, aResidentId } from './marriage.fixtures';
import { registerMarriage } from './registration.service';
import { marriageLine } from './line';

const HEADER = IMPORT_COLUMNS.map((c) => c.header).join(',');

function csv(rows: string[][]): string {
  return [
    HEADER,
    ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')),
  ].join('\r\n');
}

/** kind, date, registryCode, registryName, certNo, hName, hId, hBirth, wName, wId, wBirth, crossBorder, status, endedOn */
function line(over: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], string>>): string[] {
  const base: Record<string, string> = {
    kind: '结婚',
    registeredOn: '1998-10-01',
    registryCode: '',
    registryName: '浏阳市民政局婚姻登记处',
    certificateNo: '',
    husbandName: '张三',
    husbandId: '',
    husbandBirthDate: '',
    wifeName: '李四',
    wifeId: '',
    wifeBirthDate: '',
    crossBorder: '内地',
    status: '存续',
    endedOn: '',
    ...over,
  };
  return IMPORT_COLUMNS.map((c) => base[c.key] ?? '');
}

describeEachDatabase(
  'marriage back-fill import',
  (t) => {
    it('imports valid rows, upgrades 15-digit ids, reports every failing row and keeps rows without ids for matching', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const existing = aCouple(desk.registry.id, { wifeBirth: '1985-08-30' });
      await registerMarriage(ctx, desk.registrar, existing);
      const people = async () => (await t.db.kysely.selectFrom('people').select('id').execute()).length;
      const before = await people();
      const h1 = aResidentId('430181', '1970-01-01', 'male');
      const w1 = aResidentId('430181', '1972-05-06', 'female');
      const freshHusband = aResidentId('430181', '1980-02-02', 'male');
      const content = csv([
        line({
          husbandId: h1,
          wifeId: w1,
          status: '离婚',
          endedOn: '2005-03-02',
          certificateNo: '浏婚字1998-0123',
          registryCode: desk.registry.code,
        }),
        line({
          husbandId: '430102900307123',
          wifeId: aResidentId('430102', '1991-01-01', 'female'),
          registeredOn: '2015-06-01',
          husbandName: '王五',
          wifeName: '赵六',
        }),
        line({ husbandId: '430102199003071235', wifeId: w1 }),
        line({
          husbandId: h1,
          wifeId: aResidentId('430181', '1975-01-01', 'female'),
          registeredOn: '2003-01-01',
          wifeName: '钱七',
        }),
        line({
          husbandId: freshHusband,
          husbandName: '孙八',
          wifeId: existing.wife.residentId ?? '',
          wifeName: '李秀英',
          registeredOn: '2010-01-01',
        }),
        line({ status: '离婚', husbandBirthDate: '1960-01-01', wifeBirthDate: '1962-02-02' }),
        line({
          husbandId: aResidentId('430181', '1969-01-01', 'male'),
          wifeId: aResidentId('430181', '1969-02-01', 'female'),
          certificateNo: '浏婚字1998-0123',
          husbandName: '周九',
          wifeName: '吴十',
        }),
        line({
          husbandId: aResidentId('430181', '1969-01-01', 'male'),
          wifeId: aResidentId('430181', '1969-02-01', 'female'),
          registeredOn: '2099-01-01',
          status: '丧偶',
        }),
        line({
          husbandBirthDate: '1960-01-01',
          wifeBirthDate: '1962-02-02',
          registeredOn: '1985-01-01',
          status: '离婚',
          endedOn: '1990-01-01',
        }),
      ]);
      const report = await importMarriages(ctx, desk.registrar, {
        fileName: '浏阳1998.csv',
        format: 'csv',
        content,
        divisionCode: '430181',
      });
      const byRow = Object.fromEntries(report.rows.map((r) => [r.rowNo, r]));
      expect(report).toMatchObject({ totalRows: 9, importedRows: 2, failedRows: 6, awaitingRows: 1 });
      expect(byRow[2]).toMatchObject({ status: 'imported' });
      expect(byRow[3]).toMatchObject({
        status: 'imported',
        messages: [expect.objectContaining({ code: 'RESIDENT_ID_UPGRADED_NOTE' })],
      });
      expect(byRow[4]?.messages.map((m) => m.code)).toEqual(['RESIDENT_ID_CHECK_DIGIT']);
      expect(byRow[5]?.messages.map((m) => m.code)).toEqual(['IMPORT_HISTORY_OVERLAP']);
      expect(byRow[6]?.messages.map((m) => m.code)).toEqual(['PARTY_ALREADY_MARRIED']);
      expect(byRow[7]).toMatchObject({
        status: 'failed',
        messages: [expect.objectContaining({ code: 'IMPORT_END_DATE_REQUIRED', field: 'endedOn' })],
      });
      expect(byRow[8]?.messages.map((m) => m.code)).toEqual(['IMPORT_DUPLICATE']);
      expect(byRow[9]?.messages.map((m) => m.code)).toEqual(['DATE_IN_FUTURE', 'IMPORT_END_DATE_REQUIRED']);
      expect(byRow[10]).toMatchObject({ status: 'awaiting_match', marriageId: null });
      // Rows 2 and 3 added 4 people; the failing rows added none (孙八 of row 6 rolled back with his row).
      expect(await people()).toBe(before + 4);
      const upgraded = await t.db.kysely
        .selectFrom('people')
        .select('residentId')
        .where('name', '=', '王五')
        .executeTakeFirstOrThrow();
      expect(upgraded.residentId).toBe('430102199003071234');
      expect((await getImportReport(ctx, desk.registrar, report.id)).rows).toHaveLength(9);
    });

    it('makes back-filled subsisting marriages count in the bigamy check and in the marital status', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const h = aResidentId('430181', '1965-03-03', 'male');
      const w = aResidentId('430181', '1966-04-04', 'female');
      await importMarriages(ctx, desk.registrar, {
        fileName: 'old.csv',
        format: 'csv',
        content: csv([line({ husbandId: h, wifeId: w, registeredOn: '1990-05-01' })]),
        divisionCode: '430181',
      });
      const err = await registerMarriage(ctx, desk.registrar, {
        ...aCouple(desk.registry.id),
        husband: aParty(h, '张三'),
      }).catch((e: DomainError) => e);
      expect((err as DomainError).details.reasons).toEqual([
        expect.objectContaining({ code: 'PARTY_ALREADY_MARRIED' }),
      ]);
      expect((err as DomainError).details.conflicts).toEqual([
        expect.objectContaining({ kind: 'backfill', registeredOn: '1990-05-01' }),
      ]);
      expect((await getMaritalStatus(ctx, desk.registrar, { residentId: w, reason: '核对' })).code).toBe(
        '21',
      );
    });

    it('reads the downloaded Excel template back once filled in', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await importTemplateXlsx()) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('婚姻登记补录');
      if (!sheet) throw new Error('template sheet missing');
      expect(sheet.getRow(1).getCell(1).value).toBe('登记类别');
      sheet.getRow(2).getCell(7).value = aResidentId('430181', '1970-01-01', 'male');
      sheet.getRow(2).getCell(10).value = aResidentId('430181', '1972-05-06', 'female');
      const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
      const report = await importMarriages(ctx, desk.registrar, {
        fileName: '模板.xlsx',
        format: 'xlsx',
        content,
        divisionCode: '430181',
      });
      expect(report).toMatchObject({ totalRows: 1, importedRows: 1 });
    });

    it('refuses a file without the template columns and an import outside the clerk’s scope', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      await expect(
        importMarriages(ctx, desk.registrar, {
          fileName: 'x.csv',
          format: 'csv',
          content: 'a,b\n1,2',
          divisionCode: '430181',
        }),
      ).rejects.toMatchObject({
        code: 'IMPORT_COLUMNS_MISSING',
      });
      await expect(
        importMarriages(ctx, desk.registrar, {
          fileName: 'x.csv',
          format: 'csv',
          content: csv([line({})]),
          divisionCode: '430102',
        }),
      ).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    });

    it('reads quoted CSV with a BOM and English headers, and answers the earlier report for the same file', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const english = IMPORT_COLUMNS.map((c) => c.aliases[0]).join(',');
      const row = line({
        husbandId: aResidentId('430181', '1971-01-01', 'male'),
        wifeId: aResidentId('430181', '1973-01-01', 'female'),
        registryName: '浏阳市民政局婚姻登记处, 第一窗口',
      }).map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c));
      const content = `\uFEFF${english}\r\n${row.join(',')}\r\n`;
      const input = { fileName: 'en.csv', format: 'csv' as const, content, divisionCode: '430181' };
      const first = await importMarriages(ctx, desk.registrar, input);
      expect(first).toMatchObject({ totalRows: 1, importedRows: 1, failedRows: 0 });
      const marriages = async () =>
        await t.db.kysely.selectFrom('marriages').select('registryName').execute();
      expect(await marriages()).toEqual([{ registryName: '浏阳市民政局婚姻登记处, 第一窗口' }]);
      const again = await importMarriages(ctx, desk.registrar, { ...input, fileName: 'again.csv' });
      expect(again.id).toBe(first.id);
      expect(await marriages()).toHaveLength(1);
      // The same rows in another file: the marriage is already there and is not written twice.
      const other = await importMarriages(ctx, desk.registrar, { ...input, content: `${content}\r\n` });
      expect(other).toMatchObject({
        importedRows: 1,
        rows: [{ status: 'imported', messages: [{ code: 'IMPORT_ALREADY_PRESENT_NOTE' }] }],
      });
      expect(await marriages()).toHaveLength(1);
    });

    it('refuses a row whose party was under the legal age of the law in force at its own date (issue 11)', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const id = (birth: string, sex: 'male' | 'female') => aResidentId('430181', birth, sex);
      const report = await importMarriages(ctx, desk.registrar, {
        fileName: '婚龄.csv',
        format: 'csv',
        content: csv([
          // 1950 law (20/18): a man of 19 → refused; a man of 20 and a woman of 18 → imported.
          line({
            registeredOn: '1965-03-01',
            husbandId: id('1945-06-01', 'male'),
            wifeId: id('1944-01-01', 'female'),
          }),
          line({
            registeredOn: '1980-12-31',
            husbandId: id('1960-12-31', 'male'),
            wifeId: id('1962-12-31', 'female'),
            husbandName: '甲',
            wifeName: '乙',
          }),
          // 1980 law from 1981-01-01 (22/20): a man of 20 and a woman of 19 → refused, both named.
          line({
            registeredOn: '1981-01-01',
            husbandId: id('1960-06-01', 'male'),
            wifeId: id('1961-06-01', 'female'),
            husbandName: '丙',
            wifeName: '丁',
          }),
          // No id: the birth date column decides just the same, before the row waits for a match.
          line({ registeredOn: '1999-05-01', husbandBirthDate: '1980-01-01', wifeBirthDate: '1978-01-01' }),
        ]),
        divisionCode: '430181',
      });
      const byRow = Object.fromEntries(report.rows.map((r) => [r.rowNo, r]));
      expect(byRow[2]).toMatchObject({
        status: 'failed',
        messages: [{ code: 'IMPORT_PARTY_UNDER_AGE', field: 'husbandId' }],
      });
      expect(byRow[2]?.messages[0]?.message).toContain('1950年《婚姻法》');
      expect(byRow[3]).toMatchObject({ status: 'imported' });
      expect(byRow[4]?.messages.map((m) => [m.code, m.field])).toEqual([
        ['IMPORT_PARTY_UNDER_AGE', 'husbandId'],
        ['IMPORT_PARTY_UNDER_AGE', 'wifeId'],
      ]);
      expect(byRow[4]?.status).toBe('failed');
      expect(byRow[5]).toMatchObject({ status: 'failed', messages: [{ code: 'IMPORT_PARTY_UNDER_AGE' }] });
      expect(report).toMatchObject({ importedRows: 1, failedRows: 3, awaitingRows: 0 });
      const written = await t.db.kysely.selectFrom('marriages').select('registeredOn').execute();
      expect(written.map((m) => m.registeredOn)).toEqual(['1980-12-31']);
    });

    it('refuses to resolve an awaiting row to a person who was under age at the row’s date', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const report = await importMarriages(ctx, desk.registrar, {
        fileName: 'old2.csv',
        format: 'csv',
        content: csv([
          line({
            wifeId: aResidentId('430181', '1970-02-02', 'female'),
            status: '离婚',
            endedOn: '2000-01-01',
          }),
        ]),
        divisionCode: '430181',
      });
      expect(report.awaitingRows).toBe(1);
      const young = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id)).then(
        (m) => m.husband.personId,
      );
      await expect(
        resolveImportRow(ctx, desk.registrar, report.id, 2, { husbandPersonId: young }),
      ).rejects.toMatchObject({ code: 'IMPORT_PARTY_UNDER_AGE' });
    });

    it('writes a row awaiting a match once its parties are identified', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      const w = aResidentId('430181', '1962-02-02', 'female');
      const report = await importMarriages(ctx, desk.registrar, {
        fileName: 'old.csv',
        format: 'csv',
        content: csv([
          line({ husbandBirthDate: '1960-01-01', wifeId: w, status: '离婚', endedOn: '2000-01-01' }),
        ]),
        divisionCode: '430181',
      });
      expect(report.awaitingRows).toBe(1);
      await expect(resolveImportRow(ctx, desk.registrar, report.id, 2, {})).rejects.toMatchObject({
        code: 'IMPORT_PARTY_UNRESOLVED',
      });
      const husband = await registerMarriage(
        ctx,
        desk.registrar,
        aCouple(desk.registry.id, { husbandBirth: '1960-01-01' }),
      ).then((m) => m.husband.personId);
      const resolved = await resolveImportRow(ctx, desk.registrar, report.id, 2, {
        husbandPersonId: husband,
      });
      expect(resolved.status).toBe('matched');
      const after = await getImportReport(ctx, desk.registrar, report.id);
      expect(after).toMatchObject({ awaitingRows: 0, importedRows: 1, rows: [{ status: 'matched' }] });
      await expect(
        resolveImportRow(ctx, desk.registrar, report.id, 2, { husbandPersonId: husband }),
      ).rejects.toMatchObject({ code: 'IMPORT_ROW_NOT_AWAITING' });
    });
  },
  { lines: [marriageLine] },
);
