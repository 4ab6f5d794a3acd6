import { describe, expect, it } from 'vitest';
import { formatClock, parseClock } from '../../src/util/time.ts';
import { createRng } from '../../src/util/rng.ts';

describe('clock times', () => {
  it('parses and formats HH:MM', () => {
    expect(parseClock('08:30')).toBe(8 * 3600 + 30 * 60);
    expect(formatClock(parseClock('17:05'))).toBe('17:05');
  });
  it('rejects malformed times', () => {
    expect(() => parseClock('8h30')).toThrow(/HH:MM/);
    expect(() => parseClock('10:75')).toThrow(/out of range/);
  });
});

describe('seeded rng', () => {
  it('repeats for the same seed and differs across seeds', () => {
    const a = createRng(7),
      b = createRng(7),
      c = createRng(8);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
