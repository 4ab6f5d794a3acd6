/**
 * Domain rules of a scenario across files: references, duplicates, ranges. Returns every issue found (not
 * just the first) so that a user fixes a file in one pass. No I/O: the folder reader passes the line number
 * of each row; for scenarios built in memory row i is assumed to be on line i + 2 (header on line 1), which
 * is where the folder writer puts it.
 */
import { idKey, idProblem, parseDayClock, rangeProblem, RANGES, visible, type Quantity } from './ranges.ts';
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

const MAX_SERVICE_LIMIT_DAYS = RANGES.serviceLimitDays.max;

/**
 * Plausible ranges (the one table is ./ranges.ts; these names are kept for the callers): a parcels_down of
 * 1e15 used to be stored and then held the job queue for minutes with gigabytes of memory.
 */
export const PLAUSIBLE = {
  maxHorizonDays: RANGES.horizonDays.max,
  maxParcelsPerRow: RANGES.parcelsPerRow.max,
  maxParcelsPerStationDay: RANGES.parcelsPerStationDay.max,
  maxKgPerParcel: RANGES.kgPerParcel.max,
  maxVehiclesPerRow: RANGES.vehiclesPerRow.max,
  maxVehicles: RANGES.vehicles.max,
  maxCapacityParcels: RANGES.capacityParcels.max,
  maxCapacityKg: RANGES.capacityKg.max,
} as const;

/** "HH:MM" (00:00–24:00) → minutes, or null when it is not a clock time (reported by the caller with its field). */
function clockOrNull(text: string): number | null {
  return parseDayClock(text);
}

/** The range rule of `q` on `value`, reported on `field`. */
function inRange(q: Quantity, value: number, field: string, at: (field: string, message: string) => void): void {
  const problem = rangeProblem(q, value);
  if (problem) at(field, problem);
}

/**
 * Ids of one file: the safe character set (ranges.ts idProblem) and unique case-insensitively after NFKC,
 * so `EMS` and `ems`, or `V1` and `Ｖ1`, are refused as duplicates.
 */
function idChecker(): (id: string, field: string, at: (field: string, message: string) => void) => void {
  const seen = new Map<string, string>();
  return (id, field, at) => {
    const problem = idProblem(id);
    if (problem) at(field, problem);
    const key = idKey(id);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, id);
    else if (first === id) at(field, `duplicate id "${visible(id)}"`);
    else at(field, `duplicate id "${visible(id)}": the same id as "${visible(first)}" (ids ignore case and width)`);
  };
}

/** county.json rules: working day, limits, defaults, centre, unique target ids. */
function validateCounty(scenario: Scenario, issues: FieldIssue[]): void {
  const d = scenario.county.defaults;
  const county = (field: string, message: string) => issues.push({ file: 'county.json', row: null, field, message });
  const dayStart = clockOrNull(d.dayStart);
  const dayEnd = clockOrNull(d.dayEnd);
  if (dayStart === null) county('defaults.dayStart', `expected a clock time HH:MM (00:00-24:00), got "${d.dayStart}"`);
  if (dayEnd === null) county('defaults.dayEnd', `expected a clock time HH:MM (00:00-24:00), got "${d.dayEnd}"`);
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
  inRange('speedKmh', d.defaultSpeedKmh, 'defaults.defaultSpeedKmh', county);
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
    inRange('kgPerRow', r.kgDown, 'kg_down', at);
    wholeNonNegative(r.parcelsUp, 'parcels_up', at);
    inRange('kgPerRow', r.kgUp, 'kg_up', at);
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
  const townshipId = idChecker();
  scenario.townships.forEach((t, i) => {
    townshipId(t.id, 'id', (field, message) => add('townships.csv', i, field, message));
    townshipIds.add(t.id);
    checkLonLat(t.lon, t.lat, (field, message) => add('townships.csv', i, field, message));
  });

  // ---- places.csv
  const places = new Map<string, Scenario['places'][number]>();
  let warehouses = 0;
  const placeId = idChecker();
  scenario.places.forEach((p, i) => {
    const at = (field: string, message: string) => add('places.csv', i, field, message);
    placeId(p.id, 'id', at);
    if (!places.has(p.id)) places.set(p.id, p);
    if (p.kind === 'warehouse') warehouses++;
    if (!townshipIds.has(p.township)) at('township', `unknown township "${p.township}" (not in townships.csv)`);
    checkLonLat(p.lon, p.lat, at);
    if (p.population !== null) inRange('population', p.population, 'population', at);
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
  const carrierId = idChecker();
  scenario.carriers.forEach((c, i) => {
    carrierId(c.id, 'id', (field, message) => add('carriers.csv', i, field, message));
    carrierIds.add(c.id);
  });

  // ---- tariffs.csv
  const tariffZones = new Set<string>();
  const tariffKeys = new Set<string>();
  scenario.tariffs.forEach((t, i) => {
    const at = (field: string, message: string) => add('tariffs.csv', i, field, message);
    if (!carrierIds.has(t.carrierId)) at('carrier_id', `unknown carrier "${t.carrierId}" (not in carriers.csv)`);
    inRange('kgPerParcel', t.firstKg, 'first_kg', at);
    inRange('money', t.firstPrice, 'first_price', at);
    inRange('money', t.extraPerKg, 'extra_per_kg', at);
    inRange('parcelsPerStationDay', t.minDailyVolume, 'min_daily_volume', at);
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

  // ---- roads.geojson
  checkRoads(scenario, issues);
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
  const fleetId = idChecker();
  let vehicles = 0;
  scenario.fleet.forEach((f, i) => {
    const at = (field: string, message: string) => addRow(i, field, message);
    fleetId(f.id, 'id', at);
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
    inRange('money', f.fixedCost, 'fixed_cost', at);
    inRange('money', f.costPerKm, 'cost_per_km', at);
    inRange('money', f.costPerHour, 'cost_per_hour', at);
    if (f.maxKm !== null) inRange('maxKm', f.maxKm, 'max_km', at);
    if (f.maxWorkMinutes != null) inRange('minutesOfDay', f.maxWorkMinutes, 'max_work_minutes', at);
    if (f.breakMinutes != null) inRange('minutesOfDay', f.breakMinutes, 'break_minutes', at);
    const start = clock(f.shiftStart);
    const end = clock(f.shiftEnd);
    if (start === null) at('shift_start', `expected a clock time HH:MM (00:00-24:00), got "${f.shiftStart}"`);
    if (end === null) at('shift_end', `expected a clock time HH:MM (00:00-24:00), got "${f.shiftEnd}"`);
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
  const lineId = idChecker();
  (scenario.busLines ?? []).forEach((b, i) => {
    const at = (field: string, message: string) => add(i, field, message);
    lineId(b.id, 'line_id', at);
    if (b.stops.length < 2) at('stops', `a line needs at least 2 stops, got ${b.stops.length}`);
    for (const s of b.stops) if (!places.has(s)) at('stops', `unknown stop "${s}" (not in places.csv)`);
    if (new Set(b.stops).size !== b.stops.length) at('stops', 'a stop appears twice on the line');
    for (const t of b.departures)
      if (parseDayClock(t) === null)
        at('departures', `expected HH:MM times (00:00-24:00) separated by ";", got "${t}"`);
    if (b.minutes.length !== b.stops.length)
      at('minutes', `expected ${b.stops.length} values (one per stop), got ${b.minutes.length}`);
    if (b.minutes[0] !== 0) at('minutes', `the first stop is minute 0, got ${b.minutes[0]}`);
    for (let k = 1; k < b.minutes.length; k++) {
      if (!(b.minutes[k] > b.minutes[k - 1]))
        at('minutes', `must be strictly increasing: ${b.minutes[k - 1]} then ${b.minutes[k]}`);
    }
    positiveUpTo(b.capacityParcels, PLAUSIBLE.maxCapacityParcels, 'parcels per run', 'capacity_parcels', at);
    inRange('money', b.pricePerParcel, 'price_per_parcel', at);
    inRange('money', b.pricePerKg, 'price_per_kg', at);
    inRange('minutesOfDay', b.handoverMinutes, 'handover_minutes', at);
    inRange('pickupRadiusM', b.pickupRadiusM, 'pickup_radius_m', at);
    for (const m of b.minutes)
      if (!(m <= RANGES.minutesOfDay.max)) at('minutes', `at most ${RANGES.minutesOfDay.max} minutes, got ${m}`);
  });
}

/** A road file the whole scenario depends on; more issues than this are one broken file, not news. */
const MAX_ROAD_ISSUES = 20;

/**
 * roads.geojson: speeds and the length of each straight piece in range. A speed of 1e300 or −5 used to be
 * stored and then fail every later plan job of the county.
 */
function checkRoads(scenario: Scenario, issues: FieldIssue[]): void {
  if (scenario.roads.format !== 'geojson') return;
  const before = issues.length;
  const at = (field: string, message: string) => issues.push({ file: 'roads.geojson', row: null, field, message });
  scenario.roads.data.features.forEach((f, i) => {
    if (issues.length - before >= MAX_ROAD_ISSUES) return;
    const speed = f.properties.speedKmh;
    if (speed !== undefined) inRange('speedKmh', speed, `features[${i}].properties.speedKmh`, at);
    const c = f.geometry.coordinates;
    for (let j = 1; j < c.length; j++) {
      const km = haversineKm(c[j - 1], c[j]);
      if (km > RANGES.roadSegmentKm.max) {
        at(
          `features[${i}].geometry.coordinates[${j}]`,
          `a road piece of ${Math.round(km)} km (more than ${RANGES.roadSegmentKm.max} km): a broken coordinate?`,
        );
        break;
      }
    }
  });
}

function haversineKm(a: readonly number[], b: readonly number[]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(h)));
}
