/**
 * Shapley values and the parcel-share rule on games whose values are known by hand.
 */
import { describe, expect, it } from 'vitest';
import { coalitionKey, parcelShareAllocation, shapleyValues } from '../../src/planning/allocation.ts';

const players = ['a', 'b', 'c'];
const members = (mask: number) => players.filter((_, i) => mask & (1 << i));

describe('shapleyValues', () => {
  it('airport game: cost of a coalition = its largest runway need; values 1/3, 5/6, 11/6', () => {
    const need: Record<string, number> = { a: 1, b: 2, c: 3 };
    const phi = shapleyValues(players, (m) => Math.max(...members(m).map((p) => need[p])));
    expect(phi.a).toBeCloseTo(1 / 3, 12);
    expect(phi.b).toBeCloseTo(5 / 6, 12);
    expect(phi.c).toBeCloseTo(11 / 6, 12);
  });

  it('is efficient and symmetric, and brute force over all orders agrees', () => {
    // Symmetric a and b; c is different. v(S) = fixed 10 per coalition + 4 per member + 3 if c joins.
    const v = (m: number) => (m === 0 ? 0 : 10 + 4 * members(m).length + (m & 4 ? 3 : 0));
    const phi = shapleyValues(players, v);
    expect(phi.a! + phi.b! + phi.c!).toBeCloseTo(v(7), 12);
    expect(phi.a).toBeCloseTo(phi.b!, 12);
    // Average marginal cost over the 6 orders of joining.
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const brute = [0, 0, 0];
    for (const order of orders) {
      let mask = 0;
      for (const i of order) {
        brute[i] += (v(mask | (1 << i)) - v(mask)) / orders.length;
        mask |= 1 << i;
      }
    }
    expect([phi.a, phi.b, phi.c].map((x) => x!.toFixed(9))).toEqual(brute.map((x) => x.toFixed(9)));
    expect(coalitionKey(players, 5)).toBe('a+c');
  });

  it('refuses more than 7 players', () => {
    expect(() => shapleyValues(['1', '2', '3', '4', '5', '6', '7', '8'], () => 1)).toThrow(/at most 7/);
  });
});

describe('parcelShareAllocation', () => {
  it('splits in proportion to parcels and sums to the total', () => {
    const out = parcelShareAllocation(
      90,
      new Map([
        ['a', 20],
        ['b', 10],
      ]),
    );
    expect(out).toEqual({ a: 60, b: 30 });
  });
});
