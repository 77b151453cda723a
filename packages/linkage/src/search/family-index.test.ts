import { describe, expect, it } from 'vitest';
import { generateFamilySearch } from '../synth/family';
import { FamilySearchIndex } from './family-index';

describe('family search index', () => {
  it('finds a report by a Hunan-accented name typed in pinyin and explains the hit', () => {
    const index = new FamilySearchIndex();
    index.add([
      { name: '刘芳', sex: '女', birthYear: 1990, divisionCode: '430102', features: '左眉有痣' },
      { name: '刘方', sex: '女', birthYear: 1960, divisionCode: '110101' },
      { name: '王伟', sex: '男', birthYear: 1990, divisionCode: '430102' },
    ]);
    const hits = index.search({
      name: 'niu huang',
      sex: 'female',
      age: { estimate: 34, range: 3 },
      asOfYear: 2024,
      regionHints: ['4301'],
      features: '眉毛上有痣',
    });
    expect(hits[0]?.report).toBe(0);
    expect(hits[0]?.explanation.name).toBe('dialect-profile');
    expect(hits[0]?.explanation.region).toBe('prefecture');
    expect(hits[0]?.explanation.sharedFeatures).toContain('有痣');
  });

  it('accepts homophone hanzi and a surname alone', () => {
    const index = new FamilySearchIndex();
    index.add([
      { name: '张玮', sex: 'male', birthYear: 2000 },
      { name: '李娜', sex: 'female', birthYear: 2001 },
    ]);
    expect(index.search({ name: '章伟', asOfYear: 2024 })[0]?.explanation.name).toBe('homophone');
    const bySurname = index.search({ name: '李', asOfYear: 2024, age: { estimate: 23 } });
    expect(bySurname.map((h) => h.report)).toEqual([1]);
  });

  it('is incrementally updatable: new reports are found without a rebuild', () => {
    const index = new FamilySearchIndex();
    index.add([{ name: '陈静', sex: 'female', birthYear: 1995 }]);
    expect(index.search({ name: '覃乐', asOfYear: 2024 })).toHaveLength(0);
    const row = index.add([{ name: '覃乐', sex: 'male', birthYear: 2010 }]);
    expect(index.search({ name: 'tan le', asOfYear: 2024 })[0]?.report).toBe(row);
  });

  it('reaches recall@20 ≥ 95 % under homophone and dialect noise on small synthetic data', () => {
    const data = generateFamilySearch({ reports: 10_000, queries: 200, seed: 5 });
    const index = new FamilySearchIndex();
    index.add(data.reports);
    let found = 0;
    data.queries.forEach((query, q) => {
      if (index.search(query, 20).some((h) => h.report === data.gold[q])) found++;
    });
    expect(found / data.queries.length).toBeGreaterThanOrEqual(0.95);
  });
});
