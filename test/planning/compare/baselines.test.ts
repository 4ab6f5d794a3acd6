/**
 * Both baselines, the savings decomposition and both allocations on a hand-made three-carrier county, recomputed from
 * the plan JSON: decomposition adds up, allocations sum to the shared cost, the Shapley values equal a brute force over
 * all joining orders of the reported coalition costs, and mirror-image carriers pay the same.
 */
import { describe, expect, it } from 'vitest';
import { compareDetailed } from '../../../src/planning/compare.ts';
import { county, demand, matrixOf, place, van } from '../helpers.ts';

const T = 0.6;

function threeCarriers() {
  // a in the east, b the mirror image in the west, c a little everywhere.
  const east = [
    [6, 1],
    [7, -1],
    [5, -2],
  ] as const;
  const places = [
    place('W', 'warehouse', 0, 0),
    ...east.map(([x, y], i) => place(`E${i + 1}`, 'village', x, y)),
    ...east.map(([x, y], i) => place(`X${i + 1}`, 'village', -x, y)),
  ];
  const rows = [
    ...east.flatMap((_, i) => [demand(1, `E${i + 1}`, 'a', 8), demand(1, `X${i + 1}`, 'b', 8)]),
    ...east.flatMap((_, i) => [demand(1, `E${i + 1}`, 'c', 2), demand(1, `X${i + 1}`, 'c', 2)]),
  ];
  const fleet = [
    van('shared', 'W', { count: 3 }),
    van('avan', 'W', { count: 1, carrierId: 'a', fixedCost: 150 }),
    van('bvan', 'W', { count: 1, carrierId: 'b', fixedCost: 150 }),
    van('cvan', 'W', { count: 1, carrierId: 'c', fixedCost: 150 }),
  ];
  return county(places, fleet, rows);
}

/** Shapley by brute force over every order in which the carriers join. */
function bruteShapley(players: string[], cost: (members: string[]) => number): Record<string, number> {
  const orders: string[][] = [];
  const permute = (rest: string[], acc: string[]) =>
    rest.length === 0
      ? orders.push(acc)
      : rest.forEach((p) =>
          permute(
            rest.filter((q) => q !== p),
            [...acc, p],
          ),
        );
  permute(players, []);
  const out: Record<string, number> = Object.fromEntries(players.map((p) => [p, 0]));
  for (const order of orders) {
    const joined: string[] = [];
    for (const p of order) {
      const before = joined.length ? cost(joined) : 0;
      joined.push(p);
      out[p] += (cost(joined) - before) / orders.length;
    }
  }
  return out;
}

describe('compare: baselines and settlement', () => {
  it('reports both baselines, a decomposition that adds up and allocations that sum to the shared cost', async () => {
    const scenario = threeCarriers();
    const progress: string[] = [];
    const { plan } = await compareDetailed(scenario, 1, {
      timeLimit: T,
      matrix: matrixOf(scenario),
      seed: 1,
      shapleySecondsPerStation: 0.05,
      log: (t) => progress.push(t),
    });
    const c = plan.compare!;
    const shared = c.shared.totalCost;
    expect(c.separateSameNetwork!.stationsServed).toBe(6);
    const d = c.savingsDecomposition!;
    expect(d.total).toBeCloseTo(c.separate.totalCost - shared, 1);
    expect(d.network).toBeCloseTo(c.separate.totalCost - c.separateSameNetwork!.totalCost, 1);
    expect(d.network + d.pooling).toBeCloseTo(d.total, 1);
    expect(c.engineTime!.secondsPerStation).toBeCloseTo(T / 6, 5);

    const a = c.allocation!;
    const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
    expect(Math.abs(sum(a.parcelShare) - shared)).toBeLessThanOrEqual(0.005 * shared);
    expect(Math.abs(sum(a.shapley!) - shared)).toBeLessThanOrEqual(0.005 * shared);
    // Parcels: a 24, b 24, c 12.
    expect(a.parcelShare.a).toBeCloseTo(shared * 0.4, 1);
    expect(a.parcelShare.c).toBeCloseTo(shared * 0.2, 1);

    // Shapley recomputed from the reported coalition costs and scale.
    expect(Object.keys(a.coalitionCosts!).sort()).toEqual(['a', 'a+b', 'a+b+c', 'a+c', 'b', 'b+c', 'c']);
    expect(a.coalitionScale!).toBeCloseTo(shared / a.coalitionCosts!['a+b+c'], 3);
    const brute = bruteShapley(['a', 'b', 'c'], (m) => a.coalitionCosts![[...m].sort().join('+')] * a.coalitionScale!);
    for (const p of ['a', 'b', 'c']) expect(a.shapley![p]).toBeCloseTo(brute[p], 0);
    // Mirror images: a and b have the same coalition costs, so they pay the same.
    expect(a.coalitionCosts!.a).toBeCloseTo(a.coalitionCosts!.b!, 0);
    expect(a.shapley!.a).toBeCloseTo(a.shapley!.b!, 0);

    for (const p of c.perCarrier!) {
      expect(p.paysLessThanAloneShapley).toBe(a.shapley![p.carrierId] < p.separateCost);
      expect(p.paysLessThanAloneParcelShare).toBe(a.parcelShare[p.carrierId] < p.separateCost);
    }
    expect(progress.filter((t) => t.startsWith('shapley: coalition'))).toHaveLength(7);
  });
});
