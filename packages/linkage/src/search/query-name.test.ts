import { describe, expect, it } from 'vitest';
import {
  applyMerger,
  createDialectFold,
  createSyllableMerger,
  DIALECT_PROFILES,
  HEAVY_MERGERS,
  LIGHT_MERGERS,
  MANDARIN_SYLLABLES,
  nearestSyllables,
  SEARCH_MERGERS,
  type PinyinMerger,
} from '../normalize/dialect';
import { FamilySearchIndex, type FamilySearchRecord } from './family-index';
import { analyzeQueryName, segmentHeardPinyin } from './query-name';

const report = (id: string, name: string, extra: Partial<FamilySearchRecord> = {}): FamilySearchRecord => ({
  id,
  kind: 'missing-report',
  name,
  sex: 'female',
  birthYear: 2010,
  ...extra,
});

describe('dialect folds commute', () => {
  const universe = (mergers: readonly PinyinMerger[]) => {
    const set = new Set(MANDARIN_SYLLABLES);
    for (const s of [...set]) for (const m of mergers) set.add(applyMerger(m, s) ?? s);
    return [...set];
  };

  it('maps every variant pair of every rule to one key, for every profile and every syllable', () => {
    const sets = [...DIALECT_PROFILES.map((p) => p.mergers), SEARCH_MERGERS, LIGHT_MERGERS, HEAVY_MERGERS];
    for (const mergers of sets) {
      const fold = createDialectFold(mergers);
      for (const s of universe(mergers))
        for (const m of mergers) {
          const t = applyMerger(m, s);
          if (t !== undefined) expect(fold(t), `${m}: ${s} → ${t}`).toBe(fold(s));
        }
    }
  });

  it('gives the same key whichever order two rules are applied in (every rule pair, every syllable)', () => {
    const fold = createDialectFold(SEARCH_MERGERS);
    let pairs = 0;
    for (const s of MANDARIN_SYLLABLES)
      for (const a of SEARCH_MERGERS)
        for (const b of SEARCH_MERGERS) {
          const ab = applyMerger(b, applyMerger(a, s) ?? s) ?? applyMerger(a, s) ?? s;
          const ba = applyMerger(a, applyMerger(b, s) ?? s) ?? applyMerger(b, s) ?? s;
          expect(fold(ab), `${s} ${a}+${b}`).toBe(fold(ba));
          expect(fold(ab)).toBe(fold(s));
          pairs++;
        }
    expect(pairs).toBe(MANDARIN_SYLLABLES.length * SEARCH_MERGERS.length ** 2);
    // Listing order of a profile does not matter either.
    const hunan = DIALECT_PROFILES.find((p) => p.id === 'hunan')!.mergers;
    const forward = createDialectFold(hunan);
    const backward = createDialectFold([...hunan].reverse());
    for (const s of MANDARIN_SYLLABLES) expect(backward(s)).toBe(forward(s));
  });

  it('puts heard fen and written feng together under Hunan (the fixed-order merger did not)', () => {
    const hunan = DIALECT_PROFILES.find((p) => p.id === 'hunan')!.mergers;
    expect(createDialectFold(hunan)('fen')).toBe(createDialectFold(hunan)('feng'));
    expect(createDialectFold(hunan)('hong')).toBe(createDialectFold(hunan)('feng'));
    const legacy = createSyllableMerger(hunan);
    expect(legacy('fen')).not.toBe(legacy('feng'));
  });

  it("finds 邱凤 by 'qiu fen' under the Hunan profile", () => {
    const index = new FamilySearchIndex();
    index.add([report('q', '邱凤'), report('o', '邱芬芳')]);
    const { hits } = index.search({ name: 'qiu fen', dialect: 'hunan', asOf: '2024-01-01' });
    expect(hits[0]?.id).toBe('q');
    // eng/en is one of the light mergers, so the level is light-fuzzy.
    expect(hits[0]?.explanation.name).toBe('light-fuzzy');
  });
});

describe('non-Mandarin syllables', () => {
  it('maps heard southern syllables to their nearest Mandarin ones', () => {
    expect(nearestSyllables('fui').syllables).toEqual(['hui']);
    expect(nearestSyllables('fua').syllables).toEqual(['hua']);
    expect(nearestSyllables('xuang').syllables).toEqual(['shuang', 'xiang']);
    expect(nearestSyllables('juang').syllables).toEqual(['zhuang', 'jiang']);
    expect(nearestSyllables('fong').syllables).toEqual(['feng', 'hong']);
    expect(nearestSyllables('zung').syllables).toEqual(['zong']);
    expect(nearestSyllables('zhang')).toEqual({ syllables: ['zhang'], mapped: false });
    expect(nearestSyllables('qqq').syllables).toEqual([]);
  });

  it('segments xuang as one heard syllable, not xu + ang', () => {
    expect(segmentHeardPinyin('huangxuang').slots.map((s) => s.readings[0])).toEqual(['huang', 'shuang']);
    expect(segmentHeardPinyin('zhangwei').slots.map((s) => s.heard)).toEqual(['zhang', 'wei']);
    expect(segmentHeardPinyin("xi'an").slots.map((s) => s.heard)).toEqual(['xi', 'an']);
  });

  it('finds the person and says which syllables were mapped', () => {
    const index = new FamilySearchIndex();
    index.add([report('h', '黄辉'), report('z', '张庄华'), report('s', '李双')]);
    const fui = index.search({ name: 'huang fui', asOf: '2024-01-01' });
    expect(fui.hits[0]?.id).toBe('h');
    expect(fui.warnings).toEqual([
      expect.objectContaining({
        code: 'SYLLABLE_MAPPED',
        part: 'fui',
        message: expect.stringContaining('hui'),
      }),
    ]);
    expect(index.search({ name: 'zhang juang fua', asOf: '2024-01-01' }).hits[0]?.id).toBe('z');
    expect(index.search({ name: 'li xuang', asOf: '2024-01-01' }).hits[0]?.id).toBe('s');
  });

  it('never answers a query it could not read with silence', () => {
    const index = new FamilySearchIndex();
    index.add([report('a', '王芳', { divisionCode: '430102' })]);
    const garbled = index.search({ name: 'qqq xz', asOf: '2024-01-01', regionHints: ['4301'] });
    expect(garbled.warnings.map((w) => w.code)).toEqual([
      'SYLLABLE_UNKNOWN',
      'SYLLABLE_UNKNOWN',
      'NAME_NOT_UNDERSTOOD',
    ]);
    expect(garbled.warnings.every((w) => /[\u4e00-\u9fff]/.test(w.message))).toBe(true);
    // The rest of the description still ranks candidates.
    expect(garbled.hits.map((h) => h.id)).toEqual(['a']);
    const part = index.search({ name: 'wang qqq fang', asOf: '2024-01-01' });
    expect(part.warnings.map((w) => [w.code, w.part])).toEqual([['SYLLABLE_UNKNOWN', 'qqq']]);
    expect(part.hits[0]?.id).toBe('a');
  });
});

describe('nicknames and fragments', () => {
  it('does not take 阿 / 小 / 老 for a surname when a name follows', () => {
    expect(analyzeQueryName('阿乐').understood).toEqual({ given: '乐', nickname: true });
    expect(analyzeQueryName('小梅').understood).toEqual({ given: '梅', nickname: true });
    expect(analyzeQueryName('乐乐').understood).toMatchObject({ given: '乐', nickname: true });
    expect(analyzeQueryName('老三').interpretations).toEqual([{ kind: 'ordinal', ordinal: '三' }]);
    expect(analyzeQueryName('老三').warnings.map((w) => w.code)).toEqual(['ORDINAL_NICKNAME']);
    // 小 or 阿 alone is a prefix with no name: said, not searched as a surname.
    expect(analyzeQueryName('小').interpretations).toEqual([]);
    expect(analyzeQueryName('小').warnings.map((w) => w.code)).toEqual(['NAME_NOT_UNDERSTOOD']);
    // A single character may be a surname or a given name.
    expect(analyzeQueryName('梅').interpretations.map((i) => i.kind)).toEqual(['surname', 'given']);
    expect(analyzeQueryName('梅', true).interpretations.map((i) => i.kind)).toEqual(['surname']);
  });

  it('finds formal names by 小名, given-name fragments and reduplication', () => {
    const index = new FamilySearchIndex();
    index.add([report('le', '王乐', { sex: 'male' }), report('mei', '李红梅'), report('other', '张伟')]);
    for (const name of ['阿乐', '乐乐', '小乐', 'a le', 'le le', '王乐乐'])
      expect(index.search({ name, asOf: '2024-01-01' }).hits[0]?.id, name).toBe('le');
    for (const name of ['小梅', '梅梅', '红梅', 'xiao mei'])
      expect(index.search({ name, asOf: '2024-01-01' }).hits[0]?.id, name).toBe('mei');
    expect(index.search({ name: '梅', asOf: '2024-01-01' }).hits.map((h) => h.id)).toEqual(['mei']);
  });

  it('finds a record kept under a 小名 by the formal name, and the other way round', () => {
    const index = new FamilySearchIndex();
    index.add([
      report('xm', '小梅', {
        kind: 'unidentified-living',
        birthYear: null,
        estimatedAge: { estimate: 8, asOf: '2018-01-01' },
      }),
      report('al', '阿乐', { sex: 'male' }),
      report('ls', '老三', { sex: 'male', divisionCode: '430102' }),
      report('zw', '张伟', { sex: 'male', divisionCode: '430102' }),
    ]);
    const byFormal = index.search({ name: '李红梅', age: { estimate: 8 }, asOf: '2018-01-01' });
    expect(byFormal.hits.map((h) => [h.id, h.explanation.name])).toEqual([['xm', 'given-part']]);
    expect(index.search({ name: '李梅', asOf: '2024-01-01' }).hits[0]).toMatchObject({
      id: 'xm',
      explanation: { name: 'nickname' },
    });
    expect(index.search({ name: '王乐', asOf: '2024-01-01' }).hits[0]?.id).toBe('al');
    // 老三 says next to nothing by name: the same ordinal ranks first, then the other fields.
    const ordinal = index.search({ name: '老三', sex: 'male', asOf: '2024-01-01', regionHints: ['430102'] });
    expect(ordinal.hits.map((h) => h.id)).toEqual(['ls', 'zw', 'al']);
    expect(ordinal.hits[0]?.explanation.name).toBe('ordinal');
  });

  it('ranks surname-only queries by sex, age, region and features', () => {
    const index = new FamilySearchIndex();
    index.add([
      report('far', '王芳', { birthYear: 1980, divisionCode: '110101' }),
      report('near', '王丽', { birthYear: 2010, divisionCode: '430102', features: '左眉有痣' }),
      report('male', '王强', { sex: 'male', birthYear: 2010, divisionCode: '430102' }),
      report('mid', '王娟', { birthYear: 2011, divisionCode: '430103' }),
    ]);
    const { hits } = index.search({
      name: '王',
      surnameOnly: true,
      sex: '女',
      age: { estimate: 14 },
      asOf: '2024-06-01',
      regionHints: ['430102'],
      features: '眉毛有痣',
    });
    expect(hits.map((h) => h.id)).toEqual(['near', 'mid']);
  });
});
