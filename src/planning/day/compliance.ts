/**
 * Phase 8, service-limit compliance: same-day stations must start service inside the working day; N-day stations
 * comply when served. An unassigned station counts as not compliant (the daily plan does not know whether
 * tomorrow's plan takes it).
 */
import { stationLimitDays } from '../common.ts';
import type { DayContext } from './context.ts';

/** Tolerance (seconds) on the working-day bounds: schedule times are sums of floats. */
const CLOCK_EPS = 1e-6;

export function unassignedStations(ctx: DayContext): Set<string> {
  return new Set(ctx.unassigned.map((u) => u.stationId).filter((id) => ctx.demand.has(id)));
}

export function compliantStations(ctx: DayContext): number {
  const unassigned = unassignedStations(ctx);
  let compliant = 0;
  for (const id of ctx.demand.keys()) {
    if (unassigned.has(id)) continue;
    const limit = stationLimitDays(ctx.scenario, ctx.placeById.get(id));
    const starts = ctx.serviceStartsByStation.get(id) ?? [];
    if (limit > 0 || starts.every((t) => t >= ctx.dayStart - CLOCK_EPS && t <= ctx.dayEnd + CLOCK_EPS)) compliant++;
  }
  return compliant;
}
