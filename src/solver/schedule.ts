/**
 * Exact schedule of one route on the original Problem (all time windows, Infinity = unreachable):
 * used to report the final solution, its departure and cost. The search's summaries use each job's window
 * envelope; this pass honours gaps between windows too.
 */
import type { Problem, UnassignedReason } from './types.ts';

const EPS = 1e-6;

export interface RouteSchedule {
  departure: number;
  returnTime: number;
  distance: number;
  duration: number;
  cost: number;
  feasible: boolean;
  /** First violated constraint, when infeasible. */
  violation?: UnassignedReason;
}

/** Simulate the route leaving at `departure`. */
export function simulate(problem: Problem, vehicle: number, jobs: readonly number[], departure: number): RouteSchedule {
  const v = problem.vehicles[vehicle];
  const size = problem.size;
  let violation: UnassignedReason | undefined;
  const fail = (r: UnassignedReason) => {
    if (!violation) violation = r;
  };
  if (departure < v.twStart - EPS) fail('shift');
  const dims = v.capacity.length;
  const resetDims = problem.reloadDims ?? dims;
  const load = new Array<number>(dims).fill(0);
  // Multi-trip (reload jobs): the reset dimensions start each trip with that trip's deliveries on board; the
  // others (the reload count) run over the whole route.
  for (const j of jobs) for (let k = resetDims; k < dims; k++) load[k] += problem.jobs[j].delivery[k] ?? 0;
  const tripDeliveries = (from: number) => {
    for (let i = from; i < jobs.length; i++) {
      const job = problem.jobs[jobs[i]];
      if (job.reload) break;
      for (let k = 0; k < resetDims; k++) load[k] += job.delivery[k] ?? 0;
    }
  };
  tripDeliveries(0);
  for (const j of jobs) {
    const job = problem.jobs[j];
    if (!job.skills.every((s) => v.skills.includes(s))) fail('skill');
  }
  for (let k = 0; k < dims; k++) if (load[k] > v.capacity[k] + EPS) fail('capacity');
  let t = departure;
  let loc = v.start;
  let distance = 0;
  let real = 0;
  for (const [i, j] of jobs.entries()) {
    const job = problem.jobs[j];
    if (!job.reload) real++;
    const d = problem.distances[loc * size + job.location];
    const tt = problem.durations[loc * size + job.location];
    if (!Number.isFinite(d) || !Number.isFinite(tt)) fail('unreachable');
    distance += d;
    t += tt;
    if (job.timeWindows.length > 0) {
      const w = job.timeWindows.find((tw) => tw[1] >= t - EPS);
      if (!w) fail('time_window');
      else t = Math.max(t, w[0]);
    }
    t += job.service;
    loc = job.location;
    for (let k = 0; k < dims; k++) {
      load[k] = load[k] - (job.delivery[k] ?? 0) + (job.pickup[k] ?? 0);
      if (load[k] > v.capacity[k] + EPS) fail('capacity');
    }
    if (job.reload) {
      for (let k = 0; k < resetDims; k++) load[k] = 0;
      tripDeliveries(i + 1);
      for (let k = 0; k < dims; k++) if (load[k] > v.capacity[k] + EPS) fail('capacity');
    }
  }
  const d = problem.distances[loc * size + v.end];
  const tt = problem.durations[loc * size + v.end];
  if (!Number.isFinite(d) || !Number.isFinite(tt)) fail('unreachable');
  distance += d;
  t += tt;
  if (t > v.twEnd + EPS) fail('shift');
  const duration = t - departure;
  if (duration > v.maxDuration + EPS) fail('max_duration');
  if (distance > v.maxDistance + EPS) fail('max_distance');
  const cost = real === 0 ? 0 : v.fixedCost + v.costPerDistance * distance + v.costPerDuration * duration;
  return { departure, returnTime: t, distance, duration, cost, feasible: violation === undefined, violation };
}

/**
 * Best schedule among candidate departures: the search's minimal-duration departure, and the start of the
 * shift (the most permissive one for windows). Picks the feasible one with the shorter duration.
 */
export function scheduleRoute(
  problem: Problem,
  vehicle: number,
  jobs: readonly number[],
  preferred: number,
): RouteSchedule {
  const v = problem.vehicles[vehicle];
  const shiftStart = Number.isFinite(v.twStart) ? v.twStart : 0;
  let dep = Math.min(Math.max(preferred, v.twStart), v.twEnd);
  if (!Number.isFinite(dep)) dep = shiftStart;
  const a = simulate(problem, vehicle, jobs, dep);
  if (a.feasible && a.departure === shiftStart) return a;
  const b = simulate(problem, vehicle, jobs, shiftStart);
  if (a.feasible && (!b.feasible || a.duration <= b.duration + EPS)) return a;
  if (b.feasible) return b;
  return a;
}
