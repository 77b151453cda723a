import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId (UUID v7)', () => {
  it('is a well-formed version-7, RFC-variant UUID', () => {
    for (let i = 0; i < 100; i++) {
      expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    const t = Date.UTC(2026, 10, 29, 6, 0, 0, 123);
    const id = newId(t);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(t);
  });

  it('sorts ids of later milliseconds after earlier ones, as text', () => {
    const made = [5, 1, 4, 2, 3].map((k) => ({ k, id: newId(Date.UTC(2026, 0, 1) + k * 1000) }));
    made.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(made.map((m) => m.k)).toEqual([1, 2, 3, 4, 5]);
  });

  it('sorts ids made one after another in the order they were made, also within one millisecond', () => {
    const t = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newId(t)); // past 4,096: the timestamp moves on
    expect([...ids].sort()).toEqual(ids);
    const live = Array.from({ length: 2_000 }, () => newId());
    expect([...live].sort()).toEqual(live);
    expect(parseInt(ids[0]!.slice(0, 8) + ids[0]!.slice(9, 13), 16)).toBe(t);
  });

  it('does not repeat within one millisecond', () => {
    const t = Date.now();
    const seen = new Set(Array.from({ length: 10_000 }, () => newId(t)));
    expect(seen.size).toBe(10_000);
  });
});
