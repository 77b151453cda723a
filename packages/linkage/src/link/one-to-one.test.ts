import { describe, expect, it } from 'vitest';
import {
  DOB_LUNAR,
  FIELD_LEVELS,
  FIELDS,
  ID_DISTINCT_VALID,
  ID_EXACT,
  ID_NULL,
} from '../compare/comparators';
import { daysFromCivil } from '../normalize/calendar';
import { shapeKeyText } from '../normalize/shape';
import {
  BAND_FAST_TRACK,
  BAND_NO_LINK,
  BAND_REVIEW,
  DEFAULT_THRESHOLDS,
  fastTrackEligible,
  MAX_LEVELS,
  PATTERN_COUNT,
  patternIndex,
  weightTable,
} from '../score/model';
import { fitModel, uFromCounts } from '../score/train';
import { composeResidentId } from '../synth/corruption';
import { compareRolls, encodeRolls, referenceModel, type RollRecord } from './compare-rolls';
import { bandComposition, formatComposition } from './evaluate';
import { link, LinkRun, type LinkedPairs, type LinkResult, type RuleStats } from './link-run';
import { applyOneToOne, oneToOneProbability, type OneToOneCounts } from './one-to-one';

const G = FIELDS.length;

/** Flagged pairs from (left, right, weight, band, gamma) rows, all of rule 0. */
function pairsOf(rows: [number, number, number, number, number[]][]): LinkedPairs {
  const n = rows.length;
  const p: LinkedPairs = {
    length: n,
    left: new Int32Array(n),
    right: new Int32Array(n),
    rule: new Uint8Array(n),
    weight: new Float32Array(n),
    band: new Uint8Array(n),
    gamma: new Uint8Array(n * G),
  };
  rows.forEach(([l, r, w, b, g], i) => {
    p.left[i] = l;
    p.right[i] = r;
    p.weight[i] = w;
    p.band[i] = b;
    p.gamma.set(g, i * G);
  });
  return p;
}

function statsOf(p: LinkedPairs): RuleStats[] {
  let fastTrack = 0;
  let review = 0;
  for (let i = 0; i < p.length; i++) {
    if (p.band[i] === BAND_FAST_TRACK) fastTrack++;
    else if (p.band[i] === BAND_REVIEW) review++;
  }
  const fingerprint = { count: 0, sum1: 0, sum2: 0 };
  return [
    { rule: 'B4', blockPairs: 0, splitBlocks: 0, candidates: p.length, fastTrack, review, fingerprint },
  ];
}

const NO_ID = [ID_NULL, 0, 0, 0, 0];
const EXACT_ID = [ID_EXACT, 0, 0, 0, 0];

describe('applyOneToOne (the one-to-one test of fast-track pairs)', () => {
  it('sends a missing-id pair with a competitor of equal weight to review, both ways', () => {
    // Left 0 wants right 0 and right 1 equally; right 5 is wanted by left 3 and left 4.
    const p = pairsOf([
      [0, 0, 20, BAND_FAST_TRACK, NO_ID],
      [0, 1, 20, BAND_FAST_TRACK, NO_ID],
      [3, 5, 20, BAND_FAST_TRACK, NO_ID],
      [4, 5, 19, BAND_FAST_TRACK, NO_ID],
    ]);
    const stats = statsOf(p);
    const counts: OneToOneCounts = { toReview: 0, dropped: 0 };
    const out = applyOneToOne(p, stats, 10, 10, DEFAULT_THRESHOLDS, counts);
    expect(Array.from(out.band)).toEqual([BAND_REVIEW, BAND_REVIEW, BAND_REVIEW, BAND_REVIEW]);
    expect(counts).toEqual({ toReview: 4, dropped: 0 });
    expect(stats[0]).toMatchObject({ fastTrack: 0, review: 4 });
  });

  it('keeps an unambiguous pair fast-tracked: no competitor, or one far weaker', () => {
    const p = pairsOf([
      [0, 0, 20, BAND_FAST_TRACK, NO_ID],
      [1, 1, 20, BAND_FAST_TRACK, NO_ID],
      // Left 1's other candidate is 15 bits weaker: p′ = 2^20 / (1 + 2^20 + 2^5) > 0.999.
      [1, 2, 5, BAND_REVIEW, NO_ID],
    ]);
    const out = applyOneToOne(p, statsOf(p), 3, 3);
    expect(out.band[0]).toBe(BAND_FAST_TRACK);
    expect(out.band[1]).toBe(BAND_FAST_TRACK);
  });

  it('follows p′ = o / (1 + o + competitors): a competitor 9 bits weaker is enough to lose the fast track', () => {
    // 2^20 / (1 + 2^20 + 2^11) = 0.998 < 0.999; with 2^9 it is 0.9995.
    expect(oneToOneProbability(2 ** 20, 2 ** 11)).toBeLessThan(0.999);
    expect(oneToOneProbability(2 ** 20, 2 ** 9)).toBeGreaterThan(0.999);
    const p = pairsOf([
      [0, 0, 20, BAND_FAST_TRACK, NO_ID],
      [0, 1, 11, BAND_REVIEW, NO_ID],
      [2, 2, 20, BAND_FAST_TRACK, NO_ID],
      [2, 3, 9, BAND_REVIEW, NO_ID],
    ]);
    const out = applyOneToOne(p, statsOf(p), 4, 4);
    expect(out.band[0]).toBe(BAND_REVIEW);
    expect(out.band[2]).toBe(BAND_FAST_TRACK);
  });

  it('does not re-test a pair with an exact id, and drops the review pairs its settled recipient outweighs', () => {
    const p = pairsOf([
      [0, 0, 40, BAND_FAST_TRACK, EXACT_ID],
      [0, 1, 20, BAND_REVIEW, NO_ID],
      // Right 0 is also wanted by another recipient: a possible duplicate enrolment stays in review.
      [1, 0, 18, BAND_REVIEW, NO_ID],
    ]);
    const stats = statsOf(p);
    const out = applyOneToOne(p, stats, 2, 2);
    expect(out.length).toBe(2);
    expect(Array.from(out.left)).toEqual([0, 1]);
    expect(Array.from(out.band)).toEqual([BAND_FAST_TRACK, BAND_REVIEW]);
    expect(stats[0]).toMatchObject({ fastTrack: 1, review: 1 });
  });

  it('is idempotent', () => {
    const p = pairsOf([
      [0, 0, 20, BAND_FAST_TRACK, NO_ID],
      [0, 1, 20, BAND_FAST_TRACK, NO_ID],
      [2, 2, 40, BAND_FAST_TRACK, EXACT_ID],
      [2, 3, 10, BAND_REVIEW, NO_ID],
    ]);
    const once = applyOneToOne(p, undefined, 4, 4);
    const bands = Array.from(once.band);
    const twice = applyOneToOne(once, undefined, 4, 4);
    expect(Array.from(twice.band)).toEqual(bands);
    expect(twice.length).toBe(once.length);
  });
});

describe('fast-track eligibility by levels', () => {
  const g = (id: number, name: number, dob: number, sex = 0, region = 0) =>
    Uint8Array.from([id, name, dob, sex, region]);
  const level = (field: keyof typeof FIELD_LEVELS, name: string) => FIELD_LEVELS[field].indexOf(name);
  it('lets a lunar-as-Gregorian date stand for an exact one when the id is missing', () => {
    expect(fastTrackEligible(g(ID_NULL, 0, DOB_LUNAR), 0)).toBe(true);
    expect(fastTrackEligible(g(ID_NULL, level('name', 'shape'), 0), 0)).toBe(true);
  });
  it('still asks for the same sex and county without an id, and never passes two distinct valid ids', () => {
    expect(fastTrackEligible(g(ID_NULL, 0, DOB_LUNAR, 0, 1), 0)).toBe(false);
    expect(fastTrackEligible(g(ID_NULL, 0, 0, 1, 0), 0)).toBe(false);
    expect(fastTrackEligible(g(ID_DISTINCT_VALID, 0, 0), 0)).toBe(false);
    expect(fastTrackEligible(g(ID_NULL, level('name', 'jaro-winkler'), 0), 0)).toBe(false);
    expect(fastTrackEligible(g(ID_NULL, 0, level('dob', 'within-1-year')), 0)).toBe(false);
  });
});

describe('the birth date m by EM', () => {
  it('learns the lunar level from matches without an id when the id-exact anchor never shows it', () => {
    const counts = new Float64Array(PATTERN_COUNT);
    const add = (gamma: number[], n: number) => {
      counts[patternIndex(Uint8Array.from(gamma))]! += n;
    };
    add([ID_EXACT, 0, 0, 0, 0], 800); // matches with an id: dated from it, exact
    add([ID_NULL, 0, 0, 0, 0], 100); // matches without an id, exact date
    add([ID_NULL, 0, DOB_LUNAR, 0, 0], 100); // … and with the lunar date written as Gregorian
    add([ID_DISTINCT_VALID, 8, 6, 1, 3], 5_000); // non-matches
    add([ID_NULL, 8, 5, 0, 3], 2_000);
    // Level counts of random pairs, best level first, the null level last.
    const uCounts = [
      [0, 0, 0, 1, 50, 30_000, 0],
      [1, 1, 5, 5, 20, 60, 2, 300, 30_000, 0],
      [1, 1, 1, 90, 5, 1_000, 30_000, 0],
      [15_000, 15_000, 0],
      [300, 3_000, 20_000, 7_000, 0],
    ];
    const u = uFromCounts(uCounts, 10_000);
    const dobWeight = (emDob: boolean) => {
      const { model } = fitModel(counts, 1, u, 1_000, 10_000, 1, 30, uCounts, emDob);
      return weightTable(model)[2 * MAX_LEVELS + DOB_LUNAR]!;
    };
    expect(dobWeight(false)).toBeLessThan(0.5); // unseen among the anchors: no evidence
    expect(dobWeight(true)).toBeGreaterThan(5);
  });
});

describe('shape classes close over overlapping groups', () => {
  it('puts characters listed together in one class even when their groups overlap', () => {
    expect(shapeKeyText('李洁')).toBe(shapeKeyText('李浩')); // 洁浩 with 洪浩 / 浩浇
    expect(shapeKeyText('柯杰')).toBe(shapeKeyText('柯术')); // 杰术 with 木本术
    expect(shapeKeyText('丁丽玉')).toBe(shapeKeyText('于丽玉')); // 丁于 with 千干于
    expect(shapeKeyText('李洁')).not.toBe(shapeKeyText('李明'));
  });
});

// End to end through compareRolls (reference model, one link run), on a registry with enough other
// people that a name is rare.
const FILLER_SURNAMES = '赵钱孙周吴郑冯陈褚卫蒋沈韩朱秦尤许何吕施';
const FILLER_GIVEN = '一二三四五六七八九十百千';
function filler(): RollRecord[] {
  const out: RollRecord[] = [];
  for (let i = 0; i < 400; i++) {
    const days = daysFromCivil(1940 + (i % 60), 1 + (i % 12), 1 + (i % 27));
    out.push({
      id: `F-${i}`,
      name: `${FILLER_SURNAMES[i % 20]}${FILLER_GIVEN[Math.floor(i / 20) % 12]}${FILLER_GIVEN[i % 12]}`,
      sex: i % 2 ? 'male' : 'female',
      birthDate: new Date(days * 86_400_000).toISOString().slice(0, 10),
      residentId: composeResidentId(430102, days, 2 * i + (i % 2)),
      divisionCode: '430102',
    });
  }
  return out;
}
const MEI_DAYS = daysFromCivil(1984, 5, 20);
const mei = (id: string, residentId: string | null): RollRecord => ({
  id,
  name: '欧阳晓梅',
  sex: 'female',
  birthDate: '1984-05-20',
  residentId,
  divisionCode: '430102',
});
const meiId = composeResidentId(430102, MEI_DAYS, 30);
const twinId = composeResidentId(430102, MEI_DAYS, 388);

function bandsOf(left: RollRecord[], right: RollRecord[]) {
  const { pairs } = compareRolls(left, right);
  return new Map(pairs.map((p) => [`${p.leftId}→${p.rightId}`, p.band]));
}

describe('one-to-one fast track end to end (compareRolls)', () => {
  const registry = filler();
  it('fast-tracks a 1:1 missing-id pair', () => {
    const bands = bandsOf([mei('L', null)], [...registry, mei('A', meiId)]);
    expect(bands.get('L→A')).toBe('fast-track');
  });
  it('sends a missing-id pair to review when the registry holds a namesake', () => {
    const bands = bandsOf([mei('L', null)], [...registry, mei('A', meiId), mei('B', twinId)]);
    expect(bands.get('L→A')).toBe('review');
    expect(bands.get('L→B')).toBe('review');
  });
  it('sends both to review when two recipients without an id want one registry record', () => {
    const bands = bandsOf([mei('L1', null), mei('L2', null)], [...registry, mei('A', meiId)]);
    expect(bands.get('L1→A')).toBe('review');
    expect(bands.get('L2→A')).toBe('review');
  });
  it('never fast-tracks a namesake with two distinct valid ids', () => {
    const bands = bandsOf([mei('L', twinId)], [...registry, mei('A', meiId)]);
    expect(bands.get('L→A') ?? 'no-link').not.toBe('fast-track');
  });
  it('applies the test in link() and in a LinkRun only when asked (a job storing chunks applies it itself)', () => {
    const rolls = encodeRolls([mei('L', null)], [...registry, mei('A', meiId), mei('B', twinId)]);
    const model = referenceModel();
    const bandsWith = (oneToOne: boolean | undefined) => {
      const run = new LinkRun(rolls.left, rolls.right, rolls.names, {
        model,
        ...(oneToOne === undefined ? {} : { oneToOne }),
      });
      while (run.step());
      return Array.from(run.result().pairs.band);
    };
    expect(bandsWith(undefined)).toEqual([BAND_FAST_TRACK, BAND_FAST_TRACK]);
    expect(bandsWith(true)).toEqual([BAND_REVIEW, BAND_REVIEW]);
    expect(Array.from(link(rolls.left, rolls.right, rolls.names, { model }).pairs.band)).toEqual([
      BAND_REVIEW,
      BAND_REVIEW,
    ]);
  });
  it('drops a registry namesake without an id once the recipient is settled by its exact id', () => {
    const bands = bandsOf([mei('L', meiId)], [...registry, mei('A', meiId), mei('B', null)]);
    expect(bands.get('L→A')).toBe('fast-track');
    expect(bands.has('L→B')).toBe(false);
  });
});

describe('band composition printer', () => {
  it('counts flagged pairs by band, truth and kind and prints each row with its share', () => {
    const p = pairsOf([
      [0, 0, 20, BAND_FAST_TRACK, NO_ID],
      [1, 1, 20, BAND_FAST_TRACK, NO_ID],
      [2, 7, 12, BAND_REVIEW, NO_ID],
      [3, 3, 12, BAND_REVIEW, NO_ID],
      [4, 9, 12, BAND_REVIEW, NO_ID],
    ]);
    const result: LinkResult = {
      rules: ['B4'],
      stats: statsOf(p),
      pairs: p,
      cursor: { rule: 1, right: 0 },
      done: true,
    };
    const truth = Int32Array.from([0, 1, -1, 3, -1]);
    const kind = Uint8Array.from([0, 0, 2, 1, 2]);
    const rows = bandComposition(
      result,
      truth,
      kind,
      ['clean', 'lunar', 'unmatched'],
      [{ left: 2, right: 7 }],
    );
    expect(rows).toEqual([
      { band: 'fast-track', kind: 'clean', truePair: true, pairs: 2 },
      { band: 'review', kind: 'false (unmatched)', truePair: false, pairs: 1 },
      { band: 'review', kind: 'lunar', truePair: true, pairs: 1 },
      { band: 'review', kind: 'namesake', truePair: false, pairs: 1 },
    ]);
    const text = formatComposition(rows, 200).split('\n');
    expect(text).toHaveLength(5);
    expect(text[1]).toMatch(/^fast-track\s+true\s+clean\s+2\s+1\.00 %$/);
    expect(text[4]).toMatch(/^review\s+false\s+namesake\s+1\s+0\.50 %$/);
    expect(BAND_NO_LINK).toBe(2);
  });
});
