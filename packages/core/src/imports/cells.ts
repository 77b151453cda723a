/**
 * Cell parsers shared by the lines' import specs, for the forms people actually type: dates as
 * `1950-03-07`, `1950/3/7`, `1950.3.7`, `1950年3月7日`, `19500307` or Excel date cells (a `农历` date
 * is converted to the Gregorian one, with a note); sex as 男/女, male/female or the national code
 * 1/2; resident ids of 18 or 15 digits, a wrong check digit kept with a note (a mistyped digit is
 * still evidence for the comparison). Reasons are Chinese and name the column, never a field path.
 */
import { isPlainDate, isValidResidentId, residentIdCheckDigit } from '@social-affairs/kernel';
import { formatDays, lunarToSolarDays, NO_DAY, parseChineseDate } from '@social-affairs/linkage';
import { ImportCellError, type CellParser, type ImportIssue } from './spec';

/** A full date in any of the usual written forms, as 'YYYY-MM-DD'. */
export function dateCell(label: string): CellParser<string> {
  return (text, sink) => {
    const parsed = parseChineseDate(text);
    if (!parsed)
      throw new ImportCellError(
        'DATE_INVALID',
        `${label}“${text}”不是有效日期（如 1950-03-07 或 1950年3月7日）`,
      );
    if (parsed.month === 0 || parsed.day === 0)
      throw new ImportCellError('DATE_INCOMPLETE', `${label}“${text}”不完整：请填写年、月、日`);
    if (parsed.lunar) {
      const days = lunarToSolarDays(parsed.year, parsed.month, parsed.day);
      if (days === NO_DAY) throw new ImportCellError('DATE_INVALID', `${label}“${text}”不是有效的农历日期`);
      const solar = formatDays(days);
      sink.note('DATE_LUNAR_CONVERTED', `${label}“${text}”为农历，已换算为公历 ${solar}`);
      return solar;
    }
    const out = `${parsed.year}-${String(parsed.month).padStart(2, '0')}-${String(parsed.day).padStart(2, '0')}`;
    if (!isPlainDate(out))
      throw new ImportCellError(
        'DATE_INVALID',
        `${label}“${text}”不是有效日期（如 1950-03-07 或 1950年3月7日）`,
      );
    return out;
  };
}

/** 男/女 (also 男性/女性, male/female, m/f and GB/T 2261.1 codes 1/2). */
export function sexCell(label = '性别'): CellParser<'male' | 'female'> {
  return (text) => {
    const s = text.toLowerCase();
    if (['男', '男性', 'male', 'm', '1'].includes(s)) return 'male';
    if (['女', '女性', 'female', 'f', '2'].includes(s)) return 'female';
    throw new ImportCellError('SEX_INVALID', `${label}应为“男”或“女”，不能是“${text}”`);
  };
}

/**
 * An 18- or 15-digit resident id (upper-case X). A well-formed id whose check digit or birth date does
 * not fit is kept with a note: on a roll it is most often one mistyped digit, which the comparison
 * still uses. The note never repeats the id.
 */
export function residentIdCell(label = '公民身份号码'): CellParser<string> {
  return (text, sink) => {
    const id = text.replace(/\s+/g, '').toUpperCase();
    if (!/^[0-9]{15}$|^[0-9]{17}[0-9X]$/.test(id))
      throw new ImportCellError('RESIDENT_ID_FORMAT', `${label}应为 18 位（最后一位可为 X）或 15 位数字`);
    if (id.length === 18 && !isValidResidentId(id))
      sink.note(
        'RESIDENT_ID_CHECK',
        residentIdCheckDigit(id.slice(0, 17)) === id[17]
          ? `${label}中的出生日期或地区码无效，可能有录入错误（仍导入，比对时按近似号码处理）`
          : `${label}校验位不符，可能有录入错误（仍导入，比对时按近似号码处理）`,
      );
    return id;
  };
}

/** One issue as a sentence: 第 3 行「出生日期」：… (the whole row: 第 3 行：…). */
export function issueMessage(
  issue: Pick<ImportIssue, 'rowNo' | 'reason'> & { header: string | null },
): string {
  return `第 ${issue.rowNo} 行${issue.header ? `「${issue.header}」` : ''}：${issue.reason}`;
}
