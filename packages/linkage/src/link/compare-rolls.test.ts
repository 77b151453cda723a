import { describe, expect, it } from 'vitest';
import { NameDictionary } from '../columns/name-dictionary';
import { encodePeople } from '../columns/people-table';
import { residentIdCheckChar } from '../normalize/resident-id';
import { priorWeight } from '../score/model';
import { trainModel } from '../score/train';
import { generateReverification } from '../synth/reverification';
import {
  compareRolls,
  MIN_ROLL_FOR_TRAINING,
  referenceModel,
  RULE_SETS,
  scorePair,
  type RollRecord,
} from './compare-rolls';
import { explainPair } from './explain';
import { link } from './link-run';

const sum = (fields: { weight: number }[]) =>
  Math.round(fields.reduce((s, f) => s + f.weight, 0) * 100) / 100;

const zhang = {
  name: '张小明',
  sex: 'male',
  birthDate: '1950-03-08',
  residentId: `43010219500308123${residentIdCheckChar('43010219500308123')}`,
  divisionCode: '430102',
};

describe('compareRolls', () => {
  it('returns pairs by record id with the reference model for small rolls', () => {
    const left: RollRecord[] = [
      { id: 'L-1', name: '张三', sex: 'male', birthDate: '1950-03-08', divisionCode: '430102' },
      { id: 'L-2', name: '李四', sex: 'female', birthDate: '1962-11-30', divisionCode: '430103' },
    ];
    const right: RollRecord[] = [
      { id: 'R-9', name: '李四', sex: 'female', birthDate: '1962-11-30', divisionCode: '430103' },
      { id: 'R-8', name: '王五', sex: 'male', birthDate: '1990-01-01', divisionCode: '430104' },
    ];
    const result = compareRolls(left, right);
    expect(result.stats.modelSource).toBe('reference');
    expect(result.model).toBe(referenceModel('reverification'));
    expect(result.pairs.map((p) => [p.leftId, p.rightId])).toEqual([['L-2', 'R-9']]);
    const pair = result.pairs[0]!;
    expect(pair.rule).toMatch(/^B/);
    expect(['fast-track', 'review']).toContain(pair.band);
    expect(pair.probability).toBeGreaterThan(0.5);
    expect(pair.weight).toBe(sum(pair.fields));
    expect(result.stats.review + result.stats.fastTrack).toBe(1);
  });

  it('trains on rolls large enough and gives the same pairs as the step-by-step API', () => {
    const data = generateReverification({ size: { left: 600, right: 1_800 }, seed: 11 });
    const left = data.left.map((r, i) => ({ ...r, id: `l${i}` }));
    const right = data.right.map((r, i) => ({ ...r, id: `r${i}` }));
    expect(Math.min(left.length, right.length)).toBeGreaterThanOrEqual(MIN_ROLL_FOR_TRAINING);
    const result = compareRolls(left, right, { randomPairs: 100_000 });
    expect(result.stats.modelSource).toBe('trained');

    // The many-step way the issue describes, mapped back to ids by hand.
    const names = new NameDictionary();
    const l = encodePeople(data.left, names);
    const r = encodePeople(data.right, names);
    const table = names.freeze();
    const rules = RULE_SETS.reverification;
    const { model } = trainModel(l, r, table, { rules, seed: 1, randomPairs: 100_000 });
    const manual = link(l, r, table, { model, rules });
    expect(result.pairs.length).toBe(manual.pairs.length);
    expect(result.pairs.length).toBeGreaterThan(100);
    for (let i = 0; i < manual.pairs.length; i++) {
      expect(result.pairs[i]!.leftId).toBe(`l${manual.pairs.left[i]}`);
      expect(result.pairs[i]!.rightId).toBe(`r${manual.pairs.right[i]}`);
    }
    // Every explanation adds up to the shown weight, and the shown weight is the engine's weight.
    for (let i = 0; i < result.pairs.length; i++) {
      const p = result.pairs[i]!;
      expect(p.weight).toBe(sum(p.fields));
      expect(Math.abs(p.weight - manual.pairs.weight[i]!)).toBeLessThan(0.05);
      expect(p.fields[0]!.field).toBe('prior');
    }
  });

  it('explains why the bare field weights did not add up: the prior and the name frequency were left out', () => {
    const data = generateReverification({ size: { left: 600, right: 1_800 }, seed: 5 });
    const names = new NameDictionary();
    const l = encodePeople(data.left, names);
    const r = encodePeople(data.right, names);
    const table = names.freeze();
    const { model } = trainModel(l, r, table, { seed: 1, randomPairs: 100_000 });
    const result = link(l, r, table, { model });
    const bare = explainPair(result, 0, model);
    const bareSum = bare.fields.reduce((s, f) => s + f.weight, 0);
    // The old pair page: the total and the sum of the shown fields differ by about the prior.
    expect(Math.abs(bare.weight - bareSum)).toBeGreaterThan(1);
    expect(priorWeight(model)).toBeLessThan(-5);
  });
});

describe('scorePair', () => {
  it('scores a chosen pair with the weights adding up to the total', () => {
    const s = scorePair(zhang, { ...zhang });
    expect(s.fields.map((f) => f.field)).toEqual(['prior', 'id', 'name', 'dob', 'sex', 'region']);
    expect(s.weight).toBe(sum(s.fields));
    expect(s.probability).toBeGreaterThan(0.99);
    expect(s.fields.find((f) => f.field === 'name')!.level).toBe('hanzi-exact');
  });

  it('gives a different person a low weight and the no-link band', () => {
    const s = scorePair(zhang, {
      name: '刘备',
      sex: 'female',
      birthDate: '1980-06-01',
      divisionCode: '440301',
    });
    expect(s.band).toBe('no-link');
    expect(s.probability).toBeLessThan(0.01);
    expect(s.weight).toBe(sum(s.fields));
  });

  it('agrees with a link run on the same pair when the model has no name frequency', () => {
    const model = { ...referenceModel('reverification'), nameTermFrequency: false };
    const left = [{ ...zhang, id: 'a' }];
    const right = [{ ...zhang, name: '张晓明', id: 'b' }];
    const pair = compareRolls(left, right, { model }).pairs[0]!;
    const alone = scorePair(left[0]!, right[0]!, { model });
    expect(alone.weight).toBeCloseTo(pair.weight, 1);
    expect(alone.band).toBe(pair.band);
    expect(alone.fields.map((f) => f.level)).toEqual(pair.fields.map((f) => f.level));
  });
});
