/**
 * Test helpers for the engine: random instances and a brute-force optimum. The brute force enumerates
 * every route (subset × order × vehicle type), evaluates it with the independent checker, and combines
 * routes over all set partitions within the fleet counts. It shares nothing with the search.
 */
import { expect } from 'vitest';
import { check } from '../../src/solver/check.ts';
import { engineCostMatches } from '../../src/solver/index.ts';
import type { Job, Problem, Solution, VehicleType } from '../../src/solver/types.ts';
import { createRng, randInt } from '../../src/util/rng.ts';

export interface RandomOptions {
  n: number;
  seed: number;
  /** Capacity dimensions (1 or 2). */
  dims?: number;
  pickups?: boolean;
  timeWindows?: boolean;
  skills?: boolean;
  types?: number;
  /** Limited counts per type (default: n, i.e. unlimited). */
  counts?: number[];
  asymmetric?: boolean;
  durationCost?: boolean;
  fixedCost?: boolean;
  service?: boolean;
  shift?: boolean;
  maxDistance?: boolean;
  maxDuration?: boolean;
  /** Capacity as a multiple of the largest demand (default 2.5). */
  capacityFactor?: number;
}

export function randomProblem(o: RandomOptions): Problem {
  const rng = createRng(o.seed);
  const dims = o.dims ?? 1;
  const size = o.n + 1;
  const xs = Array.from({ length: size }, () => randInt(rng, 0, 100));
  const ys = Array.from({ length: size }, () => randInt(rng, 0, 100));
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      let d = Math.floor(Math.hypot(xs[i] - xs[j], ys[i] - ys[j]) + 0.5);
      if (o.asymmetric && i > j) d += randInt(rng, 0, 15);
      distances[i * size + j] = d;
      durations[i * size + j] =
        o.durationCost || o.timeWindows || o.shift || o.maxDuration ? d + randInt(rng, 0, 5) : d;
    }
  }
  const jobs: Job[] = [];
  for (let k = 0; k < o.n; k++) {
    const delivery = Array.from({ length: dims }, () => randInt(rng, 0, 10));
    const pickup = Array.from({ length: dims }, () => (o.pickups ? randInt(rng, 0, 8) : 0));
    const job: Job = {
      id: `c${k + 1}`,
      location: k + 1,
      delivery,
      pickup,
      service: o.service || o.timeWindows ? randInt(rng, 0, 10) : 0,
      timeWindows: [],
      skills: [],
      priority: 0,
    };
    if (o.timeWindows && rng() < 0.7) {
      const open = randInt(rng, 0, 250);
      job.timeWindows = [[open, open + randInt(rng, 20, 120)]];
      if (rng() < 0.2) job.timeWindows.push([open + 200, open + 260]);
    }
    if (o.skills && rng() < 0.3) job.skills = [1];
    jobs.push(job);
  }
  const maxDemand = Math.max(1, ...jobs.flatMap((j) => [...j.delivery, ...j.pickup]));
  const types = o.types ?? 1;
  const vehicles: VehicleType[] = [];
  for (let t = 0; t < types; t++) {
    const capFactor = (o.capacityFactor ?? 2.5) * (t === 0 ? 1 : 1.6);
    vehicles.push({
      id: `type${t}`,
      start: 0,
      end: 0,
      capacity: Array.from({ length: dims }, () => Math.ceil(maxDemand * capFactor)),
      skills: o.skills && t === types - 1 ? [1] : [],
      twStart: 0,
      twEnd: o.shift ? 400 + randInt(rng, 0, 100) : o.timeWindows ? 600 : Infinity,
      maxDuration: o.maxDuration ? 260 + randInt(rng, 0, 60) : Infinity,
      maxDistance: o.maxDistance ? 200 + randInt(rng, 0, 80) : Infinity,
      fixedCost: o.fixedCost ? (t === 0 ? 20 : 45) : 0,
      costPerDistance: 1 + t * 0.5,
      costPerDuration: o.durationCost ? 0.25 : 0,
      count: o.counts?.[t] ?? o.n,
    });
  }
  // With skills, make sure every type except the last lacks skill 1 (so skill jobs need that type).
  return { size, distances, durations, vehicles, jobs };
}

/**
 * Exact optimum by enumeration (n ≤ 7). Departure = shift start: exact when waiting costs nothing or
 * there are no time windows (then the duration does not depend on the departure). Returns Infinity if
 * no solution serves every job.
 */
export function bruteForceOptimum(problem: Problem): { cost: number; solution?: Solution } {
  const n = problem.jobs.length;
  const T = problem.vehicles.length;
  const full = (1 << n) - 1;
  const routeCost: Float64Array[] = [];
  const routeOrder: number[][][] = [];
  for (let t = 0; t < T; t++) {
    routeCost.push(new Float64Array(1 << n).fill(Infinity));
    routeOrder.push(new Array(1 << n));
  }
  const v0 = (t: number): number => (Number.isFinite(problem.vehicles[t].twStart) ? problem.vehicles[t].twStart : 0);
  for (let mask = 1; mask <= full; mask++) {
    const members: number[] = [];
    for (let j = 0; j < n; j++) if (mask & (1 << j)) members.push(j);
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => !(mask & (1 << j)));
    for (const order of permutations(members)) {
      for (let t = 0; t < T; t++) {
        const s: Solution = {
          routes: [{ vehicle: t, jobs: order, departure: v0(t) }],
          unassigned: others.map((job) => ({ job, reason: 'capacity' as const })),
          cost: 0,
        };
        const r = check(problem, s);
        if (r.feasible && r.cost < routeCost[t][mask]) {
          routeCost[t][mask] = r.cost;
          routeOrder[t][mask] = order;
        }
      }
    }
  }
  const counts = problem.vehicles.map((v) => Math.min(v.count, n));
  const memo = new Map<string, { cost: number; parts: Array<[number, number]> }>();
  const best = (mask: number, used: number[]): { cost: number; parts: Array<[number, number]> } => {
    if (mask === 0) return { cost: 0, parts: [] };
    const key = `${mask}|${used.join(',')}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let result = { cost: Infinity, parts: [] as Array<[number, number]> };
    const low = mask & -mask;
    for (let sub = mask; sub > 0; sub = (sub - 1) & mask) {
      if (!(sub & low)) continue;
      for (let t = 0; t < T; t++) {
        if (used[t] >= counts[t] || !Number.isFinite(routeCost[t][sub])) continue;
        const next = used.slice();
        next[t]++;
        const rest = best(mask ^ sub, next);
        const c = routeCost[t][sub] + rest.cost;
        if (c < result.cost - 1e-9) result = { cost: c, parts: [[t, sub], ...rest.parts] };
      }
    }
    memo.set(key, result);
    return result;
  };
  const b = best(full, new Array(T).fill(0));
  if (!Number.isFinite(b.cost)) return { cost: Infinity };
  const solution: Solution = {
    routes: b.parts.map(([t, sub]) => ({ vehicle: t, jobs: routeOrder[t][sub], departure: v0(t) })),
    unassigned: [],
    cost: b.cost,
  };
  return { cost: b.cost, solution };
}

function* permutations(items: number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield items.slice();
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = items.slice(0, i).concat(items.slice(i + 1));
    for (const p of permutations(rest)) yield [items[i], ...p];
  }
}

/**
 * Whether job j could be added to the solution feasibly (checker-verified): at any position of any route,
 * or alone on an unused vehicle, with the route's departure, the shift start, or a departure that reaches
 * some job exactly at a window opening.
 */
export function insertionExists(problem: Problem, solution: Solution, j: number): boolean {
  const others = solution.unassigned.filter((u) => u.job !== j);
  const used = new Array(problem.vehicles.length).fill(0);
  for (const r of solution.routes) if (r.jobs.length > 0) used[r.vehicle]++;
  const candidates: Array<{ vehicle: number; jobs: number[]; index: number }> = [];
  solution.routes.forEach((r, index) => {
    if (r.jobs.length === 0) return;
    for (let pos = 0; pos <= r.jobs.length; pos++) {
      candidates.push({ vehicle: r.vehicle, jobs: [...r.jobs.slice(0, pos), j, ...r.jobs.slice(pos)], index });
    }
  });
  problem.vehicles.forEach((v, t) => {
    if (used[t] < v.count) candidates.push({ vehicle: t, jobs: [j], index: -1 });
  });
  for (const c of candidates) {
    for (const departure of departures(
      problem,
      c.vehicle,
      c.jobs,
      c.index >= 0 ? solution.routes[c.index].departure : undefined,
    )) {
      const routes = solution.routes.map((r, i) => (i === c.index ? { ...r, jobs: c.jobs, departure } : r));
      if (c.index < 0) routes.push({ vehicle: c.vehicle, jobs: c.jobs, departure });
      if (check(problem, { routes, unassigned: others, cost: 0 }).feasible) return true;
    }
  }
  return false;
}

function departures(problem: Problem, t: number, jobs: number[], current?: number): number[] {
  const v = problem.vehicles[t];
  const set = new Set<number>([Number.isFinite(v.twStart) ? v.twStart : 0]);
  if (current !== undefined) set.add(current);
  // Reach job k exactly at one of its openings, travelling without waiting before it.
  let offset = 0;
  let prev = v.start;
  for (const j of jobs) {
    const job = problem.jobs[j];
    offset += problem.durations[prev * problem.size + job.location];
    for (const [open] of job.timeWindows) if (open - offset >= v.twStart) set.add(open - offset);
    offset += job.service;
    prev = job.location;
  }
  return [...set];
}

/**
 * A solution the independent checker accepts, whose claimed cost it recomputes, that accounts for every job
 * (routed or unassigned) and keeps every vehicle type within its count.
 */
export function expectValid(problem: Problem, solution: Solution): void {
  const checked = check(problem, solution);
  expect(checked.violations).toEqual([]);
  expect(engineCostMatches(solution, checked.cost)).toBe(true);
  const routed = solution.routes.reduce((s, r) => s + r.jobs.length, 0);
  expect(routed + solution.unassigned.length).toBe(problem.jobs.length);
  problem.vehicles.forEach((v, t) =>
    expect(solution.routes.filter((r) => r.vehicle === t).length).toBeLessThanOrEqual(v.count),
  );
}

/** Depot 0 and n clients on a line 10 apart (service 2); one vehicle type of capacity `cap`, count 1 unless `extra` says. */
export function lineProblem(
  n: number,
  demand: number,
  cap: number,
  extra: Partial<Problem['vehicles'][number]> = {},
): Problem {
  const size = n + 1;
  const distances = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) distances[i * size + j] = Math.abs(i - j) * 10;
  return {
    size,
    distances,
    durations: distances.slice(),
    vehicles: [
      {
        id: 'v',
        start: 0,
        end: 0,
        capacity: [cap],
        skills: [],
        twStart: 0,
        twEnd: 1e6,
        maxDuration: Infinity,
        maxDistance: Infinity,
        fixedCost: 100,
        costPerDistance: 1,
        costPerDuration: 0,
        count: 1,
        ...extra,
      },
    ],
    jobs: Array.from({ length: n }, (_, k) => ({
      id: `c${k + 1}`,
      location: k + 1,
      delivery: [demand],
      pickup: [0],
      service: 2,
      timeWindows: [],
      skills: [],
      priority: 0,
    })),
  };
}
