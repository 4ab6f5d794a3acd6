/**
 * Domain rules of a scenario across files: references, duplicates, ranges. Returns every issue found (not
 * just the first) so that a user fixes a file in one pass. No I/O: the folder reader passes the line number
 * of each row; for scenarios built in memory row i is assumed to be on line i + 2 (header on line 1), which
 * is where the folder writer puts it.
 */
import { parseClock } from '../util/time.ts';
import type { FieldIssue, Scenario } from './types.ts';

/** Issues shown in an error message; the full list stays in ScenarioError.issues. */
export const MAX_ISSUES_IN_MESSAGE = 50;

export function formatIssue(issue: FieldIssue): string {
  let where = issue.file;
  if (issue.row !== null) where += `:${issue.row}`;
  if (issue.field !== null) where += `:${issue.field}`;
  return `${where}: ${issue.message}`;
}

export function formatIssues(issues: FieldIssue[], max = MAX_ISSUES_IN_MESSAGE): string {
  const lines = issues.slice(0, max).map(formatIssue);
  if (issues.length > max) lines.push(`… and ${issues.length - max} more`);
  return lines.join('\n');
}

/** A scenario that failed validation; `issues` holds every problem, the message lists up to 50. */
export class ScenarioError extends Error {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], context = 'invalid scenario') {
    const n = issues.length;
    super(`${context}: ${n} problem${n === 1 ? '' : 's'}\n${formatIssues(issues)}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Line number of each row of each CSV file (index = position in the scenario array). */
export type RowLines = Partial<
  Record<
    'townships.csv' | 'places.csv' | 'carriers.csv' | 'demand.csv' | 'fleet.csv' | 'tariffs.csv' | 'bus_lines.csv',
    number[]
  >
>;

const MAX_SERVICE_LIMIT_DAYS = 7;

/**
 * Plausible ranges: values outside are typing or unit errors (or an attack), not a county. A parcels_down of
 * 1e15 used to be stored and then held the job queue for minutes with gigabytes of memory. The bounds are
 * far above any real county (a busy village station takes a few hundred parcels a day).
 */
export const PLAUSIBLE = {
  /** Planning horizon of county.json and the days of demand.csv. */
  maxHorizonDays: 28,
  /** Parcels of one demand row (station × carrier × day), each direction. */
  maxParcelsPerRow: 20_000,
  /** Parcels of one station on one day, all carriers, each direction. */
  maxParcelsPerStationDay: 50_000,
  /** Average kg of one parcel of a row (farm produce up is heavy, but not a tonne a parcel). */
  maxKgPerParcel: 500,
  /** Vehicles of one fleet row, and of the whole fleet. */
  maxVehiclesPerRow: 500,
  maxVehicles: 5_000,
  /** Capacity of one vehicle. */
  maxCapacityParcels: 100_000,
  maxCapacityKg: 100_000,
} as const;

/** "HH:MM" → minutes, or null when it is not a clock time (reported by the caller with its field). */
function clockOrNull(text: string): number | null {
  try {
    return parseClock(text);
  } catch {
    return null;
  }
}

/** county.json rules: working day, limits, defaults, centre, unique target ids. */
function validateCounty(scenario: Scenario, issues: FieldIssue[]): void {
  const d = scenario.county.defaults;
  const county = (field: string, message: string) => issues.push({ file: 'county.json', row: null, field, message });
  const dayStart = clockOrNull(d.dayStart);
  const dayEnd = clockOrNull(d.dayEnd);
  if (dayStart === null) county('defaults.dayStart', `expected a clock time HH:MM, got "${d.dayStart}"`);
  if (dayEnd === null) county('defaults.dayEnd', `expected a clock time HH:MM, got "${d.dayEnd}"`);
  if (dayStart !== null && dayEnd !== null && dayEnd <= dayStart) {
    county('defaults.dayEnd', `day end ${d.dayEnd} must be after day start ${d.dayStart}`);
  }
  if (!isWhole(d.serviceLimitDays) || d.serviceLimitDays < 0 || d.serviceLimitDays > MAX_SERVICE_LIMIT_DAYS) {
    county(
      'defaults.serviceLimitDays',
      `must be a whole number of days 0..${MAX_SERVICE_LIMIT_DAYS}, got ${d.serviceLimitDays}`,
    );
  }
  if (!isWhole(d.horizonDays) || d.horizonDays < 1 || d.horizonDays > PLAUSIBLE.maxHorizonDays) {
    county(
      'defaults.horizonDays',
      `must be a whole number of days 1..${PLAUSIBLE.maxHorizonDays}, got ${d.horizonDays}`,
    );
  }
  for (const key of ['serviceMinutesBase', 'serviceMinutesPerParcel', 'transferMinutes', 'maxSnapMeters'] as const) {
    if (!(d[key] >= 0)) county(`defaults.${key}`, `must be ≥ 0, got ${d[key]}`);
  }
  if (!(d.detourFactor >= 1)) county('defaults.detourFactor', `must be ≥ 1, got ${d.detourFactor}`);
  if (!(d.defaultSpeedKmh > 0)) county('defaults.defaultSpeedKmh', `must be > 0, got ${d.defaultSpeedKmh}`);
  checkLonLat(scenario.county.centre[0], scenario.county.centre[1], (field, message) =>
    county(field === 'lon' ? 'centre[0]' : 'centre[1]', message),
  );
  const targetIds = new Set<string>();
  scenario.county.targets.forEach((t, i) => {
    if (targetIds.has(t.id)) county(`targets[${i}].id`, `duplicate target id "${t.id}"`);
    targetIds.add(t.id);
  });
}

/** demand.csv rules: days, known stations and carriers, whole parcels, zones with a tariff, plausible volumes. */
function validateDemand(
  scenario: Scenario,
  places: Map<string, Scenario['places'][number]>,
  carrierIds: Set<string>,
  tariffZones: Set<string>,
  add: (file: keyof RowLines, index: number, field: string, message: string) => void,
): void {
  const d = scenario.county.defaults;
  const demandKeys = new Set<string>();
  const stationDay = new Map<string, { down: number; up: number; firstIndex: number }>();
  scenario.demand.forEach((r, i) => {
    const at = (field: string, message: string) => add('demand.csv', i, field, message);
    if (!isWhole(r.day) || r.day < 1 || r.day > d.horizonDays) {
      at('day', `must be a whole day 1..${d.horizonDays} (horizonDays in county.json), got ${r.day}`);
    }
    const station = places.get(r.stationId);
    if (!station) at('station_id', `unknown station "${r.stationId}" (not in places.csv)`);
    else if (station.kind !== 'village')
      at('station_id', `"${r.stationId}" is a ${station.kind}, not a village station`);
    else if (!station.hasStation)
      at('station_id', `village "${r.stationId}" has no station (has_station = false in places.csv)`);
    if (!carrierIds.has(r.carrierId)) at('carrier_id', `unknown carrier "${r.carrierId}" (not in carriers.csv)`);
    wholeNonNegative(r.parcelsDown, 'parcels_down', at);
    nonNegative(r.kgDown, 'kg_down', at);
    wholeNonNegative(r.parcelsUp, 'parcels_up', at);
    nonNegative(r.kgUp, 'kg_up', at);
    if (r.kgDown > 0 && r.parcelsDown === 0)
      at('kg_down', `kg without parcels: kg_down ${r.kgDown} with parcels_down 0`);
    if (r.kgUp > 0 && r.parcelsUp === 0) at('kg_up', `kg without parcels: kg_up ${r.kgUp} with parcels_up 0`);
    if (r.parcelsUp > 0 && r.upZone === '') at('up_zone', 'required when parcels_up > 0');
    if (r.upZone !== '' && carrierIds.has(r.carrierId) && !tariffZones.has(`${r.carrierId}\u0000${r.upZone}`)) {
      at('up_zone', `no tariff for carrier "${r.carrierId}" and zone "${r.upZone}" in tariffs.csv`);
    }
    const key = `${r.day}\u0000${r.stationId}\u0000${r.carrierId}`;
    if (demandKeys.has(key))
      at('station_id', `duplicate row for day ${r.day}, station "${r.stationId}", carrier "${r.carrierId}"`);
    demandKeys.add(key);
    checkDemandRanges(r, i, at, stationDay);
  });
  for (const [key, total] of stationDay) {
    const [day, stationId] = key.split('\u0000');
    for (const [dir, n] of [
      ['down', total.down],
      ['up', total.up],
    ] as const) {
      if (n > PLAUSIBLE.maxParcelsPerStationDay) {
        add(
          'demand.csv',
          total.firstIndex,
          `parcels_${dir}`,
          `station "${stationId}" has ${n} parcels ${dir} on day ${day}, more than the plausible ${PLAUSIBLE.maxParcelsPerStationDay}`,
        );
      }
    }
  }
}

export function validateScenario(scenario: Scenario, lines: RowLines = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const lineOf = (file: keyof RowLines, index: number): number => lines[file]?.[index] ?? index + 2;
  const add = (file: keyof RowLines, index: number, field: string, message: string) =>
    issues.push({ file, row: lineOf(file, index), field, message });

  // ---- county.json
  validateCounty(scenario, issues);

  // ---- townships.csv
  const townshipIds = new Set<string>();
  scenario.townships.forEach((t, i) => {
    if (townshipIds.has(t.id)) add('townships.csv', i, 'id', `duplicate id "${t.id}"`);
    townshipIds.add(t.id);
    checkLonLat(t.lon, t.lat, (field, message) => add('townships.csv', i, field, message));
  });

  // ---- places.csv
  const places = new Map<string, Scenario['places'][number]>();
  let warehouses = 0;
  scenario.places.forEach((p, i) => {
    const at = (field: string, message: string) => add('places.csv', i, field, message);
    if (places.has(p.id)) at('id', `duplicate id "${p.id}"`);
    else places.set(p.id, p);
    if (p.kind === 'warehouse') warehouses++;
    if (!townshipIds.has(p.township)) at('township', `unknown township "${p.township}" (not in townships.csv)`);
    checkLonLat(p.lon, p.lat, at);
    if (p.population !== null && (!isWhole(p.population) || p.population < 0)) {
      at('population', `must be a whole number ≥ 0, got ${p.population}`);
    }
    if (
      p.serviceLimitDays !== null &&
      (!isWhole(p.serviceLimitDays) || p.serviceLimitDays < 0 || p.serviceLimitDays > MAX_SERVICE_LIMIT_DAYS)
    ) {
      at(
        'service_limit_days',
        `must be a whole number of days 0..${MAX_SERVICE_LIMIT_DAYS}, got ${p.serviceLimitDays}`,
      );
    }
  });
  if (warehouses !== 1) {
    issues.push({
      file: 'places.csv',
      row: null,
      field: 'kind',
      message: `expected exactly one warehouse, found ${warehouses}`,
    });
  }

  // ---- carriers.csv
  const carrierIds = new Set<string>();
  scenario.carriers.forEach((c, i) => {
    if (carrierIds.has(c.id)) add('carriers.csv', i, 'id', `duplicate id "${c.id}"`);
    carrierIds.add(c.id);
  });

  // ---- tariffs.csv
  const tariffZones = new Set<string>();
  const tariffKeys = new Set<string>();
  scenario.tariffs.forEach((t, i) => {
    const at = (field: string, message: string) => add('tariffs.csv', i, field, message);
    if (!carrierIds.has(t.carrierId)) at('carrier_id', `unknown carrier "${t.carrierId}" (not in carriers.csv)`);
    nonNegative(t.firstKg, 'first_kg', at);
    nonNegative(t.firstPrice, 'first_price', at);
    nonNegative(t.extraPerKg, 'extra_per_kg', at);
    nonNegative(t.minDailyVolume, 'min_daily_volume', at);
    const key = `${t.carrierId}\u0000${t.origin}\u0000${t.zone}\u0000${t.minDailyVolume}`;
    if (tariffKeys.has(key)) {
      at(
        'zone',
        `duplicate tariff for carrier "${t.carrierId}", origin ${t.origin}, zone "${t.zone}", min_daily_volume ${t.minDailyVolume}`,
      );
    }
    tariffKeys.add(key);
    tariffZones.add(`${t.carrierId}\u0000${t.zone}`);
  });

  // ---- demand.csv
  validateDemand(scenario, places, carrierIds, tariffZones, add);

  // ---- fleet.csv
  validateFleet(
    scenario,
    places,
    carrierIds,
    (index, field, message) => add('fleet.csv', index, field, message),
    issues,
    clockOrNull,
  );

  // ---- bus_lines.csv
  checkBusLines(scenario, (index, field, message) => add('bus_lines.csv', index, field, message));
  return issues;
}

/** Throw a ScenarioError when the scenario breaks any rule. */
export function assertValidScenario(scenario: Scenario, lines?: RowLines): void {
  const issues = validateScenario(scenario, lines);
  if (issues.length > 0) throw new ScenarioError(issues);
}

/** fleet.csv rules: ids, depots, counts and plausible sizes, capacities, costs, shifts, carriers. */
function validateFleet(
  scenario: Scenario,
  places: Map<string, Scenario['places'][number]>,
  carrierIds: Set<string>,
  addRow: (index: number, field: string, message: string) => void,
  issues: FieldIssue[],
  clock: (text: string) => number | null,
): void {
  const fleetIds = new Set<string>();
  let vehicles = 0;
  scenario.fleet.forEach((f, i) => {
    const at = (field: string, message: string) => addRow(i, field, message);
    if (fleetIds.has(f.id)) at('id', `duplicate id "${f.id}"`);
    fleetIds.add(f.id);
    const depot = places.get(f.depotId);
    if (!depot) at('depot_id', `unknown depot "${f.depotId}" (not in places.csv)`);
    else if (depot.kind !== 'warehouse' && depot.kind !== 'hub')
      at('depot_id', `depot "${f.depotId}" is a ${depot.kind}; a depot must be the warehouse or a hub`);
    wholeNonNegative(f.count, 'count', at);
    if (f.count > PLAUSIBLE.maxVehiclesPerRow)
      at('count', `at most ${PLAUSIBLE.maxVehiclesPerRow} vehicles per row, got ${f.count}`);
    vehicles += Number.isFinite(f.count) ? f.count : 0;
    positiveUpTo(f.capacityParcels, PLAUSIBLE.maxCapacityParcels, 'parcels per vehicle', 'capacity_parcels', at);
    positiveUpTo(f.capacityKg, PLAUSIBLE.maxCapacityKg, 'kg per vehicle', 'capacity_kg', at);
    nonNegative(f.fixedCost, 'fixed_cost', at);
    nonNegative(f.costPerKm, 'cost_per_km', at);
    nonNegative(f.costPerHour, 'cost_per_hour', at);
    if (f.maxKm !== null && !(f.maxKm > 0)) at('max_km', `must be > 0 or empty (no limit), got ${f.maxKm}`);
    const start = clock(f.shiftStart);
    const end = clock(f.shiftEnd);
    if (start === null) at('shift_start', `expected a clock time HH:MM, got "${f.shiftStart}"`);
    if (end === null) at('shift_end', `expected a clock time HH:MM, got "${f.shiftEnd}"`);
    if (start !== null && end !== null && end <= start)
      at('shift_end', `shift end ${f.shiftEnd} must be after shift start ${f.shiftStart}`);
    if (f.carrierId !== null && !carrierIds.has(f.carrierId))
      at('carrier_id', `unknown carrier "${f.carrierId}" (not in carriers.csv)`);
  });
  if (vehicles > PLAUSIBLE.maxVehicles) {
    issues.push({
      file: 'fleet.csv',
      row: null,
      field: 'count',
      message: `${vehicles} vehicles in all, more than the plausible ${PLAUSIBLE.maxVehicles}`,
    });
  }
}

/** Per-row bounds of a demand row; adds the row to its station-day totals. */
function checkDemandRanges(
  r: Scenario['demand'][number],
  index: number,
  at: (field: string, message: string) => void,
  stationDay: Map<string, { down: number; up: number; firstIndex: number }>,
): void {
  for (const [field, n, kg] of [
    ['parcels_down', r.parcelsDown, r.kgDown],
    ['parcels_up', r.parcelsUp, r.kgUp],
  ] as const) {
    if (n > PLAUSIBLE.maxParcelsPerRow)
      at(field, `at most ${PLAUSIBLE.maxParcelsPerRow} parcels per station, carrier and day, got ${n}`);
    else if (n > 0 && kg / n > PLAUSIBLE.maxKgPerParcel) {
      at(
        field === 'parcels_down' ? 'kg_down' : 'kg_up',
        `${kg} kg for ${n} parcels is more than ${PLAUSIBLE.maxKgPerParcel} kg a parcel`,
      );
    }
  }
  const key = `${r.day}\u0000${r.stationId}`;
  const total = stationDay.get(key) ?? { down: 0, up: 0, firstIndex: index };
  total.down += Number.isFinite(r.parcelsDown) ? r.parcelsDown : 0;
  total.up += Number.isFinite(r.parcelsUp) ? r.parcelsUp : 0;
  stationDay.set(key, total);
}

function isWhole(n: number): boolean {
  return Number.isInteger(n);
}

function nonNegative(value: number, field: string, at: (field: string, message: string) => void): void {
  if (!(value >= 0)) at(field, `must be ≥ 0, got ${value}`);
}

function wholeNonNegative(value: number, field: string, at: (field: string, message: string) => void): void {
  if (!(value >= 0)) at(field, `must be ≥ 0, got ${value}`);
  else if (!isWhole(value)) at(field, `must be a whole number, got ${value}`);
}

/** > 0 and at most `max` (`unit` names what is counted, e.g. "kg per vehicle"). */
function positiveUpTo(
  value: number,
  max: number,
  unit: string,
  field: string,
  at: (field: string, message: string) => void,
): void {
  if (!(value > 0)) at(field, `must be > 0, got ${value}`);
  else if (value > max) at(field, `at most ${max} ${unit}, got ${value}`);
}

function checkLonLat(lon: number, lat: number, at: (field: string, message: string) => void): void {
  if (!(lon >= -180 && lon <= 180)) at('lon', `longitude out of range −180..180: ${lon}`);
  if (!(lat >= -90 && lat <= 90)) at('lat', `latitude out of range −90..90: ${lat}`);
}

/** Cross-file and range rules of bus_lines.csv (stops are known places, timetable and prices make sense). */
function checkBusLines(scenario: Scenario, add: (index: number, field: string, message: string) => void): void {
  const places = new Set(scenario.places.map((p) => p.id));
  const ids = new Set<string>();
  (scenario.busLines ?? []).forEach((b, i) => {
    const at = (field: string, message: string) => add(i, field, message);
    if (ids.has(b.id)) at('line_id', `duplicate line id "${b.id}"`);
    ids.add(b.id);
    if (b.stops.length < 2) at('stops', `a line needs at least 2 stops, got ${b.stops.length}`);
    for (const s of b.stops) if (!places.has(s)) at('stops', `unknown stop "${s}" (not in places.csv)`);
    if (new Set(b.stops).size !== b.stops.length) at('stops', 'a stop appears twice on the line');
    for (const t of b.departures) {
      try {
        parseClock(t);
      } catch {
        at('departures', `expected HH:MM times separated by ";", got "${t}"`);
      }
    }
    if (b.minutes.length !== b.stops.length)
      at('minutes', `expected ${b.stops.length} values (one per stop), got ${b.minutes.length}`);
    if (b.minutes[0] !== 0) at('minutes', `the first stop is minute 0, got ${b.minutes[0]}`);
    for (let k = 1; k < b.minutes.length; k++) {
      if (!(b.minutes[k] > b.minutes[k - 1]))
        at('minutes', `must be strictly increasing: ${b.minutes[k - 1]} then ${b.minutes[k]}`);
    }
    positiveUpTo(b.capacityParcels, PLAUSIBLE.maxCapacityParcels, 'parcels per run', 'capacity_parcels', at);
    nonNegative(b.pricePerParcel, 'price_per_parcel', at);
    nonNegative(b.pricePerKg, 'price_per_kg', at);
    nonNegative(b.handoverMinutes, 'handover_minutes', at);
    if (!(b.pickupRadiusM > 0)) at('pickup_radius_m', `must be > 0, got ${b.pickupRadiusM}`);
  });
}
