import { describe, expect, it } from 'vitest';
import {
  capacitatedCost,
  pMedianHeuristic,
  solveCapacitated,
  solvePMedian,
  solveSetCover,
  weightedMinutes,
  type CapacitatedParams,
  type LocationInstance,
} from '../../src/planning/hubs-models.ts';
import { createRng } from '../../src/util/rng.ts';

/** Random instance: depot 0 is the warehouse (always open), depots 1..nCand are candidates. */
function instance(seed: number, nStations: number, nCand: number, withWarehouse = true): LocationInstance {
  const rng = createRng(seed);
  const nFixed = withWarehouse ? 1 : 0;
  const nDepots = nFixed + nCand;
  const depots = Array.from({ length: nDepots }, () => [rng() * 50, rng() * 50] as const);
  const time = new Float64Array(nStations * nDepots);
  const weight = new Float64Array(nStations);
  for (let i = 0; i < nStations; i++) {
    const x = rng() * 50;
    const y = rng() * 50;
    weight[i] = 1 + Math.floor(rng() * 20);
    for (let j = 0; j < nDepots; j++)
      time[i * nDepots + j] = Math.round(Math.hypot(x - depots[j][0], y - depots[j][1]) * 1.4);
  }
  return { nStations, nDepots, nFixed, time, weight };
}

function subsets(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [head, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [head!, ...s]), ...subsets(rest, k)];
}

function nearestCost(inst: LocationInstance, open: number[]): number {
  let s = 0;
  for (let i = 0; i < inst.nStations; i++) {
    let m = Infinity;
    for (let j = 0; j < inst.nFixed; j++) m = Math.min(m, inst.time[i * inst.nDepots + j]);
    for (const j of open) m = Math.min(m, inst.time[i * inst.nDepots + j]);
    s += inst.weight[i] * m;
  }
  return s;
}

const candidates = (inst: LocationInstance) =>
  Array.from({ length: inst.nDepots - inst.nFixed }, (_, k) => inst.nFixed + k);

describe('p-median', () => {
  for (const [seed, withWarehouse] of [
    [1, true],
    [2, false],
    [3, true],
    [4, false],
  ] as const) {
    for (const solver of ['highs', 'javascript-lp-solver'] as const) {
      it(`matches brute force (seed ${seed}, warehouse ${withWarehouse}, ${solver})`, async () => {
        const inst = instance(seed, 12, 6, withWarehouse);
        for (const p of [1, 2, 3, 5]) {
          const brute = Math.min(...subsets(candidates(inst), p).map((s) => nearestCost(inst, s)));
          const r = await solvePMedian(inst, p, { solver });
          expect(r.status).toBe('optimal');
          expect(r.open).toHaveLength(p);
          expect(r.objective).toBeCloseTo(brute, 6);
          // the reported assignment really costs the objective
          expect(weightedMinutes(inst, r.assign)).toBeCloseTo(brute, 6);
          expect(r.gap).toBeLessThanOrEqual(1e-6);
        }
      });
    }
  }

  it('honours pinned and banned candidates', async () => {
    const inst = instance(5, 14, 7);
    const pinned = [3];
    const banned = [1, 2];
    const allowed = candidates(inst).filter((j) => !banned.includes(j) && !pinned.includes(j));
    const brute = Math.min(...subsets(allowed, 1).map((s) => nearestCost(inst, [...pinned, ...s])));
    const r = await solvePMedian({ ...inst, pinned, banned }, 2);
    expect(r.open).toContain(3);
    expect(r.open.some((j) => banned.includes(j))).toBe(false);
    expect(r.objective).toBeCloseTo(brute, 6);
  });

  it('honours two pinned hubs with p close to the candidate count', async () => {
    const inst = instance(8, 12, 6, false);
    const pinned = [1, 4];
    const others = candidates(inst).filter((j) => !pinned.includes(j));
    for (const p of [2, 3, 5]) {
      const brute = Math.min(...subsets(others, p - 2).map((s) => nearestCost(inst, [...pinned, ...s])));
      for (const solver of ['highs', 'javascript-lp-solver'] as const) {
        const r = await solvePMedian({ ...inst, pinned }, p, { solver });
        expect(r.objective).toBeCloseTo(brute, 6);
        expect(r.open).toEqual(expect.arrayContaining(pinned));
      }
    }
  });

  it('rejects p beyond the candidates', async () => {
    const inst = instance(6, 5, 3);
    await expect(solvePMedian({ ...inst, banned: [1] }, 3)).rejects.toThrow(
      'p = 3 exceeds the 2 allowed hub candidates',
    );
  });

  it('heuristic gives a feasible layout no better than the optimum', async () => {
    const inst = instance(7, 40, 9);
    const opt = await solvePMedian(inst, 3);
    const h = pMedianHeuristic(inst, 3);
    expect(h.open).toHaveLength(3);
    expect(h.objective).toBeCloseTo(nearestCost(inst, h.open), 6);
    expect(h.objective).toBeGreaterThanOrEqual(opt.objective - 1e-6);
  });
});

describe('set covering', () => {
  for (const seed of [11, 12, 13, 14]) {
    it(`finds the fewest hubs of brute force (seed ${seed})`, async () => {
      const inst = instance(seed, 16, 8);
      const T = 25;
      const covered = (open: number[], i: number) => [0, ...open].some((j) => inst.time[i * inst.nDepots + j] <= T);
      const coverable = Array.from({ length: inst.nStations }, (_, i) => i).filter((i) => covered(candidates(inst), i));
      let bruteCount = -1;
      for (let k = 0; k <= 8 && bruteCount < 0; k++) {
        if (subsets(candidates(inst), k).some((s) => coverable.every((i) => covered(s, i)))) bruteCount = k;
      }
      const r = await solveSetCover(inst, T);
      expect(r.status).toBe('optimal');
      expect(r.objective).toBe(bruteCount);
      expect(r.open).toHaveLength(bruteCount);
      for (const i of coverable) expect(covered(r.open, i)).toBe(true);
      // impossible stations are reported, each with a reason
      expect(r.unserved.map((u) => u.station).sort((a, b) => a - b)).toEqual(
        Array.from({ length: inst.nStations }, (_, i) => i).filter((i) => !coverable.includes(i)),
      );
      // second phase: least weighted minutes among the fewest-hub covers
      const best = Math.min(
        ...subsets(candidates(inst), bruteCount)
          .filter((s) => coverable.every((i) => covered(s, i)))
          .map((s) => nearestCost(inst, s)),
      );
      expect(r.weightedMinutes).toBeCloseTo(best, 6);
    });
  }
});

describe('capacitated facility location', () => {
  for (const seed of [21, 22, 23]) {
    it(`matches brute force over all single-source assignments (seed ${seed})`, async () => {
      const inst = instance(seed, 6, 4);
      const rng = createRng(seed * 7);
      const params: CapacitatedParams = {
        fixedCost: Float64Array.from({ length: inst.nDepots }, (_, j) => (j === 0 ? 0 : 50 + Math.floor(rng() * 150))),
        capacity: Float64Array.from({ length: inst.nDepots }, (_, j) =>
          j === 0 ? Infinity : 15 + Math.floor(rng() * 25),
        ),
        costPerParcelMinute: 0.05,
      };
      const pinned = seed === 23 ? [2] : [];
      const full = { ...inst, pinned };
      // enumerate every map station → depot
      let brute = Infinity;
      const a = new Int32Array(inst.nStations);
      const rec = (i: number): void => {
        if (i === inst.nStations) {
          const load = new Float64Array(inst.nDepots);
          for (let s = 0; s < inst.nStations; s++) load[a[s]] += inst.weight[s];
          for (let j = 1; j < inst.nDepots; j++) if (load[j] > params.capacity[j]) return;
          const open = new Set<number>(pinned);
          for (let s = 0; s < inst.nStations; s++) if (a[s] > 0) open.add(a[s]);
          brute = Math.min(brute, capacitatedCost(inst, params, [...open], a));
          return;
        }
        for (let j = 0; j < inst.nDepots; j++) {
          a[i] = j;
          rec(i + 1);
        }
      };
      rec(0);
      const r = await solveCapacitated(full, params);
      expect(r.status).toBe('optimal');
      expect(r.objective).toBeCloseTo(brute, 6);
      expect(capacitatedCost(inst, params, r.open, r.assign)).toBeCloseTo(brute, 6);
      for (const j of pinned) expect(r.open).toContain(j);
      const load = new Float64Array(inst.nDepots);
      for (let s = 0; s < inst.nStations; s++) load[r.assign[s]] += inst.weight[s];
      for (const j of r.open) expect(load[j]).toBeLessThanOrEqual(params.capacity[j]);
    });
  }
});
