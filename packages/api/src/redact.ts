/**
 * Log hygiene: resident ids and phone numbers never reach the log, wherever they appear (URLs,
 * messages); known personal fields are censored by path.
 */
const RESIDENT_ID =
  /(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])|(?<![0-9])([0-9]{6})[0-9]{6}([0-9]{3})(?![0-9])/g;
const PHONE = /(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g;

export function maskPersonalData(text: string): string {
  return text
    .replace(
      RESIDENT_ID,
      (_m, a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined) =>
        a ? `${a}********${b}` : `${c}******${d}`,
    )
    .replace(PHONE, '$1****$2');
}

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.residentId',
  '*.name',
  '*.phone',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
];
