/**
 * Hand-made counties for the planner tests: positions on a small grid near (115.0 E, 36.0 N), no roads
 * (straight line × detour factor, so every distance is known), a warehouse W and optionally a hub H.
 */
import type { BusLine, DemandRow, FleetRow, Place, Scenario } from '../../src/model/types.ts';
import type { TravelMatrix } from '../../src/network/types.ts';
import type { PlanResult, PlanRoute } from '../../src/planning/types.ts';
import { straightLineMatrix } from '../../src/network/matrix.ts';
import { planningPoints } from '../../src/planning/network.ts';
import { parseClock } from '../../src/util/time.ts';

export const LAT0 = 36.0;
export const LON0 = 115.0;
/** Degrees of longitude per km at LAT0. */
export const KM_LON = 1 / (111.32 * Math.cos((LAT0 * Math.PI) / 180));
export const KM_LAT = 1 / 110.57;

export function place(id: string, kind: Place['kind'], xKm: number, yKm: number, extra: Partial<Place> = {}): Place {
  return {
    id,
    kind,
    name: id,
    township: 'T1',
    lon: LON0 + xKm * KM_LON,
    lat: LAT0 + yKm * KM_LAT,
    population: kind === 'village' ? 600 : null,
    poverty: false,
    hasStation: kind === 'village',
    serviceLimitDays: null,
    ...extra,
  };
}

export function van(id: string, depotId: string, extra: Partial<FleetRow> = {}): FleetRow {
  return {
    id,
    depotId,
    type: 'van',
    count: 2,
    capacityParcels: 100,
    capacityKg: 1000,
    cold: false,
    fixedCost: 100,
    costPerKm: 1,
    costPerHour: 30,
    shiftStart: '07:00',
    shiftEnd: '19:00',
    maxKm: null,
    carrierId: null,
    ...extra,
  };
}

export function demand(
  day: number,
  stationId: string,
  carrierId: string,
  parcelsDown: number,
  extra: Partial<DemandRow> = {},
): DemandRow {
  return {
    day,
    stationId,
    carrierId,
    parcelsDown,
    kgDown: parcelsDown * 1.5,
    parcelsUp: 0,
    kgUp: 0,
    cold: false,
    upZone: '',
    ...extra,
  };
}

export function county(
  places: Place[],
  fleet: FleetRow[],
  demandRows: DemandRow[],
  defaults: Partial<Scenario['county']['defaults']> = {},
): Scenario {
  return {
    county: {
      name: 'Test County',
      adminCode: '999999',
      centre: [LON0, LAT0],
      timeZone: 'Asia/Shanghai',
      defaults: {
        dayStart: '08:00',
        dayEnd: '18:00',
        serviceLimitDays: 0,
        horizonDays: 7,
        serviceMinutesBase: 5,
        serviceMinutesPerParcel: 0.5,
        transferMinutes: 30,
        detourFactor: 1.4,
        defaultSpeedKmh: 40,
        maxSnapMeters: 1000,
        ...defaults,
      },
      targets: [],
      synthetic: ['everything'],
    },
    townships: [{ id: 'T1', name: 'T1', lon: LON0, lat: LAT0 }],
    places,
    carriers: [...new Set(demandRows.map((r) => r.carrierId))].map((id) => ({ id, name: id })),
    demand: demandRows,
    fleet,
    tariffs: [],
    roads: { format: 'none' },
  };
}

export function matrixOf(scenario: Scenario): TravelMatrix {
  const d = scenario.county.defaults;
  return straightLineMatrix(planningPoints(scenario), {
    detourFactor: d.detourFactor,
    defaultSpeedKmh: d.defaultSpeedKmh,
  });
}

/** Clock "HH:MM" → seconds. */
export const clock = parseClock;

/**
 * Recompute every route of a plan from the matrix, independently of the planner: km from the stop sequence,
 * cost from the fleet row (fixed + per km + per hour over departure → return). Returns the problems found.
 */
export function recomputeRoutes(
  scenario: Scenario,
  plan: PlanResult,
  matrix: TravelMatrix,
  fleet: FleetRow[] = scenario.fleet,
): string[] {
  const problems: string[] = [];
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const n = matrix.size;
  let total = 0;
  for (const r of plan.routes) {
    const row = fleet.find((f) => f.id === r.fleetId);
    if (!row) {
      problems.push(`${r.vehicle}: unknown fleet row ${r.fleetId}`);
      continue;
    }
    const seq = [r.depot, ...r.stops.map((s) => s.stationId), r.depot];
    let metres = 0;
    for (let k = 1; k < seq.length; k++) metres += matrix.distanceM[index.get(seq[k - 1])! * n + index.get(seq[k])!];
    if (Math.abs(metres / 1000 - r.km) > 0.002) problems.push(`${r.vehicle}: km ${r.km}, recomputed ${metres / 1000}`);
    const hours = (clock(r.returnTime) - clock(r.departure)) / 3600;
    // Clock strings are rounded to the minute: allow one minute of each end.
    if (Math.abs(hours - r.hours) > 2 / 60 + 1e-9) problems.push(`${r.vehicle}: hours ${r.hours}, clock says ${hours}`);
    // A later trip pays the reload at the depot before it (transferMinutes), not a second fixed cost.
    const reloadHours = scenario.county.defaults.transferMinutes / 60;
    const cost =
      (r.trip ?? 1) > 1
        ? row.costPerKm * r.km + row.costPerHour * (r.hours + reloadHours)
        : row.fixedCost + row.costPerKm * r.km + row.costPerHour * r.hours;
    if (Math.abs(cost - r.cost) > 0.02) problems.push(`${r.vehicle}: cost ${r.cost}, recomputed ${cost}`);
    total += r.cost;
    // Loads: parcels on board after each stop = start load − delivered + picked up so far.
    let load = r.stops.reduce((a, s) => a + s.parcelsDown, 0);
    for (const s of r.stops) {
      load = load - s.parcelsDown + s.parcelsUp;
      if (s.load !== load) problems.push(`${r.vehicle} ${s.stationId}: load ${s.load}, recomputed ${load}`);
      if (load > row.capacityParcels)
        problems.push(`${r.vehicle} ${s.stationId}: load ${load} over capacity ${row.capacityParcels}`);
    }
  }
  if (Math.abs(total - plan.kpis.totalCost) > 0.01 * Math.max(1, plan.routes.length))
    problems.push(`Σ route cost ${total} ≠ totalCost ${plan.kpis.totalCost}`);
  return problems;
}

/** Delivery trips per vehicle from the plan JSON alone (no planner code), in trip order. */
export function vehicleDays(plan: PlanResult): Map<string, PlanRoute[]> {
  const out = new Map<string, PlanRoute[]>();
  for (const r of plan.routes.filter((x) => x.kind === 'delivery'))
    out.set(r.vehicle, [...(out.get(r.vehicle) ?? []), r]);
  for (const trips of out.values()) trips.sort((a, b) => (a.trip ?? 1) - (b.trip ?? 1));
  return out;
}

/**
 * Ten villages 15–25 km around the warehouse, 45–60 parcels each, two vans with a 45-minute lunch break in
 * 11:30–13:30: each van makes two or three trips across noon (lunch-break tests).
 */
export function breakCounty(): Scenario {
  const villages = Array.from({ length: 10 }, (_, i) => {
    const a = (i / 10) * 2 * Math.PI;
    return place(`V${i}`, 'village', (15 + (i % 3) * 5) * Math.cos(a), (15 + (i % 3) * 5) * Math.sin(a));
  });
  return county(
    [place('W', 'warehouse', 0, 0), ...villages],
    [van('v', 'W', { count: 2, breakMinutes: 45, breakWindow: { start: '11:30', end: '13:30' } })],
    villages.map((x, i) => demand(1, x.id, i % 2 ? 'a' : 'b', 45 + (i % 4) * 5)),
  );
}

/**
 * A vehicle-day's lunch break recomputed from its trips alone: exactly one `break`, `minutes` long, inside the window
 * [open, close] ("HH:MM"), overlapping no trip. Returns the problems found and the break (seconds) when there is one.
 */
export function breakProblems(
  trips: PlanRoute[],
  minutes: number,
  open: string,
  close: string,
): { problems: string[]; start: number; end: number } {
  const breaks = trips.filter((t) => t.break).map((t) => t.break!);
  if (breaks.length !== 1) return { problems: [`${breaks.length} breaks`], start: NaN, end: NaN };
  const [start, end] = [clock(breaks[0].start), clock(breaks[0].end)];
  const problems: string[] = [];
  if (end - start !== minutes * 60) problems.push(`break ${breaks[0].start}–${breaks[0].end} not ${minutes} minutes`);
  if (start < clock(open) || end > clock(close)) problems.push(`break outside ${open}–${close}`);
  for (const t of trips)
    if (end > clock(t.departure) && start < clock(t.returnTime)) problems.push(`break overlaps trip ${t.trip ?? 1}`);
  return { problems, start, end };
}

/** A bus line (bus_lines.csv row): 15 parcels a run, 0.5 yuan a parcel + 0.1 a kg, 10 min handover, 2 km radius. */
export function busLine(id: string, stops: string[], minutes: number[], departures: string[]): BusLine {
  const prices = { pricePerParcel: 0.5, pricePerKg: 0.1 };
  return {
    id,
    name: id,
    stops,
    minutes,
    departures,
    capacityParcels: 15,
    ...prices,
    handoverMinutes: 10,
    pickupRadiusM: 2000,
  };
}
