import { describe, expect, it } from 'vitest';
import { generateFamilySearch } from '../synth/family';
import { FAMILY_QUERY_KINDS, generateHardFamilySearch } from '../synth/family-hard';
import { FamilySearchIndex, type FamilySearchRecord } from './family-index';

const missing = (id: string, r: Omit<FamilySearchRecord, 'id' | 'kind'>): FamilySearchRecord => ({
  id,
  kind: 'missing-report',
  ...r,
});

describe('family search index', () => {
  it('finds a report by a Hunan-accented name typed in pinyin and explains the hit', () => {
    const index = new FamilySearchIndex();
    index.add([
      missing('r1', {
        name: '刘芳',
        sex: '女',
        birthYear: 1990,
        divisionCode: '430102',
        features: '左眉有痣',
      }),
      missing('r2', { name: '刘方', sex: '女', birthYear: 1960, divisionCode: '110101' }),
      missing('r3', { name: '王伟', sex: '男', birthYear: 1990, divisionCode: '430102' }),
    ]);
    const { hits, warnings } = index.search({
      name: 'niu huang',
      sex: 'female',
      age: { estimate: 34, range: 3 },
      asOf: '2024-06-01',
      regionHints: ['4301'],
      features: '眉毛上有痣',
    });
    expect(warnings).toEqual([]);
    expect(hits[0]?.id).toBe('r1');
    expect(hits[0]?.kind).toBe('missing-report');
    expect(hits[0]?.explanation.name).toBe('dialect-profile');
    expect(hits[0]?.explanation.region).toBe('prefecture');
    expect(hits[0]?.explanation.sharedFeatures).toContain('有痣');
  });

  it('accepts homophone hanzi and a surname alone', () => {
    const index = new FamilySearchIndex();
    index.add([
      missing('a', { name: '张玮', sex: 'male', birthYear: 2000 }),
      missing('b', { name: '李娜', sex: 'female', birthYear: 2001 }),
    ]);
    expect(index.search({ name: '章伟', asOf: '2024-01-01' }).hits[0]?.explanation.name).toBe('homophone');
    const bySurname = index.search({ name: '李', asOf: '2024-01-01', age: { estimate: 23 } });
    expect(bySurname.hits.map((h) => h.id)).toEqual(['b']);
    expect(bySurname.understood.surname).toBe('李');
  });

  it('holds three kinds: a query from one kind returns the other two, with photo references', () => {
    const index = new FamilySearchIndex();
    index.add([
      missing('m1', {
        name: '覃乐',
        sex: 'male',
        birthYear: 2010,
        eventDate: '2015-03-01',
        divisionCode: '431102',
      }),
      {
        id: 'l1',
        kind: 'unidentified-living',
        name: '覃乐',
        sex: 'male',
        estimatedAge: { estimate: 12, range: 2, asOf: '2022-05-10' },
        eventDate: '2022-05-10',
        divisionCode: '440305',
        photoRef: 'photo/l1.jpg',
      },
      {
        id: 'd1',
        kind: 'unidentified-deceased',
        name: null,
        sex: 'male',
        estimatedAge: { estimate: 13, range: 3, asOf: '2023-01-02' },
        eventDate: '2023-01-02',
        divisionCode: '431102',
        features: '左手六指',
      },
    ]);
    const fromReport = index.search({
      name: '覃乐',
      sex: 'male',
      age: { estimate: 5 },
      asOf: '2015-03-01',
      fromKind: 'missing-report',
      lostOn: '2015-03-01',
    });
    // The named record first; the unnamed deceased record of the right sex and age follows on the other
    // fields alone (one engine call reaches named and unnamed records).
    expect(fromReport.hits.map((h) => h.id)).toEqual(['l1', 'd1']);
    expect(fromReport.hits[1]?.explanation.name).toBe('none');
    expect(fromReport.hits[0]).toMatchObject({ kind: 'unidentified-living', photoRef: 'photo/l1.jpg' });
    expect(fromReport.hits[0]?.explanation.eventOrder).toBe('consistent');
    // No name on the query: the nameless deceased record is reached through sex, age, region and features.
    const nameless = index.search({
      sex: 'male',
      age: { estimate: 5 },
      asOf: '2015-03-01',
      regionHints: ['431102'],
      features: '六指',
      fromKind: 'missing-report',
    });
    expect(nameless.hits[0]?.id).toBe('d1');
    const fromLiving = index.search({
      name: 'tan le',
      age: { estimate: 12 },
      asOf: '2022-05-10',
      fromKind: 'unidentified-living',
    });
    expect(fromLiving.hits.map((h) => h.id)).toEqual(['m1', 'd1']);
    expect(
      index.search({ name: '覃乐', asOf: '2022-05-10', kinds: ['unidentified-living'] }).hits,
    ).toHaveLength(1);
    expect(index.search({ name: '覃乐', asOf: '2022-05-10', scope: ['4311'] }).hits.map((h) => h.id)).toEqual(
      ['m1', 'd1'],
    );
  });

  it('ranks people found before the loss below those found after it', () => {
    const index = new FamilySearchIndex();
    const living = (id: string, foundOn: string): FamilySearchRecord => ({
      id,
      kind: 'unidentified-living',
      name: '陈静',
      sex: 'female',
      estimatedAge: { estimate: 20, asOf: foundOn },
      eventDate: foundOn,
    });
    index.add([living('before', '2009-01-01'), living('after', '2011-01-01')]);
    const { hits } = index.search({
      name: '陈静',
      asOf: '2010-06-01',
      age: { estimate: 19 },
      lostOn: '2010-06-01',
    });
    expect(hits.map((h) => [h.id, h.explanation.eventOrder])).toEqual([
      ['after', 'consistent'],
      ['before', 'inconsistent'],
    ]);
  });

  it('removes a record on a status change and replaces a record added again under its id', () => {
    const index = new FamilySearchIndex();
    index.add([missing('x', { name: '陈静', sex: 'female', birthYear: 1995 })]);
    expect(index.size).toBe(1);
    expect(index.search({ name: '覃乐', asOf: '2024-01-01' }).hits).toHaveLength(0);
    index.add([missing('y', { name: '覃乐', sex: 'male', birthYear: 2010 })]);
    expect(index.search({ name: 'tan le', asOf: '2024-01-01' }).hits[0]?.id).toBe('y');
    expect(index.remove('y')).toBe(true);
    expect(index.remove('y')).toBe(false);
    expect(index.size).toBe(1);
    expect(index.search({ name: 'tan le', asOf: '2024-01-01' }).hits).toHaveLength(0);
    // Re-adding an id replaces the record: the old name no longer finds it.
    index.add([missing('x', { name: '王芳', sex: 'female', birthYear: 1995 })]);
    expect(index.size).toBe(1);
    expect(index.search({ name: '陈静', asOf: '2024-01-01' }).hits).toHaveLength(0);
    expect(index.search({ name: '王芳', asOf: '2024-01-01' }).hits.map((h) => h.id)).toEqual(['x']);
  });

  it('takes an age as of the date it refers to, not as of today', () => {
    const index = new FamilySearchIndex();
    index.add([
      missing('child', { name: '李明', sex: 'male', birthYear: 1995 }),
      missing('adult', { name: '李明', sex: 'male', birthYear: 1970 }),
    ]);
    // Seen aged 5 in 2000: born about 1995, whatever year the search runs in.
    const { hits } = index.search({ name: '李明', age: { estimate: 5, range: 1 }, asOf: '2000-08-01' });
    expect(hits.map((h) => h.id)).toEqual(['child']);
    expect(hits[0]?.explanation.ageDifference).toBe(0);
    // An unidentified person's estimated age converts at its own date.
    index.add([
      {
        id: 'found',
        kind: 'unidentified-living',
        name: '李明',
        sex: 'male',
        estimatedAge: { estimate: 25, range: 3, asOf: '2020-08-01' },
      },
    ]);
    const again = index.search({ name: '李明', age: { estimate: 5, range: 1 }, asOf: '2000-08-01' });
    expect(again.hits.map((h) => h.id).sort()).toEqual(['child', 'found']);
  });

  it('is incrementally updatable: new records are found without a rebuild', () => {
    const index = new FamilySearchIndex();
    index.add([missing('1', { name: '陈静', sex: 'female', birthYear: 1995 })]);
    index.add([missing('2', { name: '覃乐', sex: 'male', birthYear: 2010 })]);
    expect(index.search({ name: 'tan le', asOf: '2024-01-01' }).hits[0]?.id).toBe('2');
  });

  it('compacts removed rows (amortised) and keeps finding, replacing and removing records after it', () => {
    const index = new FamilySearchIndex();
    const names = ['陈静', '覃乐', '王芳', '李明', '张伟'];
    index.add(
      Array.from({ length: 200 }, (_, i) =>
        missing(`r${i}`, {
          name: names[i % names.length]!,
          sex: i % 2 ? 'male' : 'female',
          birthYear: 1980 + (i % 30),
          divisionCode: '430102',
          features: i === 199 ? '左手六指' : '右脸有酒窝',
        }),
      ),
    );
    expect(index.storedRows).toBe(200);
    for (let i = 0; i < 150; i++) expect(index.remove(`r${i}`)).toBe(true);
    // Compaction ran once removed rows outnumbered live ones (after the 101st removal): 99 rows were
    // kept, of which 49 have been removed since.
    expect(index.size).toBe(50);
    expect(index.storedRows).toBe(99);
    expect(index.has('r10')).toBe(false);
    expect(index.has('r160')).toBe(true);
    const all = index.search({ name: '陈静', asOf: '2024-01-01' }, 100);
    expect(all.hits.map((h) => h.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => `r${150 + i}`).filter((_, i) => (150 + i) % 5 === 0),
    );
    // Feature rarity follows the live records: the one record with 六指 comes first.
    const byFeature = index.search({ asOf: '2024-01-01', features: '六指' }, 1);
    expect(byFeature.hits[0]?.id).toBe('r199');
    expect(byFeature.hits[0]?.explanation.sharedFeatures).toEqual(['六指']);
    // Ids still map to their rows: replace one, remove one, add one back.
    index.add([missing('r160', { name: '覃乐', sex: 'male', birthYear: 2010 })]);
    expect(index.search({ name: 'tan le', asOf: '2024-01-01' }).hits.map((h) => h.id)).toContain('r160');
    expect(index.search({ name: '陈静', asOf: '2024-01-01' }, 100).hits.map((h) => h.id)).not.toContain(
      'r160',
    );
    expect(index.remove('r199')).toBe(true);
    expect(index.search({ asOf: '2024-01-01', features: '六指' }, 5).hits.map((h) => h.id)).not.toContain(
      'r199',
    );
    index.add([missing('r0', { name: '王芳', sex: 'female', birthYear: 1995 })]);
    expect(index.search({ name: '王芳', asOf: '2024-01-01' }, 100).hits.map((h) => h.id)).toContain('r0');
    // Removing everything compacts down to nothing.
    for (let i = 150; i < 200; i++) index.remove(`r${i}`);
    index.remove('r0');
    expect(index.size).toBe(0);
    expect(index.storedRows).toBeLessThan(64);
    expect(index.search({ name: '陈静', asOf: '2024-01-01' }).hits).toEqual([]);
  });

  it('reads a common surname by sex and birth band: every person in the age window, none outside', () => {
    const index = new FamilySearchIndex();
    const records: FamilySearchRecord[] = [];
    for (let i = 0; i < 1200; i++)
      records.push(
        missing(`w${i}`, {
          name: '王' + ['伟', '芳', '磊', '静'][i % 4],
          sex: i % 3 === 0 ? null : i % 3 === 1 ? 'male' : 'female',
          birthYear: i % 97 === 0 ? null : 1925 + (i % 96),
        }),
      );
    index.add(records);
    const { hits } = index.search(
      { name: '王', surnameOnly: true, sex: 'male', age: { estimate: 30, range: 2 }, asOf: '2020-07-01' },
      1200,
    );
    const implied = 2020.5 - 30 - 0.5;
    const sigma = Math.max(5, Math.hypot(2, 2));
    const expected = records.filter((r) => {
      if (r.sex === 'female') return false;
      if (!r.birthYear) return true;
      return Math.abs(r.birthYear + 0.5 - implied) <= 3 * sigma;
    });
    expect(new Set(hits.map((h) => h.id))).toEqual(new Set(expected.map((r) => r.id)));
    expect(hits[0]?.explanation.ageDifference).toBe(0);
    // A record without a birth year ranks as a typical true match would, not above an exact age.
    const unknown = hits.findIndex((h) => h.explanation.ageDifference === null);
    expect(unknown).toBeGreaterThan(0);
    expect(hits[unknown - 1]?.explanation.ageDifference).not.toBeNull();
    expect(hits.every((h) => h.explanation.name === 'surname')).toBe(true);
  });

  it('ranks the surname the family gave above homophone and dialect-folded surnames', () => {
    const index = new FamilySearchIndex();
    const person = { sex: 'female', birthYear: 1990, divisionCode: '430102' } as const;
    index.add([
      missing('folded', { name: '颜丽', ...person }),
      missing('homophone', { name: '阳丽', ...person }),
      missing('same', { name: '杨丽', ...person }),
    ]);
    const query = { sex: 'female', age: { estimate: 30 }, asOf: '2020-07-01', regionHints: ['4301'] };
    const { hits } = index.search({ name: '杨', surnameOnly: true, ...query });
    expect(hits.map((h) => h.id)).toEqual(['same', 'homophone', 'folded']);
    expect(hits.every((h) => h.explanation.name === 'surname')).toBe(true);
    // Heard as pinyin, 杨 and 阳 cannot be told apart.
    const heard = index.search({ name: 'yang', surnameOnly: true, ...query });
    expect(heard.hits.map((h) => h.id)).toEqual(['homophone', 'same', 'folded']);
    expect(heard.hits[0]?.score).toBe(heard.hits[1]?.score);
  });

  it('reaches recall@20 ≥ 95 % under homophone and dialect noise on the first synthetic set', () => {
    const data = generateFamilySearch({ reports: 10_000, queries: 200, seed: 5 });
    const index = new FamilySearchIndex();
    index.add(data.reports);
    let found = 0;
    data.queries.forEach((query, q) => {
      if (index.search(query, 20).hits.some((h) => h.id === String(data.gold[q]))) found++;
    });
    expect(found / data.queries.length).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps a per-kind recall floor on a small seeded three-kind set', () => {
    const data = generateHardFamilySearch({ records: 6_000, queries: 600, seed: 31 });
    const index = new FamilySearchIndex();
    index.add(data.records);
    const found = new Map<string, [number, number]>();
    data.queries.forEach((query, q) => {
      const kind = data.queryKind[q]!;
      const entry = found.get(kind) ?? [0, 0];
      entry[1]++;
      if (index.search(query, 20).hits.some((h) => h.id === data.gold[q])) entry[0]++;
      found.set(kind, entry);
    });
    let all = 0;
    for (const kind of FAMILY_QUERY_KINDS) {
      const [hit, total] = found.get(kind)!;
      all += hit;
      expect(hit / total, kind).toBeGreaterThanOrEqual(0.85);
    }
    expect(all / data.queries.length).toBeGreaterThanOrEqual(0.93);
  });
});
