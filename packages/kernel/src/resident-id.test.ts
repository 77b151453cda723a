import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressCodeFacts, addressCodeHistory, isKnownAddressCode, successorsOf } from './address-codes';
import { DomainError } from './errors';
import { addDays, diffDays, parsePlainDate } from './plain-date';
import {
  composeResidentId,
  maskPhone,
  maskResidentId,
  parseResidentId,
  RESIDENT_ID_ERROR_MESSAGES,
  RESIDENT_ID_MIN_BIRTH_DATE,
  residentIdCheckDigit,
  residentIdSchema,
  tryParseResidentId,
  upgradeResidentId15,
} from './resident-id';

const today = parsePlainDate('2026-06-01');
const parse = (s: string) => parseResidentId(s, { today });

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('residentIdCheckDigit (R-ID-02, ISO 7064 MOD 11-2)', () => {
  it.each([
    ['43010219900307123', '4'],
    ['43310119851231002', '0'],
    ['43012120000229004', '2'],
    ['43060219781115006', 'X'],
    ['43052219700101001', '4'],
    ['11010519491231002', 'X'],
  ])('computes the check character of %s as %s', (first17, check) => {
    expect(residentIdCheckDigit(first17)).toBe(check);
  });
});

describe('parseResidentId: the valid examples V1–V6 of rulebook §1', () => {
  it('V1 decodes 芙蓉区, 1990-03-07, sequence 123, male', () => {
    expect(parse('430102199003071234')).toEqual({
      id: '430102199003071234',
      divisionCode: '430102',
      birthDate: '1990-03-07',
      sex: 'male',
      origin: 'mainland',
      divisionStatus: 'current',
      upgradedFrom15: null,
      sequence: 123,
      warnings: [],
    });
  });

  it('V2 decodes 吉首市, 1985-12-31, female', () => {
    const p = parse('433101198512310020');
    expect([p.divisionCode, p.birthDate, p.sex]).toEqual(['433101', '1985-12-31', 'female']);
  });

  it('V3 accepts the leap day 2000-02-29 (长沙县, female)', () => {
    const p = parse('430121200002290042');
    expect([p.birthDate, p.sex]).toEqual(['2000-02-29', 'female']);
  });

  it('V4 accepts an uppercase X check character (岳阳楼区, female because digit 17 is 6)', () => {
    const p = parse('43060219781115006X');
    expect([p.id, p.sex]).toEqual(['43060219781115006X', 'female']);
  });

  it('V5 decodes 新邵县, 1970-01-01, male', () => {
    const p = parse('430522197001010014');
    expect([p.divisionCode, p.birthDate, p.sex]).toEqual(['430522', '1970-01-01', 'male']);
  });

  it('V6 accepts the Beijing example 11010519491231002X as female', () => {
    const p = parse('11010519491231002X');
    expect([p.divisionCode, p.birthDate, p.sex]).toEqual(['110105', '1949-12-31', 'female']);
  });
});

describe('parseResidentId: the invalid examples I1–I6 and the structure TCs', () => {
  it.each([
    ['I1 bad check digit', '430102199003071235', 'RESIDENT_ID_CHECK_DIGIT'],
    ['I2 1990-02-30', '430102199002301237', 'RESIDENT_ID_BIRTH_DATE_INVALID'],
    ['I3 1900-02-29', '430121190002290046', 'RESIDENT_ID_BIRTH_DATE_INVALID'],
    ['I4 province 99', '990102199003071233', 'RESIDENT_ID_DIVISION_UNKNOWN'],
    ['I5 born 2099-12-31', '430102209912310016', 'RESIDENT_ID_BIRTH_DATE_FUTURE'],
    ['I6 lowercase x where 4 is due', '43010219900307123x', 'RESIDENT_ID_CHECK_DIGIT'],
    ['TC2 17 characters', '43010219900307123', 'RESIDENT_ID_LENGTH'],
    ['TC3 X outside position 18', '4301021990030712X4', 'RESIDENT_ID_CHARSET'],
  ])('rejects %s (%s) with %s', (_label, input, code) => {
    const e = errorOf(() => parse(input));
    expect(e.code).toBe(code);
    expect(e.kind).toBe('invalid');
    expect(e.message).toBe(RESIDENT_ID_ERROR_MESSAGES[code as keyof typeof RESIDENT_ID_ERROR_MESSAGES]);
    expect(e.details).toEqual({ field: 'residentId' });
  });

  it('TC4 DESIGN: trims leading and trailing whitespace, then validates', () => {
    expect(parse('430102199003071234 ').id).toBe('430102199003071234');
    expect(parse('\t 430102199003071234\n').id).toBe('430102199003071234');
  });

  it('rejects whitespace inside the number', () => {
    expect(errorOf(() => parse('430102 199003071234')).code).toBe('RESIDENT_ID_LENGTH');
    expect(errorOf(() => parse('430102 19900307123')).code).toBe('RESIDENT_ID_CHARSET');
  });

  it('R-ID-06 DESIGN: accepts a lowercase x check character and stores it as uppercase X', () => {
    expect(parse('43060219781115006x').id).toBe('43060219781115006X');
  });

  it('folds full-width digits typed with a Chinese input method', () => {
    expect(parse('４３０１０２１９９００３０７１２３４').id).toBe('430102199003071234');
  });

  it('rejects an empty string and non-digits with the length and charset codes', () => {
    expect(errorOf(() => parse('')).code).toBe('RESIDENT_ID_LENGTH');
    expect(errorOf(() => parse('43010219900307123A')).code).toBe('RESIDENT_ID_CHARSET');
  });
});

describe('parseResidentId: birth date bounds (R-ID-03)', () => {
  it('DESIGN: rejects birth dates before 1900-01-01 with RESIDENT_ID_BIRTH_DATE_TOO_EARLY', () => {
    expect(RESIDENT_ID_MIN_BIRTH_DATE).toBe('1900-01-01');
    expect(errorOf(() => parse('430102189912310010')).code).toBe('RESIDENT_ID_BIRTH_DATE_TOO_EARLY');
    expect(parse(composeResidentId('430102', parsePlainDate('1900-01-01'), 1)).birthDate).toBe('1900-01-01');
  });

  it('accepts someone born today and rejects someone born tomorrow', () => {
    expect(parse(composeResidentId('430102', today, 2)).birthDate).toBe(today);
    const tomorrow = composeResidentId('430102', addDays(today, 1), 2);
    expect(errorOf(() => parse(tomorrow)).code).toBe('RESIDENT_ID_BIRTH_DATE_FUTURE');
  });

  it('compares with today in Beijing when no date is given', () => {
    expect(errorOf(() => parseResidentId('430102209912310016')).code).toBe('RESIDENT_ID_BIRTH_DATE_FUTURE');
    expect(parseResidentId('430102199003071234').birthDate).toBe('1990-03-07');
  });
});

describe('parseResidentId: address codes (R-ID-05, R-ID-05b)', () => {
  it('accepts 430521 邵东县, abolished in 2019, as a historical code', () => {
    const p = parse('430521199001010017');
    expect([p.divisionCode, p.divisionStatus, p.warnings]).toEqual(['430521', 'historical', []]);
    expect(addressCodeHistory('430521').map((e) => e.name)).toEqual(['衡阳县', '邵东县']);
    expect(successorsOf('430521')).toEqual(['430582']);
    expect(addressCodeFacts('430521')).toEqual({ current: false, lastYear: 2018 });
    expect(addressCodeFacts('430102')).toEqual({ current: true, lastYear: null });
  });

  it('accepts 431181 祁阳市, created after the timeline ends, as current; 431121 祁阳县 as historical', () => {
    expect(parse(composeResidentId('431181', parsePlainDate('2022-03-01'), 5)).divisionStatus).toBe(
      'current',
    );
    expect(parse(composeResidentId('431121', parsePlainDate('1995-03-01'), 5)).divisionStatus).toBe(
      'historical',
    );
    expect(successorsOf('431121')).toEqual(['431181']);
  });

  it('DESIGN: warns, but accepts, a code abolished before the holder was born', () => {
    const p = parse('430521202101010019');
    expect(p.divisionStatus).toBe('historical');
    expect(p.warnings.map((w) => w.code)).toEqual(['RESIDENT_ID_DIVISION_ABOLISHED_BEFORE_BIRTH']);
  });

  it('rejects 111111, a code that never existed, even with a correct check digit', () => {
    expect(isKnownAddressCode('111111')).toBe(false);
    expect(addressCodeFacts('111111')).toBeUndefined();
    expect(errorOf(() => parse('111111199001010019')).code).toBe('RESIDENT_ID_DIVISION_UNKNOWN');
  });

  it('rejects any 99xxxx code', () => {
    for (const code of ['990000', '990102', '999999']) {
      const body = `${code}19900307123`;
      expect(errorOf(() => parse(body + residentIdCheckDigit(body))).code).toBe(
        'RESIDENT_ID_DIVISION_UNKNOWN',
      );
    }
  });

  it.each([
    ['810000199001010027', 'hong_kong'],
    ['820000198506150030', 'macao'],
    ['83000020000229004X', 'taiwan'],
  ])('accepts the residence-permit number %s and sets origin %s', (id, origin) => {
    const p = parse(id);
    expect([p.origin, p.divisionStatus]).toEqual([origin, 'current']);
  });
});

describe('legacy 15-digit ids (R-ID-07)', () => {
  it('upgrades 430102900307123 to 430102199003071234', () => {
    expect(upgradeResidentId15('430102900307123')).toBe('430102199003071234');
  });

  it('upgrades 110105491231002 to 11010519491231002X', () => {
    expect(upgradeResidentId15('110105491231002')).toBe('11010519491231002X');
  });

  it('parses a 15-digit input into the 18-digit id and remembers the original', () => {
    const p = parse(' 430102900307123 ');
    expect([p.id, p.upgradedFrom15, p.birthDate]).toEqual([
      '430102199003071234',
      '430102900307123',
      '1990-03-07',
    ]);
  });

  it('flags the centenarian sequences 996–999 instead of prefixing 19', () => {
    expect(errorOf(() => upgradeResidentId15('430102051231996')).code).toBe('RESIDENT_ID_15_CENTENARIAN');
    expect(errorOf(() => parse('430102051231999')).code).toBe('RESIDENT_ID_15_CENTENARIAN');
    expect(parse('430102051231995').birthDate).toBe('1905-12-31');
  });

  it('rejects 15-digit inputs with letters or impossible dates', () => {
    expect(errorOf(() => parse('43010290030712X')).code).toBe('RESIDENT_ID_CHARSET');
    expect(errorOf(() => parse('430102900230123')).code).toBe('RESIDENT_ID_BIRTH_DATE_INVALID');
  });
});

describe('tryParseResidentId and residentIdSchema', () => {
  it('returns the value or the stable code with the Chinese message', () => {
    const ok = tryParseResidentId('430102199003071234', { today });
    expect(ok.ok && ok.value.sex).toBe('male');
    expect(tryParseResidentId('430102199003071235', { today })).toEqual({
      ok: false,
      code: 'RESIDENT_ID_CHECK_DIGIT',
      message: RESIDENT_ID_ERROR_MESSAGES.RESIDENT_ID_CHECK_DIGIT,
    });
  });

  it('zod schema trims, upper-cases x and upgrades 15 to 18 digits', () => {
    expect(residentIdSchema.parse(' 43060219781115006x ')).toBe('43060219781115006X');
    expect(residentIdSchema.parse('430102900307123')).toBe('430102199003071234');
  });

  it('zod issue carries the Chinese message and the stable code', () => {
    const r = residentIdSchema.safeParse('430102199003071235');
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.message).toBe(RESIDENT_ID_ERROR_MESSAGES.RESIDENT_ID_CHECK_DIGIT);
    expect(issue && 'params' in issue ? issue.params : undefined).toEqual({
      code: 'RESIDENT_ID_CHECK_DIGIT',
    });
  });
});

describe('composeResidentId', () => {
  it('builds V1 from its parts', () => {
    expect(composeResidentId('430102', parsePlainDate('1990-03-07'), 123)).toBe('430102199003071234');
  });

  it('refuses unknown codes, early dates and out-of-range sequences', () => {
    expect(errorOf(() => composeResidentId('111111', today, 1)).code).toBe('RESIDENT_ID_DIVISION_UNKNOWN');
    expect(errorOf(() => composeResidentId('430102', parsePlainDate('1899-12-31'), 1)).code).toBe(
      'RESIDENT_ID_BIRTH_DATE_TOO_EARLY',
    );
    expect(errorOf(() => composeResidentId('430102', today, 1000)).code).toBe('RESIDENT_ID_SEQUENCE_INVALID');
    expect(errorOf(() => composeResidentId('430102', today, 1.5)).code).toBe('RESIDENT_ID_SEQUENCE_INVALID');
  });

  it('always round-trips through parseResidentId (property)', () => {
    const codes = [
      '430102',
      '430181',
      '433101',
      '430521',
      '431181',
      '431121',
      '110105',
      '650102',
      '810000',
      '830000',
    ];
    const start = RESIDENT_ID_MIN_BIRTH_DATE;
    const span = diffDays(today, start);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 999 }),
        (code, offset, sequence) => {
          const birthDate = addDays(start, offset);
          const id = composeResidentId(code, birthDate, sequence);
          const p = parseResidentId(id, { today });
          expect(p.id).toBe(id);
          expect(p.divisionCode).toBe(code);
          expect(p.birthDate).toBe(birthDate);
          expect(p.sequence).toBe(sequence);
          expect(p.sex).toBe(sequence % 2 === 1 ? 'male' : 'female');
          expect(parseResidentId(id.toLowerCase(), { today }).id).toBe(id);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('masking', () => {
  it('keeps the first 6 and last 4 characters of an id', () => {
    expect(maskResidentId('430102199003071234')).toBe('430102********1234');
    expect(maskResidentId('43060219781115006X')).toBe('430602********006X');
  });

  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it('stars short inputs completely', () => {
    expect(maskResidentId('1234')).toBe('****');
    expect(maskPhone('110')).toBe('***');
  });
});
