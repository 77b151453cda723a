/** The roll CSV reader used by the CLI and the web import dialog. */

/** One row of an imported roll as sent to `POST /api/matching/rolls` (dates `YYYY-MM-DD`). */
export interface RollRecordDto {
  externalRef: string | null;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  residentId: string | null;
  eventDate: string | null;
  divisionCode: string;
}

/**
 * A roll as CSV with a header line naming any of: name, sex (male/female/男/女), birthDate, residentId,
 * eventDate, divisionCode, externalRef. Plain comma-separated values without quoting (CLI and web).
 */
export function parseRollCsv(text: string): RollRecordDto[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  return lines.map((line) => {
    const cells = line.split(',');
    const v = (k: string) => {
      const i = header.indexOf(k);
      const s = i >= 0 ? (cells[i] ?? '').trim() : '';
      return s === '' ? null : s;
    };
    const sex = v('sex');
    return {
      name: v('name'),
      sex: sex === '男' || sex === 'male' ? 'male' : sex === '女' || sex === 'female' ? 'female' : null,
      birthDate: v('birthDate'),
      residentId: v('residentId'),
      eventDate: v('eventDate'),
      divisionCode: v('divisionCode') ?? '',
      externalRef: v('externalRef'),
    };
  });
}
