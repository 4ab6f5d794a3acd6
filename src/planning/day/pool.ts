/**
 * Phase 1, pooling: all carriers' parcels for a station form ONE job (one stop); the station's cold-chain rows form a
 * second job at the same place that only a cold vehicle may take (demand.ts does the aggregation).
 */
import type { DemandRow, Scenario } from '../../model/types.ts';
import { aggregateDemand, type StationDemand } from '../demand.ts';
import type { PlanDayOptions } from './types.ts';

/** The rows the day plans: options.rows, else the scenario's rows of `day`; only options.carriers when given. */
export function dayRows(scenario: Scenario, day: number, options: PlanDayOptions): DemandRow[] {
  let rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  if (!options.rows && rows.length === 0) {
    const days = [...new Set(scenario.demand.map((r) => r.day))].sort((a, b) => a - b);
    throw new Error(
      `no demand on day ${day}: demand.csv has rows for ${days.length ? `days ${days.join(', ')}` : 'no day at all'}`,
    );
  }
  if (options.carriers) {
    const keep = new Set(options.carriers);
    rows = rows.filter((r) => keep.has(r.carrierId));
  }
  return rows;
}

/** Station → pooled demand (normal and cold load, parcels per carrier), stations with parcels only. */
export function poolDemand(scenario: Scenario, day: number, options: PlanDayOptions): Map<string, StationDemand> {
  return aggregateDemand(dayRows(scenario, day, options));
}
