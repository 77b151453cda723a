/**
 * Issue 12, speed without losing recall: the extra readings of a name (given name only, 小名) are read
 * with exact pruning — a band of a given-name posting is read through the feature-token postings once
 * the k-th score needs a feature agreement, and a full-name partial match is not computed behind a
 * given-name match that outscores it. Pruning may skip only what cannot be in the top k: every search
 * here equals an exhaustive one (k larger than the index: nothing is ever pruned).
 */
import { describe, expect, it } from 'vitest';
import { FamilySearchIndex, type FamilySearchQuery, type FamilySearchRecord } from './family-index';

const SURNAMES = [...'张李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施曹严华金魏陶姜'];
const RARE = '有兔唇修复痕迹';

/**
 * 200 records whose given name reads "wang lei" (望磊 / 旺磊): one long posting of the given-name key,
 * split by sex and birth band; 25 of them share the query's rare feature. Three records are named 王磊
 * (the full-name reading). `keep` is reached only through the given-name reading and belongs in the top
 * 20 (rare feature and a second one, right age, the hinted county); `skip` is reached only through it as
 * well and cannot reach the 20th score (no shared feature, another province, 2 years off).
 */
function records(): FamilySearchRecord[] {
  const out: FamilySearchRecord[] = [];
  for (let i = 0; i < 3; i++)
    out.push({
      id: `exact${i}`,
      kind: 'missing-report',
      name: '王磊',
      sex: 'male',
      birthYear: 1992,
      divisionCode: '430102',
      features: '近视',
    });
  for (let i = 0; i < 200; i++)
    out.push({
      id: `g${i}`,
      kind: 'missing-report',
      name: SURNAMES[i % SURNAMES.length]! + (i % 2 ? '望磊' : '旺磊'),
      sex: 'male',
      birthYear: 1990 + (i % 5),
      divisionCode: i % 3 ? '430102' : '430211',
      features: i < 25 ? RARE : '近视',
    });
  out.push({
    id: 'keep',
    kind: 'missing-report',
    name: '钱望磊',
    sex: 'male',
    birthYear: 1992,
    divisionCode: '430102',
    features: `${RARE}，左眉有痣`,
  });
  out.push({
    id: 'skip',
    kind: 'missing-report',
    name: '孙旺磊',
    sex: 'male',
    birthYear: 1990,
    divisionCode: '110101',
    features: '近视',
  });
  return out;
}

const query: FamilySearchQuery = {
  name: '王磊',
  sex: 'male',
  age: { estimate: 32, range: 2 },
  asOf: '2024-07-01',
  regionHints: ['4301'],
  features: RARE,
  kinds: ['missing-report'],
};

const ranked = (hits: { id: string; score: number }[]) => hits.map((h) => `${h.id} ${h.score.toFixed(9)}`);

describe('family search pruning of the extra name readings', () => {
  it('keeps a record reached only through the given-name reading that belongs in the top 20', () => {
    const index = new FamilySearchIndex();
    index.add(records());
    const all = index.search(query, index.size + 1);
    const exhaustiveRows = index.lastSearchRows;
    const top = index.search(query, 20);
    expect(ranked(top.hits)).toEqual(ranked(all.hits.slice(0, 20)));
    const keep = top.hits.find((h) => h.id === 'keep');
    expect(keep?.explanation.name).toBe('nickname');
    expect(keep?.explanation.sharedFeatures.length).toBeGreaterThan(0);
    // The band was read through the feature postings: fewer rows than the exhaustive search read.
    expect(index.lastSearchRows).toBeLessThan(exhaustiveRows);
  });

  it('skips a given-name candidate that cannot reach the k-th score, with the same top k', () => {
    const index = new FamilySearchIndex();
    index.add(records());
    const all = index.search(query, index.size + 1);
    const skipRank = all.hits.findIndex((h) => h.id === 'skip');
    // A candidate all the same (an exhaustive search ranks it), far below the 20th.
    expect(skipRank).toBeGreaterThanOrEqual(20);
    expect(all.hits[skipRank]!.score).toBeLessThan(all.hits[19]!.score);
    const top = index.search(query, 20);
    expect(top.hits.some((h) => h.id === 'skip')).toBe(false);
    expect(ranked(top.hits)).toEqual(ranked(all.hits.slice(0, 20)));
    // With k large enough for it, the pruned search returns it where the exhaustive one does.
    const deep = index.search(query, skipRank + 1);
    expect(ranked(deep.hits)).toEqual(ranked(all.hits.slice(0, skipRank + 1)));
    // Without the rare feature in the query nothing needs a feature agreement: every row is read.
    const plain = index.search({ ...query, features: null }, 20);
    const plainAll = index.search({ ...query, features: null }, index.size + 1);
    expect(ranked(plain.hits)).toEqual(ranked(plainAll.hits.slice(0, 20)));
  });

  it('same top k with a 4-digit hint as with the county: the region bound takes no county weight', () => {
    const index = new FamilySearchIndex();
    index.add(records());
    for (const hints of [['4301'], ['43'], ['430102'], ['4302', '430102']]) {
      const q = { ...query, regionHints: hints };
      const all = index.search(q, index.size + 1);
      for (const k of [1, 5, 20])
        expect(ranked(index.search(q, k).hits)).toEqual(ranked(all.hits.slice(0, k)));
    }
  });

  it('reads a farther birth band whose rows the hinted region lifts above the nearer rows', () => {
    // 150 records of the right age elsewhere (Beijing) and 10 of a band farther off in the hinted
    // prefecture, which holds few records (a large region weight): the farther band belongs in the
    // top 20 and its bound must count the region.
    const rows: FamilySearchRecord[] = [];
    for (let i = 0; i < 160; i++)
      rows.push({
        id: `r${i}`,
        kind: 'missing-report',
        name: SURNAMES[i % SURNAMES.length]! + '望磊',
        sex: 'male',
        birthYear: i < 150 ? 1992 : 1987,
        divisionCode: i < 150 ? '110101' : '430102',
      });
    const index = new FamilySearchIndex();
    index.add(rows);
    const q = { ...query, features: null };
    const all = index.search(q, index.size + 1);
    expect(all.hits.slice(0, 10).every((h) => Number(h.id.slice(1)) >= 150)).toBe(true);
    for (const k of [5, 20]) expect(ranked(index.search(q, k).hits)).toEqual(ranked(all.hits.slice(0, k)));
  });

  it('a partial full-name match still counts when no given-name reading outscores it', () => {
    const index = new FamilySearchIndex();
    index.add([
      // 王红 read as a full name: same surname, one given syllable — a partial match (4.5); read as a
      // given name (王红) it does not match 红梅 at all.
      { id: 'partial', kind: 'missing-report', name: '王红梅', sex: 'female', birthYear: 1990 },
      // 张伟 read as a given name matches 章伟 (zhang wei) as a whole: 7, above the partial 4.5 that
      // the full reading (surname 张, syllable wei) would give.
      { id: 'given', kind: 'missing-report', name: '张章伟', sex: 'male', birthYear: 1990 },
    ]);
    const asOf = '2024-07-01';
    const partial = index.search({ name: '王红', asOf, age: { estimate: 34 } }, 5).hits;
    expect(partial.map((h) => [h.id, h.explanation.name])).toEqual([['partial', 'partial']]);
    const given = index.search({ name: '张伟', asOf, age: { estimate: 34 } }, 5).hits;
    expect(given.map((h) => [h.id, h.explanation.name])).toEqual([['given', 'nickname']]);
    // Each level as an exhaustive search gives it.
    expect(ranked(index.search({ name: '张伟', asOf }, 5).hits)).toEqual(
      ranked(index.search({ name: '张伟', asOf }, 100).hits),
    );
  });
});
