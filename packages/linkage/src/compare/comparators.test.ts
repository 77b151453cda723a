import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameDictionary } from '../columns/name-dictionary';
import { encodePeople } from '../columns/people-table';
import { compareDates, compareIds, compareNames, FIELD_LEVELS } from './comparators';
import { jaroWinkler, jaroWinklerBytes, jaroWinklerLong } from './jaro-winkler';
import { daysFromCivil, lunarToSolarDays, NO_DAY } from '../normalize/calendar';

function nameLevel(a: string, b: string): string {
  const dict = new NameDictionary();
  const ia = dict.intern(a);
  const ib = dict.intern(b);
  return FIELD_LEVELS.name[compareNames(dict.freeze(), ia, ib)]!;
}

function idLevel(a: string | null, b: string | null): string {
  const dict = new NameDictionary();
  const left = encodePeople([{ residentId: a }], dict);
  const right = encodePeople([{ residentId: b }], dict);
  return FIELD_LEVELS.id[compareIds(left, right, 0, 0)]!;
}

describe('name comparison levels (golden pairs)', () => {
  it.each([
    ['张伟', '张伟', 'hanzi-exact'],
    ['張偉', '张伟', 'normalized'],
    ['萧红', '肖红', 'normalized'],
    ['张伟', '章玮', 'homophone'],
    ['覃乐', '谭乐', 'homophone'],
    ['陈天华', '陈华天', 'reordered'],
    ['张成', '藏岑', 'light-fuzzy'],
    ['刘芳', '牛黄', 'heavy-fuzzy'],
    ['王己', '王已', 'shape'],
    ['张伟', '李娜', 'different'],
  ])('rates %s vs %s as %s', (a, b, level) => {
    expect(nameLevel(a, b)).toBe(level);
  });

  it('reports a missing name as null', () => {
    const dict = new NameDictionary();
    const ia = dict.intern('张伟');
    expect(compareNames(dict.freeze(), ia, -1)).toBe(FIELD_LEVELS.name.length - 1);
  });
});

describe('id comparison levels', () => {
  const id = '11010519491231002X';
  it.each([
    [id, id, 'exact'],
    ['110105491231002', id, 'exact'],
    ['11010519491231092X', id, 'one-edit'],
    ['11010591491231002X', id, 'one-edit'],
    [null, id, 'null'],
  ])('rates %s vs %s as %s', (a, b, level) => {
    expect(idLevel(a, b)).toBe(level);
  });

  it('calls two valid ids one digit apart in the first 17 near-valid (check recomputed)', () => {
    expect(idLevel('110105194912310038', id)).toBe('near-valid');
  });
});

describe('date comparison levels', () => {
  const ymd = (y: number, m: number, d: number) => y * 10000 + m * 100 + d;
  const level = (a: [number, number, number], b: [number, number, number], lunarB = NO_DAY) =>
    FIELD_LEVELS.dob[
      compareDates(ymd(...a), ymd(...b), daysFromCivil(...a), daysFromCivil(...b), NO_DAY, lunarB)
    ];
  it('recognises swaps, lunar birthdays and off-by-one years', () => {
    expect(level([1990, 3, 7], [1990, 3, 7])).toBe('exact');
    expect(level([1990, 3, 7], [1990, 7, 3])).toBe('day-month-swap');
    expect(level([1990, 3, 7], [1990, 2, 11], lunarToSolarDays(1990, 2, 11))).toBe('lunar');
    expect(level([1990, 3, 7], [1991, 3, 7])).toBe('month-day-year-1');
    expect(level([1990, 3, 7], [1990, 3, 20])).toBe('year-month');
    expect(level([1990, 3, 7], [1960, 3, 20])).toBe('different');
  });
});

describe('comparator properties', () => {
  const hanziName = fc
    .array(fc.constantFrom(...'张王李刘陈伟芳娜敏静强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲欧阳覃单曾乐'), {
      minLength: 2,
      maxLength: 4,
    })
    .map((chars) => chars.join(''));

  it('name levels are symmetric and deterministic', () => {
    const dict = new NameDictionary();
    fc.assert(
      fc.property(hanziName, hanziName, (a, b) => {
        const ia = dict.intern(a);
        const ib = dict.intern(b);
        const table = dict.freeze();
        const ab = compareNames(table, ia, ib);
        expect(compareNames(table, ib, ia)).toBe(ab);
        expect(compareNames(table, ia, ib)).toBe(ab);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThan(FIELD_LEVELS.name.length);
        if (a === b) expect(ab).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('Jaro–Winkler is symmetric, bounded and 1 on equal strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz') }),
        fc.string(),
        (a, b) => {
          const s = jaroWinkler(a, b.replace(/[^\x20-\x7e]/g, ''));
          const t = jaroWinkler(b.replace(/[^\x20-\x7e]/g, ''), a);
          expect(Math.abs(s - t)).toBeLessThan(1e-12);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
          expect(jaroWinkler(a, a)).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Jaro–Winkler on short strings (bit flags) equals the general computation', () => {
    const bytes = new Uint8Array(80);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'aeinoughz'), minLength: 1, maxLength: 31 }),
        fc.string({ unit: fc.constantFrom(...'aeinoughz'), minLength: 1, maxLength: 31 }),
        (a, b) => {
          for (let i = 0; i < a.length; i++) bytes[i] = a.charCodeAt(i);
          for (let i = 0; i < b.length; i++) bytes[40 + i] = b.charCodeAt(i);
          expect(jaroWinklerBytes(bytes, 0, a.length, 40, 40 + b.length)).toBe(
            jaroWinklerLong(bytes, 0, a.length, 40, b.length),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('Jaro–Winkler matches known values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
  });

  it('date levels are symmetric', () => {
    const day = fc.integer({ min: daysFromCivil(1930, 1, 1), max: daysFromCivil(2020, 12, 31) });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const toYmd = (d: number) => {
          const dt = new Date(d * 86400000);
          return dt.getUTCFullYear() * 10000 + (dt.getUTCMonth() + 1) * 100 + dt.getUTCDate();
        };
        const x = compareDates(toYmd(a), toYmd(b), a, b, NO_DAY, NO_DAY);
        expect(compareDates(toYmd(b), toYmd(a), b, a, NO_DAY, NO_DAY)).toBe(x);
      }),
      { numRuns: 300 },
    );
  });
});
