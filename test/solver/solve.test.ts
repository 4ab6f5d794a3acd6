/**
 * solve(): repeatable per seed, anytime, reports progress, agrees with the independent checker, and gives
 * every unassigned job the reason that really applies.
 */
import { describe, expect, it } from 'vitest';
import { solve } from '../../src/solver/index.ts';
import { check } from '../../src/solver/check.ts';
import { randomProblem } from './helpers.ts';
import type { Job, Problem, VehicleType } from '../../src/solver/types.ts';
import { readFileSync } from 'node:fs';
import { readVroom } from '../../src/io/vroom.ts';

function line(n: number): { distances: Float64Array; durations: Float64Array; size: number } {
  // locations on a line at 0, 10, 20, … ; distance = duration = |i − j| × 10
  const size = n;
  const distances = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) distances[i * size + j] = Math.abs(i - j) * 10;
  return { size, distances, durations: distances.slice() };
}

function vehicle(over: Partial<VehicleType> = {}): VehicleType {
  return {
    id: 'v',
    start: 0,
    end: 0,
    capacity: [10],
    skills: [],
    twStart: 0,
    twEnd: 1000,
    maxDuration: Infinity,
    maxDistance: Infinity,
    fixedCost: 0,
    costPerDistance: 1,
    costPerDuration: 0,
    count: 5,
    ...over,
  };
}

function job(id: string, location: number, over: Partial<Job> = {}): Job {
  return { id, location, delivery: [1], pickup: [0], service: 0, timeWindows: [], skills: [], priority: 0, ...over };
}

describe('solve', () => {
  it('is repeatable: same seed and iteration limit → same routes and cost', () => {
    const p = randomProblem({
      n: 30,
      seed: 3,
      timeWindows: true,
      pickups: true,
      dims: 2,
      types: 2,
      durationCost: true,
    });
    const a = solve(p, { seed: 7, maxIterations: 15, timeLimit: 60 });
    const b = solve(p, { seed: 7, maxIterations: 15, timeLimit: 60 });
    expect(b.routes).toEqual(a.routes);
    expect(b.cost).toBe(a.cost);
    expect(check(p, a).feasible).toBe(true);
  });

  it('is anytime: shouldStop ends the search early with a checked solution', () => {
    const p = randomProblem({ n: 120, seed: 5, timeWindows: true });
    let polls = 0;
    const started = Date.now();
    const s = solve(p, { timeLimit: 30, shouldStop: () => ++polls > 50 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const c = check(p, s);
    expect(c.feasible).toBe(true);
    expect(c.cost).toBeCloseTo(s.cost, 6);
    expect(s.routes.flatMap((r) => r.jobs).length + s.unassigned.length).toBe(120);
  });

  it('a zero time limit still serves every job that a feasible plan can take (first local search completes)', () => {
    // 8 stations, 2 vans with windows, pickups and a cold skill: all fit, but only after local search.
    const { problem } = readVroom(readFileSync('data/benchmarks/vroom-example.json', 'utf8'));
    const full = solve(problem, { timeLimit: 1, seed: 1 });
    expect(full.unassigned).toEqual([]);
    for (const timeLimit of [0, 1e-6]) {
      const quick = solve(problem, { timeLimit, seed: 1 });
      expect(quick.unassigned).toEqual([]);
      const verdict = check(problem, quick);
      expect(verdict.violations).toEqual([]);
      expect(verdict.cost).toBeCloseTo(quick.cost, 6);
    }
  });

  it('reports progress with a best cost that never gets worse', () => {
    const p = randomProblem({ n: 50, seed: 9 });
    const seen: number[] = [];
    const s = solve(p, { maxIterations: 25, timeLimit: 60, onProgress: (pr) => seen.push(pr.bestCost) });
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1] + 1e-9);
    expect(seen[seen.length - 1]).toBeCloseTo(s.cost, 6);
  });

  it('improves on its own first solution given more iterations', () => {
    const p = randomProblem({ n: 50, seed: 11, capacityFactor: 3 });
    const first = solve(p, { maxIterations: 1, timeLimit: 60 });
    const more = solve(p, { maxIterations: 60, timeLimit: 60 });
    expect(more.cost).toBeLessThan(first.cost);
  });

  it('multiple depots: each vehicle type starts and ends at its own depot, checker agrees', () => {
    const p = randomProblem({ n: 40, seed: 21, types: 2, timeWindows: true, durationCost: true, fixedCost: true });
    p.vehicles[1].start = 10;
    p.vehicles[1].end = 10;
    p.vehicles[0].count = 3;
    p.vehicles[1].count = 3;
    const s = solve(p, { maxIterations: 20, timeLimit: 60 });
    const c = check(p, s);
    expect(c.violations).toEqual([]);
    expect(c.cost).toBeCloseTo(s.cost, 6);
    for (let t = 0; t < 2; t++) expect(s.routes.filter((r) => r.vehicle === t).length).toBeLessThanOrEqual(3);
  });

  it('jobs with two time windows are served inside one of them', () => {
    const m = line(6);
    const p: Problem = {
      ...m,
      vehicles: [vehicle({ count: 1 })],
      jobs: [
        job('a', 1, {
          timeWindows: [
            [0, 5],
            [100, 120],
          ],
          service: 5,
        }),
        job('b', 2, { timeWindows: [[40, 60]] }),
        job('c', 3, {
          timeWindows: [
            [0, 15],
            [200, 230],
          ],
        }),
      ],
    };
    const s = solve(p, { maxIterations: 20 });
    const c = check(p, s);
    expect(c.violations).toEqual([]);
    expect(s.unassigned).toEqual([]);
  });

  it('gives each impossible job its reason', () => {
    const m = line(8);
    m.distances[0 * 8 + 7] = Infinity;
    m.durations[0 * 8 + 7] = Infinity;
    const p: Problem = {
      ...m,
      vehicles: [vehicle({ maxDistance: 100, twEnd: 500 })],
      jobs: [
        job('ok', 1),
        job('cold', 1, { skills: [3] }),
        job('heavy', 2, { delivery: [11] }),
        job('early', 3, { timeWindows: [[0, 20]] }),
        job('long', 2, { service: 480 }),
        job('far', 6),
        job('island', 7),
      ],
    };
    const s = solve(p, { maxIterations: 10 });
    const reasons = Object.fromEntries(s.unassigned.map((u) => [p.jobs[u.job].id, u.reason]));
    expect(reasons).toEqual({
      cold: 'skill',
      heavy: 'capacity',
      early: 'time_window',
      long: 'shift',
      far: 'max_distance',
      island: 'unreachable',
    });
    for (const u of s.unassigned) expect(u.detail).toContain(p.jobs[u.job].id);
    expect(s.routes.flatMap((r) => r.jobs)).toEqual([0]);
    expect(check(p, s).feasible).toBe(true);
  });

  it('max_duration: the round trip with service is too long for every vehicle', () => {
    const m = line(4);
    const p: Problem = {
      ...m,
      vehicles: [vehicle({ maxDuration: 50 })],
      jobs: [job('x', 2, { service: 20 }), job('y', 1)],
    };
    const s = solve(p, { maxIterations: 5 });
    expect(s.unassigned).toEqual([expect.objectContaining({ job: 0, reason: 'max_duration' })]);
  });

  it("fleet: jobs feasible alone but too many for the vehicles are dropped lowest priority first, reason 'fleet'", () => {
    const m = line(5);
    const p: Problem = {
      ...m,
      vehicles: [vehicle({ count: 1, capacity: [2] })],
      jobs: [
        job('a', 1, { priority: 1 }),
        job('b', 2, { priority: 0 }),
        job('c', 3, { priority: 2 }),
        job('d', 4, { priority: 0 }),
      ],
    };
    const s = solve(p, { maxIterations: 30 });
    const c = check(p, s);
    expect(c.violations).toEqual([]);
    expect(s.unassigned.map((u) => u.reason)).toEqual(['fleet', 'fleet']);
    const kept = s.routes
      .flatMap((r) => r.jobs)
      .map((j) => p.jobs[j].id)
      .sort();
    expect(kept).toEqual(['a', 'c']);
  });

  it('pickups: load rises on the way and the capacity holds at every point', () => {
    const m = line(6);
    const p: Problem = {
      ...m,
      vehicles: [vehicle({ capacity: [4], count: 3 })],
      jobs: [
        job('d1', 1, { delivery: [3], pickup: [0] }),
        job('p1', 2, { delivery: [0], pickup: [3] }),
        job('d2', 3, { delivery: [1], pickup: [1] }),
        job('p2', 4, { delivery: [0], pickup: [2] }),
      ],
    };
    const s = solve(p, { maxIterations: 30 });
    const c = check(p, s);
    expect(c.violations).toEqual([]);
    expect(s.unassigned).toEqual([]);
    expect(c.cost).toBeCloseTo(s.cost, 9);
  });
});
