/**
 * The family-search index's blocks (ADR 0018, "One call, blocks and surname-only records"): one call
 * answers a named query over named and unnamed records, a nameless query reads a bounded block, and a
 * record that holds a surname alone is reached by a full name.
 */
import { describe, expect, it } from 'vitest';
import { HUNAN_COUNTIES, NATIONAL_COUNTIES } from '../synth/divisions';
import { samplePersonName } from '../synth/person-name';
import { createRng } from '../synth/rng';
import {
  FamilySearchIndex,
  type FamilyRecordKind,
  type FamilySearchQuery,
  type FamilySearchRecord,
} from './family-index';

const FEATURES = [
  '左眉有痣',
  '右手有疤痕',
  '额头有胎记',
  '说湖南话',
  '穿红色外套',
  '走路微跛',
  '左手六指',
  '智力残疾',
];

/** A seeded mix of the three kinds, a third of the unidentified ones without a name. */
function seededRecords(n: number, seed: number): FamilySearchRecord[] {
  const rng = createRng(seed);
  const kinds: FamilyRecordKind[] = ['missing-report', 'unidentified-living', 'unidentified-deceased'];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % 3]!;
    const sex = rng.chance(0.6) ? 'male' : 'female';
    const birth = rng.intBetween(1940, 2020);
    const county = rng.chance(0.7) ? rng.pick(HUNAN_COUNTIES) : rng.pick(NATIONAL_COUNTIES);
    const features = Array.from({ length: rng.intBetween(1, 2) }, () => rng.pick(FEATURES)).join('，');
    const base = { id: `${kind[0]}${i}`, kind, sex, divisionCode: String(county), features };
    if (kind === 'missing-report')
      return { ...base, name: samplePersonName(rng, sex), birthYear: birth, eventDate: '2010-05-01' };
    const found = rng.intBetween(Math.max(2000, birth), 2024);
    return {
      ...base,
      name: rng.chance(0.35) ? null : samplePersonName(rng, sex),
      estimatedAge: {
        estimate: found - birth,
        range: kind === 'unidentified-deceased' ? 6 : 4,
        asOf: `${found}-06-01`,
      },
      eventDate: `${found}-06-01`,
    };
  });
}

const scores = (hits: { score: number }[]) => hits.map((h) => h.score.toFixed(9));

describe('family search blocks', () => {
  it('answers a named query over named and unnamed records in one call, merged by score, with reasons', () => {
    const index = new FamilySearchIndex();
    const living = (id: string, r: Partial<FamilySearchRecord>): FamilySearchRecord => ({
      id,
      kind: 'unidentified-living',
      sex: 'female',
      estimatedAge: { estimate: 10, range: 2, asOf: '2020-06-01' },
      eventDate: '2020-06-01',
      ...r,
    });
    index.add([
      living('named', { name: '覃小梅', divisionCode: '431102', features: '左眉有痣' }),
      living('unnamed-near', { name: null, divisionCode: '431102', features: '左眉有痣' }),
      living('unnamed-far', { name: null, divisionCode: '110101' }),
      living('other-name', { name: '李红', divisionCode: '431102', features: '左眉有痣' }),
      living('unnamed-male', { name: null, sex: 'male', divisionCode: '431102' }),
      living('unnamed-old', {
        name: null,
        divisionCode: '431102',
        estimatedAge: { estimate: 60, range: 2, asOf: '2020-06-01' },
      }),
    ]);
    const query: FamilySearchQuery = {
      name: '覃小梅',
      sex: 'female',
      age: { estimate: 8, range: 2 },
      asOf: '2018-06-01',
      regionHints: ['431102'],
      features: '左眉有痣',
      fromKind: 'missing-report',
      lostOn: '2018-06-01',
    };
    const { hits } = index.search(query);
    // The name reaches the named record; unnamed ones of the right sex and age follow on the other fields.
    expect(hits.map((h) => h.id)).toEqual(['named', 'unnamed-near', 'unnamed-far']);
    expect(hits[0]!.explanation.name).toBe('hanzi-exact');
    expect(hits[1]!.explanation).toMatchObject({
      name: 'none',
      region: 'county',
      sex: 'equal',
      eventOrder: 'consistent',
      sharedFeatures: ['左眉', '眉有', '有痣'],
    });
    expect(hits[1]!.explanation.ageDifference).not.toBeNull();
    expect(hits[2]!.explanation.region).toBe('none');
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThan(hits[2]!.score);
    // `accept` (scope, the record itself) is applied inside the engine: k accepted hits still come back.
    const accepted = index.search(query, 2, { accept: (id) => id !== 'named' });
    expect(accepted.hits.map((h) => h.id)).toEqual(['unnamed-near', 'unnamed-far']);
  });

  it('reads a bounded block for a query without a name: the same top k as reading everything', () => {
    const records = seededRecords(30_000, 11);
    const index = new FamilySearchIndex();
    index.add(records);
    const rng = createRng(5);
    let bounded = 0;
    const queries = 60;
    for (let i = 0; i < queries; i++) {
      const from = records[rng.int(records.length)]!;
      const query: FamilySearchQuery = {
        sex: from.sex ?? null,
        age: { estimate: 20 + rng.intBetween(0, 40), range: 4 },
        asOf: '2020-06-01',
        regionHints: [String(from.divisionCode)],
        features: from.features ?? null,
        fromKind: from.kind,
      };
      const top = index.search(query, 20);
      const rows = index.lastSearchRows;
      const everything = index.search(query, records.length);
      expect(scores(top.hits)).toEqual(scores(everything.hits.slice(0, 20)));
      expect(top.hits.every((h) => h.explanation.name === 'none')).toBe(true);
      // The records of the two other kinds in the age window are thousands; the block read is far less.
      if (rows < records.length / 10) bounded++;
    }
    expect(bounded).toBeGreaterThanOrEqual(queries * 0.9);
  });

  it('keeps the same top k as an exhaustive read for named queries with unnamed records merged', () => {
    const records = seededRecords(20_000, 3);
    const index = new FamilySearchIndex();
    index.add(records);
    const rng = createRng(9);
    for (let i = 0; i < 40; i++) {
      const from = records[rng.int(records.length)]!;
      const query: FamilySearchQuery = {
        name: from.name ?? samplePersonName(rng, 'male'),
        sex: from.sex ?? null,
        age: { estimate: 30, range: 20 },
        asOf: '2020-06-01',
        regionHints: [String(from.divisionCode)],
        features: from.features ?? null,
        fromKind: from.kind,
      };
      expect(scores(index.search(query, 20).hits)).toEqual(
        scores(index.search(query, records.length).hits.slice(0, 20)),
      );
    }
  });

  it('reaches a record holding a surname alone from a full name, scored as a partial agreement', () => {
    const index = new FamilySearchIndex();
    const living = (id: string, name: string | null): FamilySearchRecord => ({
      id,
      kind: 'unidentified-living',
      name,
      sex: 'male',
      estimatedAge: { estimate: 40, range: 4, asOf: '2020-06-01' },
      divisionCode: '430102',
    });
    index.add([
      living('exact', '王小明'),
      living('surname', '王'),
      living('homophone', '汪'),
      living('unnamed', null),
      living('other', '李'),
      living('pinyin', 'wang'),
    ]);
    const { hits } = index.search({
      name: '王小明',
      sex: 'male',
      age: { estimate: 40, range: 4 },
      asOf: '2020-06-01',
      regionHints: ['430102'],
      fromKind: 'missing-report',
    });
    const ids = hits.map((h) => h.id);
    expect(ids[0]).toBe('exact');
    expect(ids).not.toContain('other');
    const at = (id: string) => hits.find((h) => h.id === id)!;
    expect(at('surname').explanation.name).toBe('surname');
    // The surname the family gave above a homophone surname, both above a record saying nothing.
    expect(at('surname').score).toBeGreaterThan(at('homophone').score);
    expect(at('homophone').score).toBeGreaterThan(at('unnamed').score);
    expect(at('pinyin').score).toBeGreaterThan(at('unnamed').score);
    expect(at('exact').score).toBeGreaterThan(at('surname').score);
    // A pinyin query reaches the hanzi surname alone too.
    const fromPinyin = index.search({
      name: 'wang xiaoming',
      asOf: '2020-06-01',
      fromKind: 'missing-report',
    });
    expect(fromPinyin.hits.map((h) => h.id)).toContain('surname');
  });
});
