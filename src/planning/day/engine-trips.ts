/**
 * Trips inside the engine (VehicleType.maxTrips, src/solver/reload.ts): one solve per depot where each vehicle-day
 * is one engine route with reloads at the depot, so the first trip is planned knowing the van may go out again,
 * and one fixed cost is paid per vehicle-day. Each trip becomes its own PlanRoute (same vehicle id, trip 1, 2, …).
 * A trip's hours run from its departure to its return; its cost also pays the reload before it (reloading is
 * working time, as in the engine's objective), so the trips' costs add up to the engine route's cost.
 */
import type { FleetRow } from '../../model/types.ts';
import type { CheckedRoute } from '../../solver/check.ts';
import type { Problem, RouteSolution, VehicleType } from '../../solver/types.ts';
import { routeSchedules, vehicleType, type RouteSchedule } from '../common.ts';
import { fail, nextVehicleId, type DayContext } from './context.ts';
import { runEngine } from './engine.ts';
import { toPlanRoute } from './plan-route.ts';
import { reasonText } from './reasons.ts';
import type { JobInfo } from './types.ts';
import type { TimeBudget } from './time-budget.ts';
import { workReason } from './working-time-plan.ts';

/** Engine vehicle type of a fleet row with the day's trips; max_work_minutes and max_km are per vehicle-day. */
export function multiTripType(ctx: DayContext, row: FleetRow, ready: number | undefined): VehicleType {
  const v = vehicleType(row, 0, ready);
  return {
    ...v,
    maxTrips: ctx.params.maxTrips,
    reloadTime: ctx.reloadSeconds,
    maxDuration: row.maxWorkMinutes ? row.maxWorkMinutes * 60 : Infinity,
  };
}

interface DepotJobs {
  matrix: Pick<Problem, 'size' | 'distances' | 'durations'>;
  jobs: Problem['jobs'];
  jobInfo: JobInfo[];
}

/** Solve the depot's jobs with engine trips and record every trip and every unassigned station. */
export async function planDepotTrips(
  ctx: DayContext,
  budget: TimeBudget,
  depot: string,
  rows: FleetRow[],
  d: DepotJobs,
  specCount: number,
): Promise<void> {
  const hubReady = ctx.hubReady.get(depot);
  const problem: Problem = { ...d.matrix, vehicles: rows.map((r) => multiTripType(ctx, r, hubReady)), jobs: d.jobs };
  const name = `depot ${depot}`;
  const { solution, checked } = await runEngine(ctx, budget, name, problem, budget.depotTime(specCount));
  ctx.runs.push({ name, depot, kind: 'delivery', problem, solution, jobInfo: d.jobInfo, checked });
  const schedules = routeSchedules(problem, solution, checked);
  for (const [ri, r] of solution.routes.entries()) {
    if (r.jobs.length === 0) continue;
    const row = rows[r.vehicle];
    const vehicleId = nextVehicleId(ctx, row.id);
    ctx.exactCost += schedules[ri].cost;
    const trips = splitTrips(problem, r, schedules[ri], checked.routes[ri]);
    trips.forEach((t, k) => {
      t.jobs.forEach((j, pos) => {
        const id = d.jobInfo[j].placeId;
        const list = ctx.serviceStartsByStation.get(id) ?? [];
        list.push(t.sched.serviceStarts[pos]);
        ctx.serviceStartsByStation.set(id, list);
      });
      const route = toPlanRoute(problem, t.jobs, t.sched, d.jobInfo, { row, depot, kind: 'delivery', vehicleId });
      if (trips.length > 1) route.trip = k + 1;
      ctx.routes.push(route);
    });
  }
  for (const u of solution.unassigned) {
    const info = d.jobInfo[u.job];
    const reason = workReason(rows, u.reason);
    fail(ctx, info.placeId, reason, reasonText(reason, info.part, depot, u.detail));
  }
}

/** An engine route with reloads → one schedule per trip (positions cut at the reloads). */
export function splitTrips(
  problem: Problem,
  r: RouteSolution,
  sched: RouteSchedule,
  c: CheckedRoute,
): Array<{ jobs: number[]; sched: RouteSchedule }> {
  const v = problem.vehicles[r.vehicle];
  const cuts = [0, ...(r.reloads ?? []), r.jobs.length];
  const out: Array<{ jobs: number[]; sched: RouteSchedule }> = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [a, b] = [cuts[k], cuts[k + 1]];
    const jobs = r.jobs.slice(a, b);
    const from = k === 0 ? sched.departure : c.tripReturns[k - 1];
    const departure = k === 0 ? sched.departure : from + (v.reloadTime ?? 0);
    const returnTime = c.tripReturns[k];
    let distance = 0;
    let at = v.start;
    for (const j of [...jobs.map((x) => problem.jobs[x].location), v.end]) {
      distance += problem.distances[at * problem.size + j];
      at = j;
    }
    const duration = returnTime - departure;
    const cost = (k === 0 ? v.fixedCost : 0) + v.costPerDistance * distance + v.costPerDuration * (returnTime - from);
    out.push({
      jobs,
      sched: {
        distance,
        duration,
        departure,
        returnTime,
        cost,
        arrivals: sched.arrivals.slice(a, b),
        serviceStarts: sched.serviceStarts.slice(a, b),
        departures: sched.departures.slice(a, b),
        loads: sched.loads.slice(a, b),
      },
    });
  }
  return out;
}
