/**
 * Trips inside the engine (VehicleType.maxTrips, src/solver/reload.ts): one solve per depot where each vehicle-day
 * is one engine route with reloads at the depot, so the first trip is planned knowing the van may go out again,
 * and one fixed cost is paid per vehicle-day. Each trip becomes its own PlanRoute (same vehicle id, trip 1, 2, …).
 * A trip's hours run from its departure to its return; its cost also pays the reload before it (reloading is
 * working time, as in the engine's objective), so the trips' costs add up to the engine route's cost. A vehicle's
 * lunch break is placed by the schedule at the depot (engine-breaks.ts).
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
import type { PlanRoute } from '../types.ts';

type PlanBreak = NonNullable<PlanRoute['break']>;
import type { TimeBudget } from './time-budget.ts';
import { workReason } from './working-time-plan.ts';
import { breakReserve, placeEngineBreak, type DayWithBreak, type Trip } from './engine-breaks.ts';
import { formatClock } from '../../util/time.ts';

/**
 * Engine vehicle type of a fleet row with the day's trips; max_work_minutes and max_km are per vehicle-day. A row
 * with a lunch break has its shift end moved earlier by the break, room for the schedule to place it at a reload
 * (engine-breaks.ts); its maximum duration is not shortened (a break before the first or after the last trip is
 * outside the working day).
 */
export function multiTripType(ctx: DayContext, row: FleetRow, ready: number | undefined): VehicleType {
  const v = vehicleType(row, 0, ready);
  const reserve = breakReserve(row);
  return {
    ...v,
    twEnd: v.twEnd - reserve,
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

interface VehicleDay {
  row: FleetRow;
  day: DayWithBreak;
}

/**
 * Solve the depot's jobs with engine trips and record every trip and every unassigned station. Returns false (and
 * records nothing but a note) when a vehicle's lunch break cannot be placed in its trips: the caller then plans the
 * depot in greedy rounds.
 */
export async function planDepotTrips(
  ctx: DayContext,
  budget: TimeBudget,
  depot: string,
  rows: FleetRow[],
  d: DepotJobs,
  specCount: number,
): Promise<boolean> {
  const hubReady = ctx.hubReady.get(depot);
  const problem: Problem = { ...d.matrix, vehicles: rows.map((r) => multiTripType(ctx, r, hubReady)), jobs: d.jobs };
  const name = `depot ${depot}`;
  const { solution, checked } = await runEngine(ctx, budget, name, problem, budget.depotTime(specCount));
  const schedules = routeSchedules(problem, solution, checked);
  const days: VehicleDay[] = [];
  for (const [ri, r] of solution.routes.entries()) {
    if (r.jobs.length === 0) continue;
    const row = rows[r.vehicle];
    const trips = splitTrips(problem, r, schedules[ri], checked.routes[ri]);
    const day = placeEngineBreak(problem.jobs, problem.vehicles[r.vehicle], row, trips);
    if (!day) {
      ctx.notes.push(
        `depot ${depot}: the lunch break of a ${row.id} vehicle fits no gap of its engine trips; trips planned in greedy rounds`,
      );
      return false;
    }
    days.push({ row, day });
  }
  ctx.runs.push({ name, depot, kind: 'delivery', problem, solution, jobInfo: d.jobInfo, checked });
  for (const v of days) recordVehicleDay(ctx, problem, depot, d.jobInfo, v);
  for (const u of solution.unassigned) {
    const info = d.jobInfo[u.job];
    const reason = workReason(rows, u.reason);
    fail(ctx, info.placeId, reason, reasonText(reason, info.part, depot, u.detail));
  }
  return true;
}

/** A vehicle-day's trips into the plan: routes (trip 1, 2, …; the break on its host trip), service starts, cost. */
function recordVehicleDay(ctx: DayContext, problem: Problem, depot: string, jobInfo: JobInfo[], v: VehicleDay): void {
  const { trips, brk } = v.day;
  const vehicleId = nextVehicleId(ctx, v.row.id);
  trips.forEach((t, k) => {
    ctx.exactCost += t.sched.cost;
    t.jobs.forEach((j, pos) => {
      const id = jobInfo[j].placeId;
      const list = ctx.serviceStartsByStation.get(id) ?? [];
      list.push(t.sched.serviceStarts[pos]);
      ctx.serviceStartsByStation.set(id, list);
    });
    const route = toPlanRoute(problem, t.jobs, t.sched, jobInfo, { row: v.row, depot, kind: 'delivery', vehicleId });
    if (trips.length > 1) route.trip = k + 1;
    if (brk && brk.host === k) route.break = planBreak(brk, t, jobInfo, route);
    ctx.routes.push(route);
  });
}

/** The break as the plan shows it; a break on the way names the stop (station, 1-based position) it is taken at. */
function planBreak(brk: NonNullable<DayWithBreak['brk']>, t: Trip, jobInfo: JobInfo[], route: PlanRoute): PlanBreak {
  const out: PlanBreak = { start: formatClock(brk.start), end: formatClock(brk.end) };
  if (brk.afterJob === undefined) return out;
  const stationId = jobInfo[t.jobs[brk.afterJob]].placeId;
  const departure = formatClock(t.sched.departures[brk.afterJob]);
  const at = route.stops.findLastIndex((s) => s.stationId === stationId && s.departure === departure);
  return { ...out, stationId, afterStop: at + 1 };
}

/** An engine route with reloads → one schedule per trip (positions cut at the reloads). */
export function splitTrips(problem: Problem, r: RouteSolution, sched: RouteSchedule, c: CheckedRoute): Trip[] {
  const v = problem.vehicles[r.vehicle];
  const cuts = [0, ...(r.reloads ?? []), r.jobs.length];
  const out: Trip[] = [];
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
