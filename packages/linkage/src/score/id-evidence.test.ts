import { describe, expect, it } from 'vitest';
import { computeRuleKeySet, link } from '../link/link-run';
import { REVERIFICATION_RULES } from '../block/rules';
import { NameDictionary } from '../columns/name-dictionary';
import { encodePeople, type PersonInput } from '../columns/people-table';
import { compareIds, FIELD_LEVELS, FIELDS } from '../compare/comparators';
import { evaluateByKind, evaluateLinks } from '../link/evaluate';
import { composeResidentId } from '../synth/corruption';
import { generateHardReverification, HARD_KINDS } from '../synth/hard-reverification';
import { daysFromCivil, solarDaysToLunar } from '../normalize/calendar';
import { residentIdCheckChar } from '../normalize/resident-id';
import { BAND_FAST_TRACK, BAND_NO_LINK, MAX_LEVELS, weightTable } from './model';
import { DISTINCT_VALID_M, smoothedMonotoneM, trainModel } from './train';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

function idLevel(a: string | null, b: string | null): string {
  const dict = new NameDictionary();
  const left = encodePeople([{ residentId: a }], dict);
  const right = encodePeople([{ residentId: b }], dict);
  return FIELD_LEVELS.id[compareIds(left, right, 0, 0)]!;
}

const id = withCheck('43010219850317123');

describe('id levels: distinct valid ids and their near-miss exceptions', () => {
  it('calls two unrelated check-valid ids distinct-valid', () => {
    expect(idLevel(id, withCheck('43010219850317457'))).toBe('distinct-valid');
    expect(idLevel(id, withCheck('43052419850317457'))).toBe('distinct-valid');
  });
  it('keeps a one-edit typo (checksum-invalid) and a transposition as one-edit', () => {
    const typo = id.slice(0, 10) + String((Number(id[10]) + 3) % 10) + id.slice(11);
    expect(idLevel(typo, id)).toBe('one-edit');
    const swapped = id.slice(0, 7) + id[8] + id[7] + id.slice(9);
    expect(idLevel(swapped, id)).toBe('one-edit');
  });
  it('keeps two valid ids one edit apart in the first 17 digits near-valid, not distinct', () => {
    expect(idLevel(withCheck('43010219850317124'), id)).toBe('near-valid');
  });
  it('treats a 15-digit id and its 18-digit upgrade as the same id', () => {
    const id15 = id.slice(0, 6) + id.slice(8, 17);
    expect(idLevel(id15, id)).toBe('exact');
  });
  it('calls a re-coded division part with the same birth date and sequence recoded', () => {
    expect(idLevel(withCheck('43012119850317123'), id)).toBe('recoded');
  });
});

/** A registry with realistic variety plus one namesake pair, trained like a job. */
function namesakeFixture() {
  const data = generateHardReverification({ size: { left: 3_000, right: 9_000 }, seed: 5 });
  const dict = new NameDictionary();
  const left = encodePeople(data.left, dict);
  const right = encodePeople(data.right, dict);
  const names = dict.freeze();
  const { model } = trainModel(left, right, names, { randomPairs: 300_000, seed: 2 });
  return { data, left, right, names, model };
}

describe('namesakes (same name and birth date, two different valid ids)', () => {
  const f = namesakeFixture();
  const result = link(f.left, f.right, f.names, { model: f.model });

  it('never fast-tracks them and keeps at most 2 % in review', () => {
    const { namesakes } = evaluateByKind(
      result,
      f.data.truth,
      f.data.kind,
      HARD_KINDS,
      f.data.namesakes,
      f.left,
      f.right,
    );
    expect(namesakes.pairs).toBeGreaterThan(50);
    expect(namesakes.fastTracked).toBe(0);
    expect(namesakes.review).toBeLessThanOrEqual(0.02 * namesakes.pairs);
  });

  it('weighs distinct valid ids strongly negative, below every near-miss level', () => {
    const w = weightTable(f.model);
    const level = (name: string) => w[FIELD_LEVELS.id.indexOf(name)]!;
    expect(level('distinct-valid')).toBeLessThan(-20);
    expect(level('distinct-valid')).toBeLessThan(level('different'));
    const m = f.model.fields[0]!.m[FIELD_LEVELS.id.indexOf('distinct-valid')]!;
    expect(m).toBeGreaterThanOrEqual(DISTINCT_VALID_M);
    expect(m).toBeLessThan(2 * DISTINCT_VALID_M);
  });

  it('keeps every field monotone: exact ≥ near ≥ far', () => {
    const w = weightTable(f.model);
    FIELDS.forEach((field, fi) => {
      const last = FIELD_LEVELS[field].length - 1;
      for (let k = 1; k < last; k++)
        expect(w[fi * MAX_LEVELS + k]!, `${field} ${FIELD_LEVELS[field][k]}`).toBeLessThanOrEqual(
          w[fi * MAX_LEVELS + k - 1]! + 1e-9,
        );
    });
  });

  it('meets a seeded accuracy floor on the harder set', () => {
    const a = evaluateLinks(result, f.data.truth, f.left, f.right);
    expect(a.idExact.fastTrackRecall).toBeGreaterThanOrEqual(0.99);
    expect(a.withoutUsableId.recall).toBeGreaterThanOrEqual(0.9);
    expect(a.fastTrack.precision).toBeGreaterThanOrEqual(0.99);
  });
});

describe('smoothing and monotonicity of m/u', () => {
  const u = [0.001, 1e-7, 0.01, 0.2, 0.789];
  it('gives a level never seen in either sample no more than its worse neighbour', () => {
    // Level 1 (one-edit-like): no anchor and no random pair reached it.
    const m = smoothedMonotoneM('sex', [900, 0, 50, 50, 0, 0].slice(0, 3), [0.5, 0.5, 0], [1000, 1000, 0]);
    expect(m.length).toBe(3);
    const weights = smoothedMonotoneM(
      'region',
      [800, 0, 100, 100, 0],
      [...u.slice(0, 4), 0],
      [10, 0, 100, 1000, 0],
    ).map((x, k) => Math.log2(x / (u[k] || 1)));
    expect(weights[1]).toBeLessThanOrEqual(weights[0]!);
    expect(weights[1]).toBeCloseTo(weights[2]!, 6);
    expect(weights[1]).toBeLessThan(5);
  });
  it('never turns a level unseen among the matches into positive evidence', () => {
    const m = smoothedMonotoneM('sex', [1000, 0, 0], [0.5, 0.5, 0], [500, 500, 0]);
    expect(Math.log2(m[1]! / 0.5)).toBeLessThanOrEqual(0);
  });
  it('pools adjacent violators so a near level never outscores the exact one', () => {
    // A rarer "near" level among random pairs would weigh more than exact without pooling.
    const m = smoothedMonotoneM(
      'region',
      [900, 50, 30, 20, 0],
      [0.01, 1e-6, 0.1, 0.889, 0],
      [10, 0, 100, 900, 0],
    );
    const w = m.map((x, k) => Math.log2(x / [0.01, 1e-6, 0.1, 0.889, 1][k]!));
    expect(w[1]).toBeLessThanOrEqual(w[0]! + 1e-9);
  });
});

describe('lunar birth dates written as Gregorian', () => {
  const person = (birthDate: string, residentId: string | null, name = '欧阳晓梅'): PersonInput => ({
    name,
    sex: '女',
    birthDate,
    residentId,
    divisionCode: '430102',
  });
  function pairOf(realDays: number) {
    const lunar = solarDaysToLunar(realDays)!;
    const pad = (n: number) => String(n).padStart(2, '0');
    const written = `${lunar.year}-${pad(lunar.month)}-${pad(lunar.day)}`;
    const real = new Date(realDays * 86_400_000).toISOString().slice(0, 10);
    return { written, real, lunar };
  }
  function linkPair(written: string, real: string) {
    const dict = new NameDictionary();
    // Registry with some other people so training has material; the pair has no id on the left.
    const others: PersonInput[] = Array.from({ length: 200 }, (_, i) => ({
      name: `王${'伟芳娜敏静丽强磊军洋'[i % 10]}${'一二三四五六七八九十'[Math.floor(i / 10) % 10]}`,
      sex: i % 2 ? '男' : '女',
      birthDate: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`,
      residentId: composeResidentId(430102, daysFromCivil(1950 + (i % 40), 1 + (i % 9), 10 + (i % 9)), i * 2),
      divisionCode: '430102',
    }));
    const left = encodePeople([person(written, null), ...others.slice(0, 50)], dict);
    const right = encodePeople(
      [
        person(
          real,
          composeResidentId(
            430102,
            daysFromCivil(...(real.split('-').map(Number) as [number, number, number])),
            31,
          ),
        ),
        ...others,
      ],
      dict,
    );
    const names = dict.freeze();
    const { model } = trainModel(left, right, names, { randomPairs: 20_000, seed: 1 });
    const keys = computeRuleKeySet(REVERIFICATION_RULES, left, right, names);
    const result = link(left, right, names, { model, ruleKeys: keys });
    const i = Array.from({ length: result.pairs.length }, (_, k) => k).find(
      (k) => result.pairs.left[k] === 0 && result.pairs.right[k] === 0,
    );
    return { result, i };
  }

  it('compares and pairs a date within the year at the lunar level', () => {
    const { written, real, lunar } = pairOf(daysFromCivil(1984, 5, 20));
    expect(lunar.year).toBe(1984);
    const { result, i } = linkPair(written, real);
    expect(i).toBeDefined();
    expect(FIELD_LEVELS.dob[result.pairs.gamma[i! * 5 + 2]!]).toBe('lunar');
    expect(result.pairs.band[i!]).not.toBe(BAND_NO_LINK);
  });

  it('pairs a 12th-month date written as December with its real January date of the next year', () => {
    const { written, real, lunar } = pairOf(daysFromCivil(1985, 1, 25));
    expect(lunar.year).toBe(1984);
    expect(written.startsWith('1984-12')).toBe(true);
    const { result, i } = linkPair(written, real);
    expect(i, 'the pair is blocked across the year boundary').toBeDefined();
    expect(result.rules[result.pairs.rule[i!]!]).toBe('B5w');
    expect(FIELD_LEVELS.dob[result.pairs.gamma[i! * 5 + 2]!]).toBe('lunar');
    expect(result.pairs.band[i!]).not.toBe(BAND_FAST_TRACK);
    expect(result.pairs.band[i!]).not.toBe(BAND_NO_LINK);
  });
});
