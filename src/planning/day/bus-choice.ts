/**
 * Which stations' parcels go by passenger bus (客运班车带货) instead of a van. Chosen from the day's plan WITHOUT buses:
 * a station is a candidate when a usable run's stop lies within the line's pickup radius, the bus arrives (departure +
 * minutes + handover) inside the working day, and what the vans save by dropping it from its route (priced from that
 * route: detour km, detour and service hours; the whole trip when it is the trip's only stop) exceeds the bus price.
 * Candidates go greedily, largest net saving first, to the earliest run with room. The orchestrator then plans again
 * with these stations on buses and keeps the cheaper of the two plans (the estimate ignores interactions).
 *
 * Limits (docs/planning.md): buses carry parcels down only (a station with produce to collect keeps its van), a
 * station's parcels ride one run (no splitting), cold items never ride a bus, and parcels are at the warehouse from
 * the start of the working day, so a usable line starts at the warehouse (or within its pickup radius of it).
 */
import type { BusLine, FleetRow, Place, Scenario } from '../../model/types.ts';
import type { TravelMatrix } from '../../network/types.ts';
import type { PlanResult, PlanRoute } from '../types.ts';
import type { StationDemand } from '../demand.ts';
import { serviceSeconds } from '../common.ts';
import { haversineM } from '../../network/geo.ts';
import { parseClock } from '../../util/time.ts';

export interface BusChoice {
  stationId: string;
  lineId: string;
  departure: string;
  /** Index of the bus stop on the line (≥ 1). */
  stopIndex: number;
}

export interface BusRun {
  line: BusLine;
  departure: string;
  departS: number;
}

/** Seconds since midnight at which the station keeper has the parcels: departure + minutes to stop k + handover. */
export function busArrival(line: BusLine, departS: number, k: number): number {
  return departS + (line.minutes[k] + line.handoverMinutes) * 60;
}

/** Price of a station's parcels on a line. */
export function busPrice(line: BusLine, parcels: number, kg: number): number {
  return parcels * line.pricePerParcel + kg * line.pricePerKg;
}

/** Runs the plan may use: lines starting at (or within pickup radius of) the warehouse, leaving at or after day start. */
export function usableRuns(scenario: Scenario, warehouse: Place): BusRun[] {
  const byId = new Map(scenario.places.map((p) => [p.id, p] as const));
  const dayStart = parseClock(scenario.county.defaults.dayStart);
  const runs: BusRun[] = [];
  for (const line of scenario.busLines ?? []) {
    const first = byId.get(line.stops[0]);
    if (!first || haversineM(first.lon, first.lat, warehouse.lon, warehouse.lat) > line.pickupRadiusM) continue;
    for (const departure of line.departures) {
      const departS = parseClock(departure);
      if (departS >= dayStart) runs.push({ line, departure, departS });
    }
  }
  return runs.sort((a, b) => a.departS - b.departS || (a.line.id < b.line.id ? -1 : 1));
}

/** Stop index (≥ 1) of the line nearest the place within the pickup radius, or -1. */
export function nearStop(line: BusLine, place: Place, byId: Map<string, Place>): number {
  let best = -1;
  let bestD = Infinity;
  for (let k = 1; k < line.stops.length; k++) {
    const stop = byId.get(line.stops[k]);
    if (!stop) continue;
    const d = haversineM(stop.lon, stop.lat, place.lon, place.lat);
    if (d <= line.pickupRadiusM && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** What the vans save when the stop at `pos` leaves its route (detour and service priced at the vehicle's rates). */
export function vanSaving(
  scenario: Scenario,
  matrix: TravelMatrix,
  row: FleetRow,
  route: PlanRoute,
  pos: number,
): number {
  if (route.stops.length === 1) return route.cost;
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const ids = [route.depot, ...route.stops.map((s) => s.stationId), route.depot];
  const at = (a: string, b: string, m: Float64Array | number[]) => m[index.get(a)! * matrix.size + index.get(b)!];
  const [prev, here, next] = [ids[pos], ids[pos + 1], ids[pos + 2]];
  const dm = at(prev, here, matrix.distanceM) + at(here, next, matrix.distanceM) - at(prev, next, matrix.distanceM);
  const stop = route.stops[pos];
  const ds =
    at(prev, here, matrix.durationS) +
    at(here, next, matrix.durationS) -
    at(prev, next, matrix.durationS) +
    serviceSeconds(scenario, stop.parcelsDown + stop.parcelsUp);
  return (dm / 1000) * row.costPerKm + (ds / 3600) * row.costPerHour;
}

interface Candidate {
  stationId: string;
  parcels: number;
  kg: number;
  saving: number;
}

/** Stations with one ambient delivery stop, parcels down only, and what the vans save without them. */
function candidates(
  scenario: Scenario,
  plan: PlanResult,
  matrix: TravelMatrix,
  demand: Map<string, StationDemand>,
  fleet: FleetRow[],
): Candidate[] {
  const rowById = new Map(fleet.map((f) => [f.id, f] as const));
  const seen = new Map<string, number>();
  const found = new Map<string, Candidate>();
  for (const route of plan.routes) {
    if (route.kind !== 'delivery') continue;
    route.stops.forEach((s, pos) => {
      if (s.cold) return;
      seen.set(s.stationId, (seen.get(s.stationId) ?? 0) + 1);
      const d = demand.get(s.stationId);
      const row = rowById.get(route.fleetId);
      if (!d || !row || d.normal.parcelsUp > 0 || d.normal.parcelsDown <= 0) return;
      const saving = vanSaving(scenario, matrix, row, route, pos);
      found.set(s.stationId, { stationId: s.stationId, parcels: d.normal.parcelsDown, kg: d.normal.kgDown, saving });
    });
  }
  // A station split over several stops (more than a vehicle load) stays on the vans.
  return [...found.values()].filter((c) => seen.get(c.stationId) === 1);
}

/** The stations to put on buses and their runs, from a plan without buses. */
export function chooseBusStations(
  scenario: Scenario,
  plan: PlanResult,
  matrix: TravelMatrix,
  demand: Map<string, StationDemand>,
  fleet: FleetRow[],
): BusChoice[] {
  const warehouse = scenario.places.find((p) => p.kind === 'warehouse');
  if (!warehouse) return [];
  const runs = usableRuns(scenario, warehouse);
  const byId = new Map(scenario.places.map((p) => [p.id, p] as const));
  const dayEnd = parseClock(scenario.county.defaults.dayEnd);
  const room = new Map(runs.map((r) => [r, r.line.capacityParcels] as const));
  const options = candidates(scenario, plan, matrix, demand, fleet).map((c) => {
    const place = byId.get(c.stationId)!;
    const fits = runs
      .map((run) => ({ run, k: nearStop(run.line, place, byId) }))
      .filter(
        ({ run, k }) =>
          k > 0 && busArrival(run.line, run.departS, k) <= dayEnd && c.saving > busPrice(run.line, c.parcels, c.kg),
      );
    const net = Math.max(0, ...fits.map(({ run }) => c.saving - busPrice(run.line, c.parcels, c.kg)));
    return { c, fits, net };
  });
  const chosen: BusChoice[] = [];
  for (const { c, fits } of options
    .filter((o) => o.fits.length > 0)
    .sort((a, b) => b.net - a.net || (a.c.stationId < b.c.stationId ? -1 : 1))) {
    const pick = fits.find(({ run }) => room.get(run)! >= c.parcels);
    if (!pick) continue;
    room.set(pick.run, room.get(pick.run)! - c.parcels);
    chosen.push({ stationId: c.stationId, lineId: pick.run.line.id, departure: pick.run.departure, stopIndex: pick.k });
  }
  return chosen;
}
