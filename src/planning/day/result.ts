/**
 * Phase 9, the plan: the checker's verdict over every engine run (already made once per run by engine.ts, which
 * also checked the engine's cost against it), routes trunk-first, and the KPIs (DESIGN.md §7).
 */
import type { PlanResult } from '../types.ts';
import { computeKpis, kpisFromTotals } from '../common.ts';
import type { DayContext } from './context.ts';
import { compliantStations, unassignedStations } from './compliance.ts';
import type { DayPlanDetail } from './types.ts';
import { checkVehicleDays } from './vehicle-days.ts';

export function checkerVerdict(ctx: DayContext): { feasible: boolean; violations: string[] } {
  const violations: string[] = [];
  let feasible = true;
  for (const run of ctx.runs) {
    if (!run.checked.feasible) feasible = false;
    for (const v of run.checked.violations) violations.push(`${run.name}: ${v}`);
  }
  // Trips of one vehicle are separate engine routes: their day is checked from the plan routes.
  const days = checkVehicleDays(ctx.routes, [...ctx.deliveryRows]);
  if (days.length > 0) feasible = false;
  violations.push(...days);
  return { feasible, violations };
}

export function dayResult(ctx: DayContext): DayPlanDetail {
  const routes = ctx.routes.slice().sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'trunk' ? -1 : 1));
  const plan: PlanResult = {
    day: ctx.day,
    mode: 'shared',
    estimatedTravel: ctx.matrix.estimated,
    kpis: withBus(
      ctx,
      computeKpis(routes, ctx.demand.size, unassignedStations(ctx).size, compliantStations(ctx), ctx.exactCost),
    ),
    routes,
    unassigned: ctx.unassigned,
    busLegs: ctx.busLegs,
    check: checkerVerdict(ctx),
  };
  if (ctx.notes.length > 0) plan.notes = [...ctx.notes];
  const exactCost = ctx.exactCost + ctx.busCost;
  return { plan, runs: ctx.runs, matrix: ctx.matrix, assignment: ctx.assignment, exactCost };
}

/** The van KPIs plus the bus legs: their price in totalCost and busCost, their parcels in parcelsDown. */
function withBus(ctx: DayContext, k: ReturnType<typeof computeKpis>): ReturnType<typeof computeKpis> {
  const busParcels = ctx.busLegs.reduce((a, l) => a + l.stops.reduce((b, s) => b + s.parcels, 0), 0);
  return kpisFromTotals({
    ...k,
    totalCost: ctx.exactCost + ctx.busCost,
    busCost: ctx.busCost,
    parcelsDown: k.parcelsDown + busParcels,
    compliant: k.serviceCompliance * (k.stationsServed + k.stationsUnassigned),
    considered: k.stationsServed + k.stationsUnassigned,
  });
}
