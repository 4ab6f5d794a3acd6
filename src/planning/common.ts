/**
 * Small helpers shared by the county planners (day, compare, horizon, upstream): service limits, fleet rows →
 * engine vehicle types, route schedules, KPIs and rounding. No I/O.
 */
import type { FleetRow, Place, Scenario } from '../model/types.ts';
import type { TravelMatrix } from '../network/types.ts';
import type { Problem, Solution, VehicleType } from '../solver/types.ts';
import { check, type CheckedRoute, type CheckResult } from '../solver/check.ts';
import type { PlanKpis, PlanResult, PlanRoute } from './types.ts';
import { parseClock } from '../util/time.ts';
import { KG, PARCELS, parcelsOf } from './demand.ts';

/** Seconds from place a to place b by their ids in the matrix; Infinity when either is not in it. */
export function secondsBetween(matrix: TravelMatrix): (a: string, b: string) => number {
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const n = matrix.size;
  return (a, b) => {
    const i = index.get(a);
    const j = index.get(b);
    return i === undefined || j === undefined ? Infinity : matrix.durationS[i * n + j];
  };
}

/** Engine skill of a cold-chain vehicle / cold job. */
export const COLD_SKILL = 1;

/** Service limit (days) of a station: the place override, else the county default. */
export function stationLimitDays(scenario: Scenario, place: Place | undefined): number {
  if (place && place.serviceLimitDays !== null && place.serviceLimitDays !== undefined) return place.serviceLimitDays;
  return scenario.county.defaults.serviceLimitDays;
}

/** Seconds at a stop: base + per parcel (down and up). */
export function serviceSeconds(scenario: Scenario, parcels: number): number {
  const d = scenario.county.defaults;
  return Math.round((d.serviceMinutesBase + d.serviceMinutesPerParcel * parcels) * 60);
}

/** The fleet a shared plan uses by default: rows without a carrier; all rows when every row belongs to a carrier. */
export function sharedFleet(scenario: Scenario): FleetRow[] {
  const shared = scenario.fleet.filter((f) => !f.carrierId);
  return shared.length > 0 ? shared : scenario.fleet;
}

export function isTrunk(row: FleetRow): boolean {
  return row.type === 'trunk';
}

/** Engine vehicle type of a fleet row (costs per metre and per second, as the engine wants). */
export function vehicleType(row: FleetRow, location: number, twStartOverride?: number): VehicleType {
  const shiftStart = parseClock(row.shiftStart);
  return {
    id: row.id,
    start: location,
    end: location,
    capacity: dims(row.capacityParcels, row.capacityKg),
    skills: row.cold ? [COLD_SKILL] : [],
    twStart: Math.max(shiftStart, twStartOverride ?? shiftStart),
    twEnd: parseClock(row.shiftEnd),
    maxDuration: Infinity,
    maxDistance: row.maxKm === null || row.maxKm === undefined ? Infinity : row.maxKm * 1000,
    fixedCost: row.fixedCost,
    costPerDistance: row.costPerKm / 1000,
    costPerDuration: row.costPerHour / 3600,
    count: row.count,
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** An engine load vector: [PARCELS, KG]. */
export function dims(parcels: number, kg: number): number[] {
  const v: number[] = [];
  v[PARCELS] = parcels;
  v[KG] = kg;
  return v;
}

/**
 * Schedule of one engine route (see routeSchedules): the checker's recomputed fields (loads are [parcels, kg]
 * on board after each job) plus each job's departure.
 */
export type RouteSchedule = Pick<
  CheckedRoute,
  'distance' | 'duration' | 'departure' | 'returnTime' | 'arrivals' | 'serviceStarts' | 'loads' | 'cost'
> & {
  /** Per job: service start + service duration. */
  departures: number[];
};

/**
 * Schedules of a solution's routes, aligned with solution.routes. They come from the engine checker's
 * independent recomputation (arrival = previous departure + travel), so the times and costs a plan shows
 * are the ones the checker verified.
 */
export function routeSchedules(
  problem: Problem,
  solution: Solution,
  checked: CheckResult = check(problem, solution),
): RouteSchedule[] {
  return checked.routes.map((c, i) => {
    const jobs = solution.routes[i].jobs;
    return {
      distance: c.distance,
      duration: c.duration,
      departure: c.departure,
      returnTime: c.returnTime,
      arrivals: c.arrivals,
      serviceStarts: c.serviceStarts,
      departures: c.serviceStarts.map((start, k) => start + problem.jobs[jobs[k]].service),
      loads: c.loads,
      cost: c.cost,
    };
  });
}

/** KPIs of a set of routes (DESIGN.md §7). Parcels are counted on delivery routes only (trunk legs carry the same parcels). */
export function computeKpis(
  routes: PlanRoute[],
  stationsWithParcels: number,
  stationsUnassigned: number,
  stationsCompliant: number,
  /** Unrounded Σ of route costs (routes carry costs rounded to 0.01); defaults to Σ route.cost. */
  exactCost?: number,
): PlanKpis {
  let totalCost = 0;
  let km = 0;
  let hours = 0;
  const vehicles = new Set<string>();
  let parcelsDown = 0;
  let parcelsUp = 0;
  for (const r of routes) {
    totalCost += r.cost;
    km += r.km;
    hours += r.hours;
    if (r.stops.length > 0) vehicles.add(r.vehicle);
    if (r.kind === 'delivery') {
      for (const s of r.stops) {
        parcelsDown += s.parcelsDown;
        parcelsUp += s.parcelsUp;
      }
    }
  }
  if (exactCost !== undefined) totalCost = exactCost;
  return kpisFromTotals({
    totalCost,
    km,
    hours,
    vehiclesUsed: vehicles.size,
    stationsServed: stationsWithParcels - stationsUnassigned,
    stationsUnassigned,
    compliant: stationsCompliant,
    considered: stationsWithParcels,
    parcelsDown,
    parcelsUp,
  });
}

/**
 * Totals → PlanKpis: the one place where the derived KPIs (cost per parcel, compliance share) and their
 * rounding are defined (DESIGN.md §7). `compliant` / `considered` give serviceCompliance (1 when nothing is due).
 */
export function kpisFromTotals(t: {
  totalCost: number;
  km: number;
  hours: number;
  vehiclesUsed: number;
  stationsServed: number;
  stationsUnassigned: number;
  compliant: number;
  considered: number;
  parcelsDown: number;
  parcelsUp: number;
  /** Bus legs' cost, already part of totalCost. */
  busCost?: number;
}): PlanKpis {
  const parcels = parcelsOf(t);
  return {
    totalCost: round(t.totalCost),
    costPerParcel: parcels > 0 ? round(t.totalCost / parcels, 3) : 0,
    km: round(t.km, 3),
    hours: round(t.hours, 3),
    vehiclesUsed: t.vehiclesUsed,
    stationsServed: t.stationsServed,
    stationsUnassigned: t.stationsUnassigned,
    serviceCompliance: t.considered > 0 ? round(t.compliant / t.considered, 4) : 1,
    parcelsDown: t.parcelsDown,
    parcelsUp: t.parcelsUp,
    busCost: round(t.busCost ?? 0),
  };
}

/** The plan of a day with nothing to deliver (e.g. a day the periodic schedule leaves empty). */
export function emptyPlan(day: number, estimatedTravel: boolean): PlanResult {
  return {
    day,
    mode: 'shared',
    estimatedTravel,
    routes: [],
    unassigned: [],
    check: { feasible: true, violations: [] },
    kpis: kpisFromTotals({
      totalCost: 0,
      km: 0,
      hours: 0,
      vehiclesUsed: 0,
      stationsServed: 0,
      stationsUnassigned: 0,
      compliant: 0,
      considered: 0,
      parcelsDown: 0,
      parcelsUp: 0,
    }),
  };
}
