/**
 * Turn the search's routes into a Solution with exact schedules. A route that the exact schedule finds
 * infeasible (possible only when the fleet is too small for every job, or with gaps between a job's time
 * windows) loses its lowest-priority jobs until it is feasible; those, and any job the search left without a
 * place, are re-inserted where they fit exactly, and the rest are reported unassigned with reason 'fleet'.
 * Reload jobs (multi-trip, reload.ts) are optional here: a reload that starts a route, follows another reload or
 * ends the route is a no-op and is stripped first, and a reload the search left out or that had to go is never
 * re-inserted (without this, a short search on a large fleet — a carrier's own baseline — left hundreds of
 * surplus reloads for the exact repair loop, minutes of scheduling).
 */
import type { Instance } from './instance.ts';
import { Route } from './route.ts';
import { scheduleRoute, type RouteSchedule } from './schedule.ts';
import type { RouteSolution, Solution } from './types.ts';
import type { RoutePlan } from './search/localSearch.ts';

const NO_PENALTY = { load: 0, timeWarp: 0, distance: 0 };

export function plannedSchedule(inst: Instance, type: number, jobs: readonly number[]): RouteSchedule {
  const r = new Route(inst, 0, type);
  r.jobs = jobs.slice();
  r.update(NO_PENALTY);
  return scheduleRoute(inst.problem, type, jobs, r.departure());
}

export function finalize(inst: Instance, plans: readonly RoutePlan[], unassigned: Solution['unassigned']): Solution {
  const prio = inst.priority;
  const kept: Array<{ type: number; jobs: number[]; sched: RouteSchedule }> = [];
  const dropped: number[] = [];
  for (const plan of plans) {
    if (plan.jobs.length === 0) continue;
    let jobs = withoutIdleReloads(inst, plan.jobs);
    let sched = plannedSchedule(inst, plan.type, jobs);
    while (!sched.feasible && jobs.length > 0) {
      // remove the job whose removal helps most: feasible first, then lowest priority, then cheapest
      let bestIdx = 0;
      let bestKey: [number, number, number] = [Infinity, Infinity, Infinity];
      for (let i = 0; i < jobs.length; i++) {
        if (inst.isReload[jobs[i]]) continue; // a trip boundary: dropping it would merge two trips
        const rest = withoutIdleReloads(
          inst,
          jobs.filter((_, k) => k !== i),
        );
        const s = plannedSchedule(inst, plan.type, rest);
        const key: [number, number, number] = [s.feasible ? 0 : 1, prio[jobs[i]], s.cost];
        if (lexLess(key, bestKey)) {
          bestKey = key;
          bestIdx = i;
        }
      }
      dropped.push(jobs[bestIdx]);
      jobs = withoutIdleReloads(
        inst,
        jobs.filter((_, k) => k !== bestIdx),
      );
      sched = plannedSchedule(inst, plan.type, jobs);
    }
    if (jobs.length > 0) kept.push({ type: plan.type, jobs, sched });
  }
  // Jobs the search returned without a place (e.g. stopped early under a tight time limit) get the same
  // exact insertion as dropped ones, so 'fleet' is only reported when no route can really take them.
  const present = new Uint8Array(inst.n);
  for (const k of kept) for (const j of k.jobs) present[j] = 1;
  for (const u of unassigned) present[u.job] = 1;
  for (const j of dropped) present[j] = 1;
  for (let j = 0; j < inst.n; j++) if (!present[j] && !inst.isReload[j]) dropped.push(j);
  // Re-insert dropped jobs where they fit exactly (highest priority first).
  dropped.sort((a, b) => prio[b] - prio[a]);
  const extra: Solution['unassigned'] = [];
  const m = inst.nTypes;
  for (const j of dropped) {
    let best: { route: number; pos: number; type: number; sched: RouteSchedule; delta: number } | null = null;
    for (let r = 0; r < kept.length; r++) {
      const route = kept[r];
      if (inst.compatible[j * m + route.type] === 0) continue;
      for (let p = 0; p <= route.jobs.length; p++) {
        const jobs = [...route.jobs.slice(0, p), j, ...route.jobs.slice(p)];
        const s = plannedSchedule(inst, route.type, jobs);
        if (s.feasible && (!best || s.cost - route.sched.cost < best.delta)) {
          best = { route: r, pos: p, type: route.type, sched: s, delta: s.cost - route.sched.cost };
        }
      }
    }
    for (let t = 0; t < m; t++) {
      const used = kept.filter((k) => k.type === t).length;
      if (used >= inst.vCount[t] || inst.compatible[j * m + t] === 0) continue;
      const s = plannedSchedule(inst, t, [j]);
      if (s.feasible && (!best || s.cost < best.delta)) best = { route: -1, pos: 0, type: t, sched: s, delta: s.cost };
    }
    if (!best) {
      extra.push({
        job: j,
        reason: 'fleet',
        detail: `job ${inst.problem.jobs[j].id}: feasible alone, but the vehicles available cannot take it together with the jobs kept`,
      });
      continue;
    }
    if (best.route < 0) kept.push({ type: best.type, jobs: [j], sched: best.sched });
    else {
      const route = kept[best.route];
      route.jobs.splice(best.pos, 0, j);
      route.sched = best.sched;
    }
  }
  // Safety net: a job neither routed nor already reported must not vanish.
  const placed = new Uint8Array(inst.n);
  for (const k of kept) for (const j of k.jobs) placed[j] = 1;
  for (const u of unassigned) placed[u.job] = 1;
  for (const u of extra) placed[u.job] = 1;
  for (let j = 0; j < inst.n; j++) {
    if (placed[j] || inst.isReload[j]) continue;
    extra.push({
      job: j,
      reason: 'fleet',
      detail: `job ${inst.problem.jobs[j].id}: the search found no place for it within the vehicle counts`,
    });
  }
  const routes: RouteSolution[] = kept.map((k) => ({ vehicle: k.type, jobs: k.jobs, departure: k.sched.departure }));
  const cost = kept.reduce((s, k) => s + k.sched.cost, 0);
  return { routes, unassigned: [...unassigned, ...extra].sort((a, b) => a.job - b.job), cost };
}

/** The route without reloads that separate no two trips (first, after another reload, or last). */
function withoutIdleReloads(inst: Instance, jobs: readonly number[]): number[] {
  if (!inst.anyReload) return jobs.slice();
  const out: number[] = [];
  for (const j of jobs) {
    if (inst.isReload[j] && (out.length === 0 || inst.isReload[out[out.length - 1]])) continue;
    out.push(j);
  }
  while (out.length > 0 && inst.isReload[out[out.length - 1]]) out.pop();
  return out;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return true;
    if (a[i] > b[i]) return false;
  }
  return false;
}
