/**
 * Independent recomputation of a plan's bus legs from the plan JSON and bus_lines (shared by the bus tests).
 */
import type { Scenario } from '../../../src/model/types.ts';
import type { PlanResult } from '../../../src/planning/types.ts';
import { clock } from '../helpers.ts';

/** Independent recomputation of the bus legs of a plan. */
export function busProblems(scenario: Scenario, plan: PlanResult): string[] {
  const problems: string[] = [];
  const lines = new Map((scenario.busLines ?? []).map((l) => [l.id, l] as const));
  let cost = 0;
  for (const leg of plan.busLegs ?? []) {
    const line = lines.get(leg.line)!;
    const parcels = leg.stops.reduce((a, s) => a + s.parcels, 0);
    if (parcels > line.capacityParcels)
      problems.push(`${leg.line} ${leg.departure}: ${parcels} parcels > capacity ${line.capacityParcels}`);
    if (!line.departures.includes(leg.departure))
      problems.push(`${leg.line}: ${leg.departure} is not in the timetable`);
    if (clock(leg.departure) < clock(scenario.county.defaults.dayStart))
      problems.push(`${leg.line} ${leg.departure}: leaves before the parcels are ready`);
    for (const s of leg.stops) {
      const k = line.stops.indexOf(s.stopId);
      const expected = clock(leg.departure) + (line.minutes[k] + line.handoverMinutes) * 60;
      if (k < 1 || clock(s.arrival) !== expected)
        problems.push(`${s.stationId}: arrival ${s.arrival}, timetable says ${expected / 60} min`);
      if (clock(s.arrival) > clock(scenario.county.defaults.dayEnd))
        problems.push(`${s.stationId}: arrives after the day`);
      cost += s.parcels * line.pricePerParcel + s.kg * line.pricePerKg;
    }
  }
  if (Math.abs(cost - (plan.kpis.busCost ?? 0)) > 0.02)
    problems.push(`busCost ${plan.kpis.busCost}, recomputed ${cost}`);
  return problems;
}

/** Parcels down per station over van stops and bus legs. */
export function parcelsPerStation(plan: PlanResult): Map<string, number> {
  const out = new Map<string, number>();
  const add = (id: string, n: number) => out.set(id, (out.get(id) ?? 0) + n);
  for (const r of plan.routes) if (r.kind === 'delivery') for (const s of r.stops) add(s.stationId, s.parcelsDown);
  for (const leg of plan.busLegs ?? []) for (const s of leg.stops) add(s.stationId, s.parcels);
  return out;
}
