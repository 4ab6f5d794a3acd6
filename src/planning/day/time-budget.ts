/**
 * Phase 5, time budget: the trunk problem gets a small slice of the day's engine seconds (trunkTimeShare, at most
 * trunkTimeMax), the depots share the rest by job count. Progress is reported over the whole day's budget.
 */
import type { DayContext } from './context.ts';

export interface TimeBudget {
  /** Engine seconds of the (first) trunk solve; 0 when no hub has stations. */
  trunkTime: number;
  /** Engine seconds of a depot with `jobs` job specs. */
  depotTime(jobs: number): number;
  /** Engine seconds of trip round `trip` of a depot with `jobs` specs, `pendingShare` of its jobs still unplanned. */
  roundTime(jobs: number, trip: number, pendingShare: number): number;
  /** Seconds spent and cost found so far (for progress). */
  spent: number;
  costSoFar: number;
  /** Day total used for progress fractions (1 when the time limit is 0). */
  total: number;
}

export function hubsWithJobs(ctx: DayContext): string[] {
  return ctx.hubs.map((h) => h.id).filter((h) => (ctx.jobsByDepot.get(h)?.length ?? 0) > 0);
}

export function planTimeBudget(ctx: DayContext): TimeBudget {
  const p = ctx.params;
  const totalTime = p.timeLimit;
  const trunkTime = hubsWithJobs(ctx).length > 0 ? Math.min(p.trunkTimeMax, p.trunkTimeShare * totalTime) : 0;
  const totalJobs = [...ctx.jobsByDepot.values()].reduce((a, l) => a + l.length, 0);
  const depotTime = (jobs: number) =>
    Math.max(p.minSolveSeconds, ((totalTime - trunkTime) * jobs) / Math.max(1, totalJobs));
  return {
    trunkTime,
    depotTime,
    roundTime: (jobs, trip, pendingShare) =>
      Math.max(p.minSolveSeconds, depotTime(jobs) * (trip === 1 ? p.firstTripShare : p.laterTripShare * pendingShare)),
    spent: 0,
    costSoFar: 0,
    total: totalTime > 0 ? totalTime : 1,
  };
}
