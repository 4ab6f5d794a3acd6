/**
 * Phase 6, trunk run: one engine problem warehouse → hubs with the 'trunk' fleet rows. A hub's job delivers the parcels
 * of its stations and picks up the produce its routes collect (carried back on the next run: produce waits overnight
 * at the hub; the day's pick-up volume stands in for the previous day's). Unloading at a hub takes
 * serviceMinutesBase; hub vans may leave at trunk service end + transferMinutes. A hub the trunk cannot supply hands
 * its stations to the warehouse and the trunk is planned again without it (up to trunkAttempts); only the kept
 * attempt is in the plan.
 */
import type { Job, Problem } from '../../solver/types.ts';
import { addLoad, emptyLoad, splitLoad } from '../demand.ts';
import { dims, routeSchedules, vehicleType } from '../common.ts';
import { fail, nextVehicleId, pushJob, reach, subMatrix, warehouseUsable, type DayContext } from './context.ts';
import { runEngine } from './engine.ts';
import { toPlanRoute } from './plan-route.ts';
import { hubsWithJobs, type TimeBudget } from './time-budget.ts';
import type { JobInfo } from './types.ts';

export async function planTrunk(ctx: DayContext, budget: TimeBudget): Promise<void> {
  let trunkHubs = hubsWithJobs(ctx);
  const attempts = ctx.params.trunkAttempts;
  for (let attempt = 1; attempt <= attempts && trunkHubs.length > 0; attempt++) {
    const { problem, jobInfo } = trunkProblem(ctx, trunkHubs);
    const seconds = attempt === 1 ? budget.trunkTime : Math.min(ctx.params.trunkRetrySeconds, budget.trunkTime);
    const { solution, checked } = await runEngine(ctx, budget, 'trunk', problem, seconds);
    const failedHubs = new Map<string, string>();
    for (const u of solution.unassigned)
      failedHubs.set(jobInfo[u.job].placeId, u.reason + (u.detail ? `: ${u.detail}` : ''));
    if (failedHubs.size > 0 && attempt < attempts) {
      for (const [h, why] of failedHubs) handToWarehouse(ctx, h, why);
      trunkHubs = trunkHubs.filter((h) => !failedHubs.has(h));
      budget.costSoFar -= solution.cost;
      continue;
    }
    ctx.runs.push({ name: 'trunk', depot: ctx.warehouse.id, kind: 'trunk', problem, solution, jobInfo, checked });
    const schedules = routeSchedules(problem, solution, checked);
    solution.routes.forEach((r, ri) => {
      if (r.jobs.length === 0) return;
      const sched = schedules[ri];
      ctx.exactCost += sched.cost;
      r.jobs.forEach((j, pos) => {
        const h = jobInfo[j].placeId;
        const ready = sched.departures[pos] + ctx.scenario.county.defaults.transferMinutes * 60;
        ctx.hubReady.set(h, Math.max(ctx.hubReady.get(h) ?? 0, ready));
      });
      const row = ctx.trunkRows[r.vehicle];
      ctx.routes.push(
        toPlanRoute(problem, r.jobs, sched, jobInfo, {
          row,
          depot: ctx.warehouse.id,
          kind: 'trunk',
          vehicleId: nextVehicleId(ctx, row.id),
        }),
      );
    });
    for (const [h, why] of failedHubs) handToWarehouse(ctx, h, why);
    break;
  }
}

/** The trunk problem over the given hubs: each hub's total load in chunks of at most 1/trunkChunks of the largest trunk. */
function trunkProblem(ctx: DayContext, trunkHubs: string[]): { problem: Problem; jobInfo: JobInfo[] } {
  const rows = ctx.trunkRows;
  const capP = Math.max(...rows.map((r) => r.capacityParcels));
  const capK = Math.max(...rows.map((r) => r.capacityKg));
  const chunks = ctx.params.trunkChunks;
  const jobs: Job[] = [];
  const jobInfo: JobInfo[] = [];
  trunkHubs.forEach((h, k) => {
    const total = emptyLoad();
    for (const spec of ctx.jobsByDepot.get(h)!) addLoad(total, spec.load);
    for (const part of splitLoad(total, Math.max(1, Math.floor(capP / chunks)), capK / chunks)) {
      jobs.push({
        id: `${h}#${jobs.length + 1}`,
        location: k + 1,
        delivery: dims(part.parcelsDown, part.kgDown),
        pickup: dims(part.parcelsUp, part.kgUp),
        service: Math.round(ctx.scenario.county.defaults.serviceMinutesBase * 60),
        timeWindows: [],
        skills: [],
        priority: 0,
      });
      jobInfo.push({ placeId: h, part: 'trunk', load: part });
    }
  });
  const problem: Problem = {
    ...subMatrix(ctx, [ctx.warehouse.id, ...trunkHubs]),
    vehicles: rows.map((r) => vehicleType(r, 0)),
    jobs,
  };
  return { problem, jobInfo };
}

/** A hub the trunk cannot supply: its default stations go to the warehouse, the others are unassigned. */
function handToWarehouse(ctx: DayContext, h: string, why: string): void {
  for (const spec of ctx.jobsByDepot.get(h) ?? []) {
    const pinned = ctx.options.assignment?.[spec.stationId] === h;
    if (!pinned && warehouseUsable(ctx) && reach(ctx, ctx.warehouse.id, spec.stationId)) {
      ctx.assignment.set(spec.stationId, ctx.warehouse.id);
      pushJob(ctx, ctx.warehouse.id, spec);
    } else {
      fail(ctx, spec.stationId, 'no_trunk', `the trunk run cannot supply hub ${h} (${why})`);
    }
  }
  ctx.jobsByDepot.delete(h);
}
