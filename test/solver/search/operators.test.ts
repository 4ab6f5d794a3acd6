/**
 * Every operator's evaluate() must predict the change of penalised cost that apply() really causes,
 * recomputed from scratch on fresh routes.
 */
import { describe, expect, it } from 'vitest';
import { Instance } from '../../../src/solver/instance.ts';
import { Route } from '../../../src/solver/route.ts';
import { LocalSearch } from '../../../src/solver/search/localSearch.ts';
import { nearestNeighbours } from '../../../src/solver/neighbours.ts';
import { createRng, randInt } from '../../../src/util/rng.ts';
import { randomProblem } from '../helpers.ts';
import type { Problem } from '../../../src/solver/types.ts';

const PEN = { load: 5, timeWarp: 2, distance: 1.5 };

function problemFor(seed: number): Problem {
  const p = randomProblem({
    n: 30,
    seed,
    dims: 2,
    pickups: true,
    timeWindows: true,
    service: true,
    shift: true,
    asymmetric: true,
    types: 2,
    durationCost: true,
    fixedCost: true,
    maxDistance: true,
    maxDuration: true,
    skills: seed % 2 === 0,
  });
  for (const j of p.jobs) if (j.timeWindows.length > 1) j.timeWindows = [j.timeWindows[0]];
  p.vehicles[1].start = 7;
  p.vehicles[1].end = 9;
  p.vehicles[0].count = 4;
  p.vehicles[1].count = 3;
  return p;
}

/** Penalised cost of the search's routes recomputed on fresh Route objects. */
function recomputed(ls: LocalSearch): number {
  let total = 0;
  for (const r of ls.routes) {
    const fresh = new Route(ls.inst, 0, r.type);
    fresh.jobs = r.jobs.slice();
    fresh.update(PEN);
    total += fresh.cost;
  }
  return total;
}

function randomLoad(ls: LocalSearch, inst: Instance, rng: () => number): void {
  const m = inst.nTypes;
  const plans = ls.routesOfType.flatMap((list, t) => list.map(() => ({ type: t, jobs: [] as number[] })));
  for (let j = 0; j < inst.n; j++) {
    const options = plans.filter((pl) => inst.compatible[j * m + pl.type] === 1);
    options[randInt(rng, 0, options.length - 1)].jobs.push(j);
  }
  ls.load(plans);
}

describe('local-search operators', () => {
  it('node operators: evaluated delta = recomputed delta after apply', () => {
    const tested = new Map<string, number>();
    for (let seed = 1; seed <= 6; seed++) {
      const p = problemFor(seed);
      const inst = new Instance(p);
      const pen = { ...PEN };
      const ls = new LocalSearch(inst, pen, nearestNeighbours(inst, 10));
      const rng = createRng(seed);
      randomLoad(ls, inst, rng);
      for (let trial = 0; trial < 400; trial++) {
        const op = ls.nodeOps[trial % ls.nodeOps.length];
        const u = randInt(rng, 0, inst.n - 1);
        const rU = ls.routes[ls.routeOf[u]];
        const pU = ls.posOf[u];
        const rV = ls.routes[randInt(rng, 0, ls.routes.length - 1)];
        const pV = randInt(rng, 0, rV.length);
        const before = recomputed(ls);
        expect(ls.penalisedCost()).toBeCloseTo(before, 6);
        const delta = op.evaluate(rU, pU, rV, pV);
        if (!Number.isFinite(delta)) continue;
        op.apply(rU, pU, rV, pV);
        const after = recomputed(ls);
        expect(after - before, `${op.name} seed ${seed} trial ${trial}`).toBeCloseTo(delta, 6);
        tested.set(op.name, (tested.get(op.name) ?? 0) + 1);
        // every job still routed exactly once
        const all = ls.routes.flatMap((r) => r.jobs).sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: inst.n }, (_, j) => j));
        // skills stay respected
        for (const r of ls.routes) for (const j of r.jobs) expect(inst.compatible[j * inst.nTypes + r.type]).toBe(1);
      }
    }
    // distance-based pruning hides non-improving moves; every operator must still have been checked
    for (const name of ['relocate1', 'relocate2', 'relocate3', 'swap11', 'swap21', 'swap22', 'two-opt', 'two-opt*']) {
      expect(tested.get(name) ?? 0, name).toBeGreaterThan(3);
    }
  });

  it('SWAP*: the delta it reports is the recomputed delta of the exchange it applies', () => {
    let applied = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const p = problemFor(seed + 50);
      const inst = new Instance(p);
      const pen = { ...PEN };
      const ls = new LocalSearch(inst, pen, nearestNeighbours(inst, 10));
      const rng = createRng(seed);
      randomLoad(ls, inst, rng);
      const op = ls.routeOps[0];
      for (let a = 0; a < ls.routes.length; a++) {
        for (let b = a + 1; b < ls.routes.length; b++) {
          const r1 = ls.routes[a];
          const r2 = ls.routes[b];
          if (r1.length === 0 || r2.length === 0) continue;
          const before = recomputed(ls);
          const delta = op.evaluate(r1, r2);
          if (delta >= 0) continue;
          op.apply(r1, r2);
          expect(recomputed(ls) - before).toBeCloseTo(delta, 6);
          applied++;
        }
      }
    }
    expect(applied).toBeGreaterThan(10);
  });

  it('a full local-search run never increases the penalised cost and keeps every job', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const p = problemFor(seed + 200);
      const inst = new Instance(p);
      const ls = new LocalSearch(inst, { ...PEN }, nearestNeighbours(inst, 15));
      const rng = createRng(seed);
      randomLoad(ls, inst, rng);
      const before = recomputed(ls);
      expect(ls.run(rng)).toBe(true);
      const after = recomputed(ls);
      expect(after).toBeLessThan(before);
      expect(ls.penalisedCost()).toBeCloseTo(after, 6);
      const all = ls.routes.flatMap((r) => r.jobs).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: inst.n }, (_, j) => j));
    }
  });

  it('at a local optimum with full neighbourhoods no relocate or swap of single clients improves (pruning is safe)', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const p = problemFor(seed + 300);
      const inst = new Instance(p);
      const ls = new LocalSearch(inst, { ...PEN }, nearestNeighbours(inst, inst.n - 1));
      const rng = createRng(seed);
      randomLoad(ls, inst, rng);
      ls.run(rng);
      const plans = ls.routes.map((r) => ({ type: r.type, jobs: r.jobs.slice() }));
      const costOf = (jobs: number[], type: number) => {
        const r = new Route(inst, 0, type);
        r.jobs = jobs;
        r.update(PEN);
        return r.cost;
      };
      const base = plans.map((pl) => costOf(pl.jobs, pl.type));
      const m = inst.nTypes;
      // only one empty route per vehicle type is offered to the search
      const emptySeen = new Set<number>();
      const targets = plans
        .map((pl, i) => ({ pl, i }))
        .filter(({ pl }) => {
          if (pl.jobs.length > 0) return true;
          if (emptySeen.has(pl.type)) return false;
          emptySeen.add(pl.type);
          return true;
        });
      for (const { pl: from, i: fi } of plans.map((pl, i) => ({ pl, i }))) {
        for (let x = 0; x < from.jobs.length; x++) {
          const u = from.jobs[x];
          const without = from.jobs.filter((_, k) => k !== x);
          for (const { pl: to, i: ti } of targets) {
            if (inst.compatible[u * m + to.type] === 0) continue;
            if (ti === fi) continue;
            const removeGain = costOf(without, from.type) - base[fi];
            for (let y = 0; y <= to.jobs.length; y++) {
              const into = [...to.jobs.slice(0, y), u, ...to.jobs.slice(y)];
              const delta = removeGain + costOf(into, to.type) - base[ti];
              expect(delta, `relocate job ${u} seed ${seed}`).toBeGreaterThan(-1e-6);
            }
            // swap with each client of the other route
            for (let y = 0; y < to.jobs.length; y++) {
              const v = to.jobs[y];
              if (inst.compatible[v * m + from.type] === 0) continue;
              const a = from.jobs.slice();
              a[x] = v;
              const b = to.jobs.slice();
              b[y] = u;
              const delta = costOf(a, from.type) + costOf(b, to.type) - base[fi] - base[ti];
              expect(delta, `swap ${u}/${v} seed ${seed}`).toBeGreaterThan(-1e-6);
            }
          }
        }
      }
    }
  });
});
