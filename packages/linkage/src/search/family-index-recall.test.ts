/**
 * Recall of surname-only and 小名 queries (issue 12, helper F1): records a reading of the query cannot
 * be compared with are candidates on the other fields; compound surnames and 形近 OCR errors in a given
 * name are reached; ranking rules order records as the evidence says.
 */
import { describe, expect, it } from 'vitest';
import { FamilySearchIndex, type FamilySearchRecord } from './family-index';

const living = (id: string, r: Omit<FamilySearchRecord, 'id' | 'kind'>): FamilySearchRecord => ({
  id,
  kind: 'unidentified-living',
  ...r,
});
const missing = (id: string, r: Omit<FamilySearchRecord, 'id' | 'kind'>): FamilySearchRecord => ({
  id,
  kind: 'missing-report',
  ...r,
});

describe('family search recall: surname-only and 小名 queries', () => {
  it('finds a record holding only a 小名 by a surname query on the other fields, never a different surname', () => {
    const index = new FamilySearchIndex();
    index.add([
      // Held under a 小名: the surname the family gives cannot be compared with it.
      missing('nick', { name: '阿家', sex: 'male', birthYear: 2019, divisionCode: '430102' }),
      // A full name with another surname (and another given name): a disagreement.
      missing('other', { name: '李家明', sex: 'male', birthYear: 2019, divisionCode: '430102' }),
      missing('same', { name: '闻建国', sex: 'male', birthYear: 2019, divisionCode: '430102' }),
    ]);
    const result = index.search({
      name: '闻',
      sex: 'male',
      age: { estimate: 5 },
      asOf: '2024-06-01',
      regionHints: ['4301'],
      fromKind: 'unidentified-living',
    });
    const ids = result.hits.map((h) => h.id);
    expect(ids).toEqual(['same', 'nick']);
    expect(result.hits[1]!.explanation.name).toBe('none');
    // Without a surname reading (a full name), the 小名 is compared and disagrees: not a candidate.
    const full = index.search({ name: '闻建国', sex: 'male', asOf: '2024-06-01', age: { estimate: 5 } });
    expect(full.hits.map((h) => h.id)).toEqual(['same']);
  });

  it('reads a compound surname alone (欧阳) as the surname', () => {
    const index = new FamilySearchIndex();
    index.add([
      missing('oy', { name: '欧阳伟然', sex: 'male', birthYear: 1990 }),
      missing('o', { name: '欧明', sex: 'male', birthYear: 1990 }),
    ]);
    const result = index.search({ name: '欧阳', sex: 'male', asOf: '2024-06-01', age: { estimate: 34 } });
    expect(result.understood.surname).toBe('欧阳');
    expect(result.hits[0]?.id).toBe('oy');
    expect(result.hits[0]?.explanation.name).toBe('surname');
  });

  it('finds a given name recorded with a 形近 OCR error (军 → 车) and explains it as shape', () => {
    const index = new FamilySearchIndex();
    index.add([
      living('ocr', { name: '曹荣车', sex: 'male', estimatedAge: { estimate: 20, asOf: '2020-01-01' } }),
      living('far', { name: '曹荣华', sex: 'male', estimatedAge: { estimate: 20, asOf: '2020-01-01' } }),
    ]);
    const result = index.search({ name: '荣军', sex: 'male', asOf: '2020-01-01', age: { estimate: 20 } });
    expect(result.hits.map((h) => h.id)).toEqual(['ocr']);
    expect(result.hits[0]!.explanation.name).toBe('shape');
    // A 小名 recorded with the error, reached from a 小名 query.
    index.add([
      living('nick', { name: '斌斌', sex: 'male', estimatedAge: { estimate: 20, asOf: '2020-01-01' } }),
    ]);
    const nick = index.search({ name: '阿赋', sex: 'male', asOf: '2020-01-01', age: { estimate: 20 } });
    expect(nick.hits.map((h) => h.id)).toContain('nick');
  });

  it('weighs the very character the family gave by its rarity: a rare 炜 says more than a common 伟', () => {
    const index = new FamilySearchIndex();
    // Many given names sound "wei"; only one holds 炜. Fillers are born far outside the age window.
    const fillers = Array.from({ length: 100 }, (_, i) =>
      missing(`f${i}`, { name: `周${i % 2 ? '伟' : '明伟'}`, sex: 'male', birthYear: 1950 }),
    );
    index.add([
      ...fillers,
      missing('rare', { name: '李明炜', sex: 'male', birthYear: 2000 }),
      missing('sound', { name: '刘伟', sex: 'male', birthYear: 2000 }),
    ]);
    const query = { sex: 'male', age: { estimate: 24 }, asOf: '2024-06-01' } as const;
    // 小炜: the exact rare character in a two-character given name outranks the whole given name by sound.
    const rare = index.search({ ...query, name: '小炜' }).hits.map((h) => h.id);
    expect(rare.slice(0, 2)).toEqual(['rare', 'sound']);
    // 小伟: the common character adds next to nothing, so the whole given name comes first.
    index.add([missing('common', { name: '李明伟', sex: 'male', birthYear: 2000 })]);
    const common = index.search({ ...query, name: '小伟' }).hits.map((h) => h.id);
    expect(common.indexOf('sound')).toBeLessThan(common.indexOf('common'));
  });

  it('weighs age on the scale of the other fields: the hinted prefecture outweighs 1.2 σ of age', () => {
    const index = new FamilySearchIndex();
    const elsewhere = Array.from({ length: 20 }, (_, i) =>
      missing(`e${i}`, {
        name: `赵${i}`,
        sex: 'male',
        birthYear: 1994,
        birthYearUncertainty: 0,
        divisionCode: '110101',
      }),
    );
    index.add([
      ...elsewhere,
      // About 1.2 σ (6 years of σ = 5) from the implied birth year, in the prefecture the family named.
      missing('near', {
        name: '钱大勇',
        sex: 'male',
        birthYear: 1988,
        birthYearUncertainty: 0,
        divisionCode: '430102',
      }),
      // The exact age, in another province.
      missing('far', {
        name: '钱小军',
        sex: 'male',
        birthYear: 1994,
        birthYearUncertainty: 0,
        divisionCode: '110102',
      }),
    ]);
    const hits = index.search({
      name: '钱',
      sex: 'male',
      age: { estimate: 30, range: 5 },
      asOf: '2024-06-01',
      regionHints: ['4301'],
    }).hits;
    expect(hits.map((h) => h.id).slice(0, 2)).toEqual(['near', 'far']);
    expect(hits[0]!.explanation.region).toBe('prefecture');
  });
});
