import { describe, expect, it } from 'vitest';
import {
  composeDisabilityCertificateNumber,
  parseDisabilityCertificateNumber,
  tryParseDisabilityCertificateNumber,
} from './disability-certificate';
import { composeResidentId } from './resident-id';
import type { PlainDate } from './plain-date';

const code = (s: string) => {
  const r = tryParseDisabilityCertificateNumber(s);
  return r.ok ? 'ok' : r.code;
};

describe('R-DIS-04 disability certificate numbers', () => {
  it('decodes the rulebook examples', () => {
    const ok = parseDisabilityCertificateNumber('43010219900307123442');
    expect(ok).toMatchObject({ residentId: '430102199003071234', category: 4, grade: 2 });
    expect(ok.categoryLabel).toBe('肢体残疾');
    expect(ok.gradeLabel).toBe('二级');
    expect(code('43010219900307123482')).toBe('DISABILITY_CERT_CATEGORY');
    expect(code('43010219900307123445')).toBe('DISABILITY_CERT_GRADE');
    expect(code('43010219900307123542')).toBe('DISABILITY_CERT_ID_INVALID');
    expect(code('4301021990030712344')).toBe('DISABILITY_CERT_FORMAT');
    expect(code('43010219900307123402')).toBe('DISABILITY_CERT_CATEGORY');
  });

  it('maps 1 to visual (red) and 2 to hearing, never the swapped mapping', () => {
    const id = composeResidentId('430102', '1985-05-05' as PlainDate, 11);
    expect(parseDisabilityCertificateNumber(composeDisabilityCertificateNumber(id, 1, 1))).toMatchObject({
      categoryLabel: '视力残疾',
      colour: 'red',
    });
    expect(parseDisabilityCertificateNumber(`${id}21`).categoryLabel).toBe('听力残疾');
  });

  it('refuses a certificate whose id part is not the holder', () => {
    const holder = composeResidentId('430102', '1985-05-05' as PlainDate, 11);
    const other = composeResidentId('430102', '1985-05-05' as PlainDate, 13);
    expect(() => parseDisabilityCertificateNumber(`${other}42`, { holderResidentId: holder })).toThrow(
      expect.objectContaining({ code: 'DISABILITY_CERT_HOLDER_MISMATCH' }),
    );
    expect(parseDisabilityCertificateNumber(`${holder}42`, { holderResidentId: holder }).number).toBe(
      `${holder}42`,
    );
  });
});
