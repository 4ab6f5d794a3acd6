/**
 * Independent check of the plan's vehicle-days from the plan routes and fleet.csv alone (shares no code with the
 * trip planning): a vehicle's trips are numbered 1…n, lie inside its shift and do not overlap; each trip's load
 * never exceeds capacity; per day, km ≤ max_km and first departure → last return ≤ max_work_minutes; a vehicle
 * with a break has exactly one, of its length, inside its window and outside every trip — or, for a break on the way
 * (`break.stationId`), between that stop's departure and the next arrival of its trip.
 */
import type { FleetRow } from '../../model/types.ts';
import type { PlanRoute } from '../types.ts';
import { parseClock } from '../../util/time.ts';

const EPS = 1e-6;

export function checkVehicleDays(routes: PlanRoute[], fleet: FleetRow[]): string[] {
  const violations: string[] = [];
  const byVehicle = new Map<string, PlanRoute[]>();
  for (const r of routes) {
    if (r.kind !== 'delivery') continue;
    const list = byVehicle.get(r.vehicle) ?? [];
    list.push(r);
    byVehicle.set(r.vehicle, list);
  }
  for (const [vehicle, trips] of byVehicle) {
    const row = fleet.find((f) => f.id === trips[0].fleetId);
    if (!row) {
      violations.push(`vehicle ${vehicle}: fleet row ${trips[0].fleetId} not found`);
      continue;
    }
    trips.sort((a, b) => (a.trip ?? 1) - (b.trip ?? 1));
    for (const v of checkDay(row, trips)) violations.push(`vehicle ${vehicle}: ${v}`);
  }
  return violations;
}

function checkDay(row: FleetRow, trips: PlanRoute[]): string[] {
  const out: string[] = [];
  const shiftStart = parseClock(row.shiftStart);
  const shiftEnd = parseClock(row.shiftEnd);
  let km = 0;
  trips.forEach((t, i) => {
    const dep = parseClock(t.departure);
    const ret = parseClock(t.returnTime);
    if ((t.trip ?? 1) !== i + 1)
      out.push(`trip numbers are not 1…${trips.length} (found ${t.trip ?? 1} as trip ${i + 1})`);
    if (dep < shiftStart || ret > shiftEnd)
      out.push(`trip ${i + 1} ${t.departure}–${t.returnTime} outside the shift ${row.shiftStart}–${row.shiftEnd}`);
    if (i > 0 && dep < parseClock(trips[i - 1].returnTime))
      out.push(`trip ${i + 1} leaves at ${t.departure}, before trip ${i} is back (${trips[i - 1].returnTime})`);
    out.push(...checkTripLoad(row, t, i + 1));
    km += t.km;
  });
  if (row.maxKm !== null && row.maxKm !== undefined && km > row.maxKm + EPS)
    out.push(`drives ${km.toFixed(3)} km in the day, above max_km ${row.maxKm}`);
  const work = (parseClock(trips[trips.length - 1].returnTime) - parseClock(trips[0].departure)) / 60;
  if (row.maxWorkMinutes && work > row.maxWorkMinutes + EPS)
    out.push(`works ${work} minutes (first departure to last return), above max_work_minutes ${row.maxWorkMinutes}`);
  out.push(...checkBreak(row, trips));
  return out;
}

/** Loads of one trip recomputed from its stops: all deliveries on board at the start, then − down + up. */
function checkTripLoad(row: FleetRow, t: PlanRoute, n: number): string[] {
  const out: string[] = [];
  let parcels = t.stops.reduce((s, x) => s + x.parcelsDown, 0);
  let kg = t.stops.reduce((s, x) => s + x.kgDown, 0);
  const over = (where: string) => {
    if (parcels > row.capacityParcels + EPS)
      out.push(`trip ${n}: ${parcels} parcels on board ${where}, capacity ${row.capacityParcels}`);
    if (kg > row.capacityKg + 1e-3)
      out.push(`trip ${n}: ${kg.toFixed(3)} kg on board ${where}, capacity ${row.capacityKg}`);
  };
  over('at the start');
  for (const s of t.stops) {
    parcels += s.parcelsUp - s.parcelsDown;
    kg += s.kgUp - s.kgDown;
    over(`after ${s.stationId}`);
  }
  return out;
}

function checkBreak(row: FleetRow, trips: PlanRoute[]): string[] {
  const host = trips.find((t) => t.break);
  const breaks = trips.filter((t) => t.break).map((t) => t.break!);
  if (!row.breakMinutes || !row.breakWindow) return breaks.length > 0 ? ['has a break but its fleet row has none'] : [];
  if (breaks.length !== 1)
    return [
      `has ${breaks.length} breaks, expected one of ${row.breakMinutes} minutes in ${row.breakWindow.start}-${row.breakWindow.end}`,
    ];
  const start = parseClock(breaks[0].start);
  const end = parseClock(breaks[0].end);
  const out: string[] = [];
  if (end - start < row.breakMinutes * 60)
    out.push(`break ${breaks[0].start}–${breaks[0].end} shorter than ${row.breakMinutes} minutes`);
  if (start < parseClock(row.breakWindow.start) || end > parseClock(row.breakWindow.end))
    out.push(
      `break ${breaks[0].start}–${breaks[0].end} outside its window ${row.breakWindow.start}-${row.breakWindow.end}`,
    );
  for (const [i, t] of trips.entries()) {
    if (breaks[0].stationId !== undefined && t === host) continue; // a break on the way: checked below
    if (start < parseClock(t.returnTime) && end > parseClock(t.departure))
      out.push(`break ${breaks[0].start}–${breaks[0].end} overlaps trip ${i + 1}`);
  }
  if (breaks[0].stationId !== undefined) out.push(...checkBreakOnTheWay(host!, start, end));
  return out;
}

/** A break taken at a stop: after that stop's departure, and over before the next stop's arrival (or the return). */
function checkBreakOnTheWay(t: PlanRoute, start: number, end: number): string[] {
  const b = t.break!;
  const k = (b.afterStop ?? 0) - 1;
  const stop = t.stops[k];
  if (!stop || stop.stationId !== b.stationId)
    return [`break at ${b.stationId ?? '?'}: stop ${b.afterStop ?? '?'} of trip ${t.trip ?? 1} is not that station`];
  const next = k + 1 < t.stops.length ? parseClock(t.stops[k + 1].arrival) : parseClock(t.returnTime);
  if (start < parseClock(stop.departure) || end > next)
    return [
      `break ${b.start}–${b.end} at ${b.stationId} is not between its departure ${stop.departure} and the next arrival`,
    ];
  return [];
}
