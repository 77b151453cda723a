import { isPlainDate, parsePlainDate, plainDateParts } from './plain-date';

/**
 * A date as printed on official documents: `2026-12-05` → `2026年12月5日` — Arabic numerals, year,
 * month and day in full, month and day without a leading zero (GB/T 9704-2012 党政机关公文格式, 7.3.5.1
 * 成文日期: "用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（即1不编为01）").
 * Takes a strict `YYYY-MM-DD` (a PlainDate, or an ISO instant's date part is NOT accepted: convert it to
 * the Beijing date first); throws DomainError DATE_INVALID otherwise.
 */
export function formatChineseDate(date: string): string {
  const { year, month, day } = plainDateParts(parsePlainDate(date));
  return `${year}年${month}月${day}日`;
}

/** `formatChineseDate` for an optional date: null, undefined and '' print as `fallback` (default ''). */
export function formatChineseDateOr(date: string | null | undefined, fallback = ''): string {
  return date ? formatChineseDate(date) : fallback;
}

/**
 * Rewrites every `YYYY-MM-DD` date inside a text into the Chinese form (`满22周岁之日为 2025-05-10` →
 * `满22周岁之日为2025年5月10日`), e.g. stored refusal reasons printed on a notice. Strings that only
 * look like dates (`2025-02-30`) and digits running on either side are left alone.
 */
export function withChineseDates(text: string): string {
  return text.replace(/ ?(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d) ?/g, (whole, date: string) => {
    if (!isPlainDate(date)) return whole;
    return formatChineseDate(date);
  });
}
