/**
 * Multi-trip vehicles (VehicleType.maxTrips > 1), as PyVRP does with reload depots: a vehicle-day is one route
 * with reload visits at its depot, so every operator of the search works across trips unchanged. The problem is
 * rewritten before the search and the solution mapped back after it:
 * - one extra matrix location per multi-trip type, its reload point: travel to it = travel to the depot +
 *   reloadTime, travel from it = from the depot; depot → reload point and reload point → itself cost nothing, so an
 *   unused reload next to the depot or another reload is free;
 * - count × (maxTrips − 1) reload jobs per type (skill of that type only), flagged `reload`: the loads of the
 *   real dimensions reset there (segment caches in route.ts, schedule.ts);
 * - one extra load dimension counts reload jobs (pickup 1, capacity maxTrips − 1), so no route exceeds its trips.
 * A problem without multi-trip types is not rewritten: the search takes exactly the single-trip path.
 */
import { simulate } from './schedule.ts';
import type { Job, Problem, RouteSolution, Solution } from './types.ts';

export interface Rewritten {
  problem: Problem;
  /** Jobs of the original problem (reload jobs come after them). */
  n: number;
}

export function hasMultiTrip(problem: Problem): boolean {
  return problem.vehicles.some((v) => (v.maxTrips ?? 1) > 1);
}

export function rewriteMultiTrip(problem: Problem): Rewritten {
  const { size, vehicles, jobs } = problem;
  const multi = vehicles.map((v, t) => ((v.maxTrips ?? 1) > 1 ? t : -1)).filter((t) => t >= 0);
  const S = size + multi.length;
  const dist = new Float64Array(S * S);
  const dur = new Float64Array(S * S);
  const depotOf = (x: number) => (x < size ? x : vehicles[multi[x - size]].start);
  const reloadOf = (x: number) => (x < size ? 0 : (vehicles[multi[x - size]].reloadTime ?? 0));
  for (let a = 0; a < S; a++) {
    for (let b = 0; b < S; b++) {
      const [da, db] = [depotOf(a), depotOf(b)];
      const free = b >= size && (a === b || a === db); // depot → its reload point, reload point → itself
      dist[a * S + b] = free ? 0 : problem.distances[da * size + db];
      dur[a * S + b] = free ? 0 : problem.durations[da * size + db] + reloadOf(b);
    }
  }
  const dims = Math.max(
    0,
    ...vehicles.map((v) => v.capacity.length),
    ...jobs.map((j) => Math.max(j.delivery.length, j.pickup.length)),
  );
  const pad = (x: number[], last: number) => [...Array.from({ length: dims }, (_, k) => x[k] ?? 0), last];
  const skill0 = Math.max(0, ...vehicles.flatMap((v) => v.skills), ...jobs.flatMap((j) => j.skills)) + 1;
  const out: Job[] = jobs.map((j) => ({ ...j, delivery: pad(j.delivery, 0), pickup: pad(j.pickup, 0) }));
  multi.forEach((t, i) => {
    const v = vehicles[t];
    const reloads = Math.min(v.count, jobs.length) * ((v.maxTrips ?? 1) - 1);
    for (let k = 0; k < reloads; k++) {
      out.push({
        id: `reload ${v.id}`,
        location: size + i,
        delivery: pad([], 0),
        pickup: pad([], 1),
        service: 0,
        timeWindows: [],
        skills: [skill0 + t],
        priority: 0,
        reload: true,
      });
    }
  });
  return {
    n: jobs.length,
    problem: {
      size: S,
      distances: dist,
      durations: dur,
      reloadDims: dims,
      jobs: out,
      vehicles: vehicles.map((v, t) => ({
        ...v,
        capacity: pad(v.capacity, Math.max(0, (v.maxTrips ?? 1) - 1)),
        skills: (v.maxTrips ?? 1) > 1 ? [...v.skills, skill0 + t] : v.skills,
      })),
    },
  };
}

/**
 * The rewritten problem's solution → the original's: reload jobs become `reloads` positions (a reload with no job
 * after it, or none before it, is dropped: it would only add a trip-less visit), reload jobs never appear as
 * unassigned, and each route is priced again by its exact schedule without those dropped visits.
 */
export function restoreMultiTrip(rw: Rewritten, solution: Solution): Solution {
  const routes: RouteSolution[] = [];
  let cost = 0;
  for (const r of solution.routes) {
    const kept: number[] = [];
    const jobs: number[] = [];
    const reloads: number[] = [];
    let pending = -1;
    for (const j of r.jobs) {
      if (j >= rw.n) {
        if (jobs.length > 0) pending = j;
        continue;
      }
      if (pending >= 0) {
        kept.push(pending);
        reloads.push(jobs.length);
        pending = -1;
      }
      kept.push(j);
      jobs.push(j);
    }
    if (jobs.length === 0) continue;
    cost += simulate(rw.problem, r.vehicle, kept, r.departure).cost;
    routes.push({ vehicle: r.vehicle, jobs, departure: r.departure, ...(reloads.length > 0 ? { reloads } : {}) });
  }
  return { routes, unassigned: solution.unassigned.filter((u) => u.job < rw.n), cost };
}
