/**
 * The speed work of issue 12's follow-up must not change a result: the feature tokens of plain text
 * (read without NFKC) equal those of the normalised text, region weights memoised between searches
 * follow every add and remove, and a name level shared by the rows of one name form is the level each
 * row would get alone.
 */
import { describe, expect, it } from 'vitest';
import { generateFamilySearch } from '../synth/family';
import { generateHardFamilySearch } from '../synth/family-hard';
import { FamilySearchIndex, featureTokens, type FamilySearchRecord } from './family-index';

/** The tokens as defined: NFKC, split on separators, bigrams by code point. */
function tokensByDefinition(text: string): string[] {
  const tokens = new Set<string>();
  for (const run of text.normalize('NFKC').split(/[\s,，。.;；、:：!！?？()（）]+/)) {
    const chars = [...run];
    if (chars.length === 1) tokens.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  return [...tokens];
}

describe('family search speed paths keep results', () => {
  it('tokenises plain and full-width feature text as NFKC text is tokenised', () => {
    const texts = [
      '左手六指，右脚有疤。说湖南话',
      '左手（小时候）烫伤；会唱歌！',
      'ＡＢ（左）', // full-width letters: not plain, normalised
      '左手﹐六指', // small comma U+FE50: NFKC makes it a separator
      '\uF900樂', // compatibility ideograph: NFKC maps it
      '𠀀𠀁左', // outside the BMP: bigrams by code point
      'scar on left hand, 6 fingers',
      '丈\u3000丈', // ideographic space
      '左',
      '，，',
    ];
    for (const text of texts) expect(featureTokens(text)).toEqual(tokensByDefinition(text));
    expect(featureTokens('ＡＢ（左）')).toEqual(['AB', '左']);
    expect(featureTokens('左手﹐六指')).toEqual(['左手', '六指']);
  });

  it('region weights follow records added and removed after a search', () => {
    const { reports } = generateFamilySearch({ reports: 3_000, queries: 1, seed: 5 });
    const query = {
      name: '王伟',
      sex: 'male',
      age: { estimate: 30, range: 5 },
      asOf: '2024-07-01',
      regionHints: [String(reports[0]!.divisionCode).slice(0, 4)],
    };
    const extra: FamilySearchRecord[] = Array.from({ length: 400 }, (_, i) => ({
      id: `x${i}`,
      kind: 'missing-report',
      name: i % 2 ? '王伟' : '李强',
      sex: 'male',
      birthYear: 1990 + (i % 9),
      divisionCode: String(reports[0]!.divisionCode),
    }));
    const index = new FamilySearchIndex();
    index.add(reports);
    index.search(query, 20);
    index.add(extra);
    const fresh = new FamilySearchIndex();
    fresh.add([...reports, ...extra]);
    const scores = (ix: FamilySearchIndex) => ix.search(query, 20).hits.map((h) => [h.id, h.score]);
    expect(scores(index)).toEqual(scores(fresh));
    for (const r of extra.slice(0, 300)) index.remove(r.id);
    const again = new FamilySearchIndex();
    again.add([...reports, ...extra.slice(300)]);
    expect(scores(index)).toEqual(scores(again));
  });

  it('gives the rows of one name form the level each gets searched alone', () => {
    const hard = generateHardFamilySearch({ records: 4_000, queries: 300, seed: 11 });
    const index = new FamilySearchIndex();
    index.add(hard.records);
    const byId = new Map(hard.records.map((r) => [r.id, r]));
    let compared = 0;
    for (const query of hard.queries.slice(0, 120)) {
      const { hits } = index.search(query, 20);
      // Searched over a one-record index, each hit's record gets its name level without any other
      // row of its name form having been scored in the same search.
      for (const hit of hits.slice(0, 5)) {
        const alone = new FamilySearchIndex();
        alone.add([byId.get(hit.id)!]);
        const single = alone.search(query, 1).hits[0];
        expect(single?.explanation.name).toBe(hit.explanation.name);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});
