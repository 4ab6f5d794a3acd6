/**
 * Phase 7, delivery: one engine problem per depot (stations are pinned to their depot, so per-depot problems are the
 * same optimisation as one multi-depot problem with a per-depot skill, and smaller). With several trips allowed the
 * engine plans them (engine-trips.ts, lunch breaks placed by engine-breaks.ts); with PlanParams.engineTrips = 0, or
 * when a break fits no gap of the engine's trips, the depot is solved in trip rounds (trips.ts): jobs left for lack
 * of vehicles ('fleet', 'capacity') go to the next round, up to maxTrips rounds.
 */
import type { Problem, Solution } from '../../solver/types.ts';
import type { CheckResult } from '../../solver/check.ts';
import { routeSchedules } from '../common.ts';
import { fail, nextVehicleId, rowsAt, type DayContext } from './context.ts';
import { depotJobs } from './delivery-jobs.ts';
import { runEngine } from './engine.ts';
import { toPlanRoute } from './plan-route.ts';
import { reasonText } from './reasons.ts';
import { hubsWithJobs, type TimeBudget } from './time-budget.ts';
import { physicalFleet, roundFleet, type Physical, type RoundFleet } from './trips.ts';
import type { JobInfo } from './types.ts';
import { placeBreaks, workReason } from './working-time-plan.ts';
import { recordTrip } from './working-time.ts';
import { planDepotTrips } from './engine-trips.ts';

/** Delivery routes of every depot with stations, the warehouse first. */
export async function planDeliveries(ctx: DayContext, budget: TimeBudget): Promise<void> {
  for (const depot of [ctx.warehouse.id, ...hubsWithJobs(ctx)]) {
    const specs = ctx.jobsByDepot.get(depot);
    if (specs && specs.length > 0) await planDepot(ctx, budget, depot, specs.length);
  }
}

async function planDepot(ctx: DayContext, budget: TimeBudget, depot: string, specCount: number): Promise<void> {
  const depotRows = rowsAt(ctx, depot);
  const { matrix, jobs, jobInfo } = depotJobs(ctx, depot, ctx.jobsByDepot.get(depot)!, depotRows);
  // Trips in the engine (the schedule places lunch breaks); greedy rounds when PlanParams.engineTrips is 0 or a
  // break fits no vehicle-day of the engine's trips (working-time.ts then places the break between rounds).
  const engine = ctx.params.engineTrips === 1 && ctx.params.maxTrips > 1;
  if (engine && (await planDepotTrips(ctx, budget, depot, depotRows, { matrix, jobs, jobInfo }, specCount))) return;
  const physical = physicalFleet(depotRows);
  const maxTrips = ctx.params.maxTrips;
  let pending = jobs.map((_, j) => j);
  for (let trip = 1; trip <= maxTrips && pending.length > 0; trip++) {
    const fleet = roundFleet(ctx, depot, depotRows, physical, trip);
    if (!fleet) break;
    const roundInfo = pending.map((j) => jobInfo[j]);
    const problem: Problem = { ...matrix, vehicles: fleet.vehicles, jobs: pending.map((j) => jobs[j]) };
    const name = `depot ${depot}${trip > 1 ? ` trip ${trip}` : ''}`;
    const seconds = budget.roundTime(specCount, trip, problem.jobs.length / Math.max(1, jobs.length));
    const { solution, checked } = await runEngine(ctx, budget, name, problem, seconds);
    ctx.runs.push({ name, depot, kind: 'delivery', problem, solution, jobInfo: roundInfo, checked });
    recordRoutes(ctx, { problem, solution, checked, roundInfo, fleet, depot, trip });
    const retry: number[] = [];
    for (const u of solution.unassigned) {
      const original = pending[u.job];
      const info = jobInfo[original];
      if (trip < maxTrips && (u.reason === 'fleet' || u.reason === 'capacity')) retry.push(original);
      else {
        const reason = workReason(depotRows, u.reason);
        fail(ctx, info.placeId, reason, reasonText(reason, info.part, depot, u.detail));
      }
    }
    pending = retry;
  }
  placeBreaks(ctx, depot, physical);
  for (const j of pending) {
    const info = jobInfo[j];
    fail(
      ctx,
      info.placeId,
      'fleet',
      reasonText('fleet', info.part, depot, `still unserved after ${maxTrips} trips per vehicle`),
    );
  }
}

interface Round {
  problem: Problem;
  solution: Solution;
  checked: CheckResult;
  roundInfo: JobInfo[];
  fleet: RoundFleet;
  depot: string;
  trip: number;
}

/** The round's routes into the plan: owners' trips and ready times, service starts per station, costs. */
function recordRoutes(ctx: DayContext, round: Round): void {
  const { problem, solution, roundInfo, fleet, depot, trip } = round;
  const perType = new Map<number, number>();
  const schedules = routeSchedules(problem, solution, round.checked);
  for (const [ri, r] of solution.routes.entries()) {
    if (r.jobs.length === 0) continue;
    const k = perType.get(r.vehicle) ?? 0;
    perType.set(r.vehicle, k + 1);
    const owner: Physical = fleet.owners[r.vehicle](k);
    const sched = schedules[ri];
    ctx.exactCost += sched.cost;
    if (!owner.used) {
      owner.used = true;
      owner.id = nextVehicleId(ctx, owner.row.id);
    }
    owner.trips++;
    owner.readyAt = recordTrip(owner.row, owner.work, sched.departure, sched.returnTime, sched.distance);
    r.jobs.forEach((j, pos) => {
      const id = roundInfo[j].placeId;
      let list = ctx.serviceStartsByStation.get(id);
      if (!list) ctx.serviceStartsByStation.set(id, (list = []));
      list.push(sched.serviceStarts[pos]);
    });
    const route = toPlanRoute(problem, r.jobs, sched, roundInfo, {
      row: owner.row,
      depot,
      kind: 'delivery',
      vehicleId: owner.id,
    });
    if (owner.trips > 1 || trip > 1) route.trip = owner.trips;
    ctx.routes.push(route);
  }
}
