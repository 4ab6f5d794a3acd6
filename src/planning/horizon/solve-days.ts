/**
 * Solving a schedule: the rows each day's plan gets under a visit pattern (parcels of demand day d move to their
 * visit day; cold items stay on their own day) and one daily plan per day with parcels.
 */
import type { DemandRow } from '../../model/types.ts';
import type { DayPlanDetail } from '../day/types.ts';
import { waitFor, type HorizonContext } from './context.ts';
import type { Pattern } from './types.ts';
import type { DayRunner } from './day-pool.ts';
import type { BusChoice } from '../day/bus-choice.ts';

/** Plans of days 0..days (index 0 unused, null on a day without parcels). */
export type DayPlans = Array<DayPlanDetail | null>;

export function rowsForPattern(ctx: HorizonContext, pattern: Pattern): DemandRow[][] {
  const byDay: DemandRow[][] = Array.from({ length: ctx.days + 1 }, () => []);
  for (const s of ctx.stations) {
    const visits = pattern.get(s)!;
    const rows = ctx.rowsOf.get(s)!;
    for (const d of ctx.demandDays.get(s)!) {
      const v = waitFor(visits, d, ctx.days)!.visit;
      for (const r of rows[d]) if (!r.cold) byDay[v].push({ ...r, day: v });
    }
    for (const d of ctx.coldDays.get(s)!) for (const r of rows[d]) if (r.cold) byDay[d].push(r);
  }
  return byDay;
}

/**
 * Plan every day of a pattern with `runner` (in this thread or on the day threads: day-pool.ts); progress goes to
 * the slice [sliceStart, sliceEnd] of the whole horizon run.
 */
export async function solvePattern(
  ctx: HorizonContext,
  runner: DayRunner,
  pattern: Pattern,
  slice: [number, number],
): Promise<DayPlans> {
  const byDay = rowsForPattern(ctx, pattern);
  const { onProgress } = ctx.options;
  const [sliceStart, sliceEnd] = slice;
  const total = Math.max(1, byDay.filter((r, d) => d >= 1 && r.length > 0).length);
  let k = 0;
  const plans: Array<Promise<DayPlanDetail | null>> = [Promise.resolve(null)];
  for (let d = 1; d <= ctx.days; d++) {
    if (byDay[d].length === 0) {
      plans.push(Promise.resolve(null));
      continue;
    }
    const start = sliceStart + ((sliceEnd - sliceStart) * k++) / total;
    const width = (sliceEnd - sliceStart) / total;
    const progress = onProgress ? (f: number, c: number) => onProgress(start + f * width, c) : undefined;
    plans.push(runner.plan(d, byDay[d], progress, busChoiceOf(ctx, pattern, d)));
  }
  return Promise.all(plans);
}

/**
 * A candidate schedule's day rides the every-day plan's bus runs (that plan, planned with and without buses,
 * decided them): only stations whose visits the schedule leaves as every day (same rows that day); the others go
 * by van. Undefined while the every-day plan itself is planned, and without horizonBusReuse.
 */
function busChoiceOf(ctx: HorizonContext, pattern: Pattern, d: number): BusChoice[] | undefined {
  if (!ctx.everyDayBus || ctx.params.horizonBusReuse === 0) return undefined;
  const same = (s: string) => {
    const visits = pattern.get(s);
    const every = ctx.demandDays.get(s);
    return !!visits && !!every && visits.length === every.length && visits.every((v, k) => v === every[k]);
  };
  return ctx.everyDayBus[d].filter((c) => same(c.stationId));
}

export function costOf(plans: DayPlans): number {
  return plans.reduce((a, p) => a + (p ? p.exactCost : 0), 0);
}

export function unassignedOf(plans: DayPlans): number {
  return plans.reduce((a, p) => a + (p ? p.plan.kpis.stationsUnassigned : 0), 0);
}
