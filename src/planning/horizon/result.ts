/** The horizon result: per station its visit days and longest wait, per day the KPIs and routes of the kept plans. */
import type { HorizonResult, HorizonStation } from '../types.ts';
import { round } from '../common.ts';
import { waitFor, type HorizonContext } from './context.ts';
import { costOf, type DayPlans } from './solve-days.ts';
import type { Best } from './index.ts';
import type { HorizonDetail } from './types.ts';

export function horizonDetail(ctx: HorizonContext, best: Best, everyDayPlans: DayPlans, chosen: string): HorizonDetail {
  const stations: HorizonStation[] = ctx.stations
    .map((s) => {
      const pattern = best.pattern.get(s)!;
      const maxWait = Math.max(0, ...ctx.demandDays.get(s)!.map((d) => waitFor(pattern, d, ctx.days)!.wait));
      const visits = [...new Set([...pattern, ...ctx.coldDays.get(s)!])].sort((a, b) => a - b);
      return { stationId: s, visitDays: visits, maxWaitDays: maxWait, limitDays: ctx.limitOf.get(s)! };
    })
    .sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0));
  const horizon: HorizonResult = {
    days: ctx.days,
    totalCost: round(best.cost),
    everyDayCost: round(costOf(everyDayPlans)),
    stations,
    // Every day keeps its routes, so any day of the horizon can be shown and dispatched, not only the planned one.
    perDay: best.plans.flatMap((p, d) =>
      p ? [{ day: d, kpis: p.plan.kpis, routes: p.plan.routes, unassigned: p.plan.unassigned }] : [],
    ),
  };
  return {
    horizon,
    dayPlans: best.plans.slice(1).map((p) => (p ? p.plan : null)),
    everyDayPlans: everyDayPlans.slice(1).map((p) => (p ? p.plan : null)),
    periodicKept: chosen !== 'every-day',
    strategy: chosen,
  };
}
