/**
 * The typed context of the periodic plan: the horizon's demand per station and day, the stations' limits, their
 * depots (from the every-day plan) and the depots' capacities. Phases (every-day, sweep/aligned, greedy, result)
 * read it.
 */
import type { DemandRow, FleetRow, Place, Scenario } from '../../model/types.ts';
import type { TravelMatrix } from '../../network/types.ts';
import { addRow, emptyLoad, hasParcels, type Load } from '../demand.ts';
import { isTrunk, sharedFleet, stationLimitDays } from '../common.ts';
import { planParams, type PlanParams } from '../params.ts';
import type { HorizonOptions } from './types.ts';
import type { SolveCache } from '../day/solve-cache.ts';
import type { BusChoice } from '../day/bus-choice.ts';

export interface HorizonContext {
  scenario: Scenario;
  days: number;
  options: HorizonOptions;
  params: PlanParams;
  matrix: TravelMatrix;
  index: Map<string, number>;
  placeById: Map<string, Place>;
  fleet: FleetRow[];
  /** Stations with parcels in the horizon. */
  stations: string[];
  /** Station → [day] → its rows (index 0 unused). */
  rowsOf: Map<string, DemandRow[][]>;
  /** Days with ambient parcels (the ones visit patterns move) and days with cold items (never held back). */
  demandDays: Map<string, number[]>;
  coldDays: Map<string, number[]>;
  limitOf: Map<string, number>;
  /** Station → depot of its normal part (filled from the every-day plan). */
  depotOf: Map<string, string>;
  /** Per day (index 0 unused): engine solutions by problem, shared by the candidate schedules' plans of that day. */
  solveCaches: SolveCache[];
  /** Per day: the bus stations of the every-day plan (null until it is planned; [] without bus lines or choice). */
  everyDayBus: BusChoice[][] | null;
}

export function createHorizonContext(
  scenario: Scenario,
  days: number,
  options: HorizonOptions,
  matrix: TravelMatrix,
): HorizonContext {
  const carriers = options.carriers ? new Set(options.carriers) : null;
  const rowsOf = new Map<string, DemandRow[][]>();
  for (const r of scenario.demand) {
    if (r.day < 1 || r.day > days) continue;
    if (carriers && !carriers.has(r.carrierId)) continue;
    if (!hasParcels(r)) continue;
    let perDay = rowsOf.get(r.stationId);
    if (!perDay) rowsOf.set(r.stationId, (perDay = Array.from({ length: days + 1 }, () => [])));
    perDay[r.day].push(r);
  }
  if (rowsOf.size === 0) throw new Error(`horizon: no parcels in days 1–${days} of demand.csv`);
  const stations = [...rowsOf.keys()];
  const placeById = new Map(scenario.places.map((p) => [p.id, p] as const));
  const daysWith = (s: string, cold: boolean) =>
    rowsOf.get(s)!.flatMap((rows, d) => (rows.some((r) => r.cold === cold) ? [d] : []));
  return {
    scenario,
    days,
    options,
    matrix,
    placeById,
    rowsOf,
    stations,
    params: planParams({ ...options.params, timeLimit: options.timeLimit, maxTrips: options.maxTrips }),
    index: new Map(matrix.ids.map((id, i) => [id, i] as const)),
    fleet: options.fleet ?? sharedFleet(scenario),
    demandDays: new Map(stations.map((s) => [s, daysWith(s, false)] as const)),
    coldDays: new Map(stations.map((s) => [s, daysWith(s, true)] as const)),
    limitOf: new Map(stations.map((s) => [s, stationLimitDays(scenario, placeById.get(s))] as const)),
    depotOf: new Map(),
    solveCaches: Array.from({ length: days + 1 }, () => new Map()),
    everyDayBus: null,
  };
}

/** Largest vehicle of a depot, and horizonFleetUtilisation of its daily fleet capacity ([parcels, kg]). */
export function capacityAt(
  ctx: HorizonContext,
  depot: string,
): { maxP: number; maxK: number; dayP: number; dayK: number } {
  const rows = ctx.fleet.filter((f) => !isTrunk(f) && f.depotId === depot && f.count > 0);
  const u = ctx.params.horizonFleetUtilisation;
  return {
    maxP: Math.max(0, ...rows.map((r) => r.capacityParcels)),
    maxK: Math.max(0, ...rows.map((r) => r.capacityKg)),
    dayP: u * rows.reduce((a, r) => a + r.count * r.capacityParcels, 0),
    dayK: u * rows.reduce((a, r) => a + r.count * r.capacityKg, 0),
  };
}

/** Ambient load of a station on a demand day. */
export function loadOfDay(ctx: HorizonContext, s: string, d: number): Load {
  const load = emptyLoad();
  for (const r of ctx.rowsOf.get(s)![d]) if (!r.cold) addRow(load, r);
  return load;
}

/** Visit day of demand day d under the cyclic pattern: the first visit v with (v − d) mod days minimal. */
export function waitFor(visits: number[], d: number, days: number): { visit: number; wait: number } | null {
  let best: { visit: number; wait: number } | null = null;
  for (const v of visits) {
    const wait = (((v - d) % days) + days) % days;
    if (!best || wait < best.wait) best = { visit: v, wait };
  }
  return best;
}

/** Accumulated ambient load per visit day; null when some parcel would wait beyond the station's limit. */
export function visitLoads(ctx: HorizonContext, s: string, visits: number[]): Map<number, Load> | null {
  const acc = new Map<number, Load>();
  for (const d of ctx.demandDays.get(s)!) {
    const w = waitFor(visits, d, ctx.days);
    if (!w || w.wait > ctx.limitOf.get(s)!) return null;
    const l = loadOfDay(ctx, s, d);
    const a = acc.get(w.visit) ?? emptyLoad();
    acc.set(w.visit, {
      parcelsDown: a.parcelsDown + l.parcelsDown,
      kgDown: a.kgDown + l.kgDown,
      parcelsUp: a.parcelsUp + l.parcelsUp,
      kgUp: a.kgUp + l.kgUp,
      byCarrier: {},
    });
  }
  return acc;
}

/** Every visit's load fits the largest vehicle of the station's depot (and no wait exceeds the limit). */
export function fitsVehicle(ctx: HorizonContext, s: string, visits: number[]): boolean {
  const loads = visitLoads(ctx, s, visits);
  if (!loads) return false;
  const cap = capacityAt(ctx, ctx.depotOf.get(s)!);
  for (const l of loads.values()) {
    if (Math.max(l.parcelsDown, l.parcelsUp) > cap.maxP || Math.max(l.kgDown, l.kgUp) > cap.maxK) return false;
  }
  return true;
}

/** Days offset, offset + period, … within the horizon. */
export function periodicDays(offset: number, period: number, days: number): number[] {
  const out: number[] = [];
  for (let v = offset; v <= days; v += period) out.push(v);
  return out;
}

/** A copy of a pattern. */
export function copyPattern(p: Map<string, number[]>): Map<string, number[]> {
  return new Map([...p].map(([s, v]) => [s, v.slice()] as const));
}
