import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { samplePersonName, sampleSurname } from './person-name';

describe('createRng', () => {
  it('yields the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 50 }, () => a.nextUint32());
    const seqB = Array.from({ length: 50 }, () => b.nextUint32());
    expect(seqA).toEqual(seqB);
  });

  it('yields different sequences for different seeds', () => {
    expect(createRng(1).nextUint32()).not.toBe(createRng(2).nextUint32());
  });

  it('keeps floats in [0, 1) and ints in range', () => {
    const rng = createRng(7);
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      const k = rng.intBetween(3, 5);
      if (!(x >= 0 && x < 1) || k < 3 || k > 5) bad++;
    }
    expect(bad).toBe(0);
  });

  it('forks independent streams without advancing the parent', () => {
    const a = createRng(9);
    const b = createRng(9);
    a.fork('x').next();
    expect(a.next()).toBe(b.next());
    expect(createRng(9).fork('x').next()).toBe(createRng(9).fork('x').next());
  });
});

describe('samplePersonName', () => {
  it('produces two- to four-character Chinese names deterministically', () => {
    const names = Array.from({ length: 200 }, (_, i) =>
      samplePersonName(createRng(i), i % 2 ? 'male' : 'female'),
    );
    for (const name of names) expect(name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(samplePersonName(createRng(5), 'male')).toBe(samplePersonName(createRng(5), 'male'));
  });

  it('draws 王, 李 and 张 at roughly their national shares', () => {
    const rng = createRng(123);
    const counts = new Map<string, number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const s = sampleSurname(rng);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    for (const s of ['王', '李', '张']) {
      const share = (counts.get(s) ?? 0) / n;
      expect(share).toBeGreaterThan(0.06);
      expect(share).toBeLessThan(0.08);
    }
  });
});
