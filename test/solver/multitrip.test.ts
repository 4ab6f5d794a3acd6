import { describe, expect, it } from 'vitest';
import { solve } from '../../src/solver/index.ts';
import { check } from '../../src/solver/check.ts';
import type { Problem, Solution } from '../../src/solver/types.ts';
import { bruteForceOptimum, lineProblem as line, randomProblem } from './helpers.ts';

/** Trips of a route recomputed from the problem alone: job lists, loads at departure, return time of each trip. */
function trips(problem: Problem, r: Solution['routes'][number]) {
  const v = problem.vehicles[r.vehicle];
  const cuts = [0, ...(r.reloads ?? []), r.jobs.length];
  const out: Array<{ jobs: number[]; load: number; leave: number; back: number }> = [];
  let time = r.departure;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const jobs = r.jobs.slice(cuts[i], cuts[i + 1]);
    if (i > 0) time += v.reloadTime ?? 0;
    const leave = time;
    let at = v.start;
    for (const j of jobs) {
      time += problem.durations[at * problem.size + problem.jobs[j].location] + problem.jobs[j].service;
      at = problem.jobs[j].location;
    }
    time += problem.durations[at * problem.size + v.start];
    out.push({ jobs, load: jobs.reduce((s, j) => s + problem.jobs[j].delivery[0], 0), leave, back: time });
  }
  return out;
}

describe('multi-trip vehicles (reload at the depot)', () => {
  it('one vehicle serves 8 clients of demand 10 in 4 trips of ≤ 20, with one fixed cost; the checker agrees', () => {
    const p = line(8, 10, 20, { maxTrips: 4, reloadTime: 5 });
    const s = solve(p, { seed: 1, maxIterations: 300, timeLimit: 10 });
    const c = check(p, s);
    expect(c.violations).toEqual([]);
    expect(s.unassigned).toEqual([]);
    expect(s.routes).toHaveLength(1);
    const t = trips(p, s.routes[0]);
    expect(t).toHaveLength(4);
    for (const trip of t) expect(trip.load).toBeLessThanOrEqual(20);
    for (let i = 1; i < t.length; i++) expect(t[i].leave).toBe(t[i - 1].back + 5);
    // Optimal: pair neighbours (c1,c2) … (c7,c8): 2 × (20 + 40 + 60 + 80) km; one fixed cost.
    expect(s.cost).toBeCloseTo(100 + 2 * (20 + 40 + 60 + 80), 6);
    expect(c.cost).toBeCloseTo(s.cost, 6);
    expect(c.routes[0].trips).toBe(4);
  });

  it('maxTrips bounds the day: 2 trips of 20 leave 4 of 8 clients unassigned', () => {
    const p = line(8, 10, 20, { maxTrips: 2, reloadTime: 5 });
    const s = solve(p, { seed: 1, maxIterations: 200, timeLimit: 10 });
    expect(check(p, s).violations).toEqual([]);
    expect(s.unassigned).toHaveLength(4);
    expect((s.routes[0].reloads ?? []).length).toBeLessThanOrEqual(1);
  });

  it('the shift and maxDuration are per vehicle-day, reloads counted: a short shift forces fewer trips', () => {
    const p = line(4, 10, 10, { maxTrips: 4, reloadTime: 30, twEnd: 2 * 20 + 2 * 40 + 4 * 2 + 30 + 1 }); // room for 2 trips only
    const s = solve(p, { seed: 2, maxIterations: 200, timeLimit: 10 });
    const c = check(p, s);
    expect(c.violations).toEqual([]);
    expect(c.routes[0].returnTime).toBeLessThanOrEqual(p.vehicles[0].twEnd);
    expect(s.unassigned.length).toBeGreaterThanOrEqual(2);
  });

  it('with free reloads and no fixed cost, one vehicle with k trips is as good as k vehicles (brute force)', () => {
    for (const seed of [11, 12, 13, 14]) {
      const base = randomProblem({ n: 6, seed, types: 1, counts: [3], capacityFactor: 2 });
      const single = { ...base, vehicles: base.vehicles.map((v) => ({ ...v, fixedCost: 0, costPerDuration: 0 })) };
      const multi = {
        ...single,
        vehicles: single.vehicles.map((v) => ({ ...v, count: 1, maxTrips: 3, reloadTime: 0 })),
      };
      const opt = bruteForceOptimum(single);
      const s = solve(multi, { seed: 1, maxIterations: 400, timeLimit: 10 });
      const c = check(multi, s);
      expect(c.violations, `seed ${seed}`).toEqual([]);
      expect(c.cost).toBeCloseTo(s.cost, 6);
      if (Number.isFinite(opt.cost) && s.unassigned.length === 0)
        expect(s.cost, `seed ${seed}`).toBeCloseTo(opt.cost, 6);
    }
  });

  it('the checker rejects too many trips, an over-capacity trip and a bad reload position', () => {
    const p = line(4, 10, 20, { maxTrips: 2, reloadTime: 5 });
    const ok: Solution = {
      routes: [{ vehicle: 0, jobs: [0, 1, 2, 3], departure: 0, reloads: [2] }],
      unassigned: [],
      cost: 0,
    };
    expect(check(p, ok).violations).toEqual([]);
    const tooMany = { ...ok, routes: [{ ...ok.routes[0], reloads: [1, 2, 3] }] };
    expect(check(p, tooMany).violations.join('\n')).toMatch(/4 trips, only 2 allowed/);
    const overloaded = { ...ok, routes: [{ ...ok.routes[0], reloads: [1] }] };
    expect(check(p, overloaded).violations.join('\n')).toMatch(/load 30 at the start of trip 2 exceeds capacity 20/);
    const bad = { ...ok, routes: [{ ...ok.routes[0], reloads: [4] }] };
    expect(check(p, bad).violations.join('\n')).toMatch(/reload position 4/);
    // The reload time is on the clock: a shift ending before the second trip's return is violated.
    const c = check(p, ok);
    expect(c.routes[0].returnTime).toBe(2 * 20 + 2 * 40 + 4 * 2 + 5);
    const short = { ...p, vehicles: [{ ...p.vehicles[0], twEnd: c.routes[0].returnTime - 1 }] };
    expect(check(short, ok).violations.join('\n')).toMatch(/after the shift end/);
  });
});
