/**
 * zod schemas of the scenario folder format (DESIGN.md §3 plus townships.csv).
 *
 * CSV row schemas take the raw record (column name → text) and produce the domain type of ./types.ts, so a zod
 * issue path is the CSV column name. They check types only (number, boolean, enum, clock, required); the
 * domain rules (ranges, references, duplicates) live in ./validate.ts so that scenarios built in memory
 * (generator, API) are checked by the same code.
 */
import { z } from 'zod';
import { parseClock } from '../util/time.ts';
import { clockProblem, parseDecimal, parseDayClock } from './ranges.ts';
import { TRAVEL_DEFAULTS } from './defaults.ts';
import type {
  Carrier,
  CountySettings,
  DemandRow,
  FleetRow,
  BusLine,
  IndicatorTarget,
  Place,
  PlanningDefaults,
  RoadCollection,
  TariffRow,
  Township,
} from './types.ts';

// ---------------------------------------------------------------------------------------------- cells

/** Parse a number cell strictly: the one number parser of every input path (ranges.ts parseDecimal). */
export function parseNumberCell(text: string): number | null {
  return parseDecimal(text);
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export function parseBooleanCell(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

/** A cell as csv-parse gives it; a missing column arrives as undefined and is reported as such. */
const cell = z.string({ error: (iss) => (iss.input === undefined ? 'missing value' : 'expected text') });

const requiredText = cell.transform((s, ctx) => {
  const t = s.trim();
  if (t === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty' });
    return z.NEVER;
  }
  return t;
});

const optionalText = cell.transform((s) => s.trim());

const numberCell = cell.transform((s, ctx) => {
  const n = parseNumberCell(s);
  if (n === null) {
    ctx.addIssue({
      code: 'custom',
      message: s.trim() === '' ? 'must not be empty (expected a number)' : `expected a number, got "${s}"`,
    });
    return z.NEVER;
  }
  return n;
});

const optionalNumberCell = cell.transform((s, ctx) => {
  if (s.trim() === '') return null;
  const n = parseNumberCell(s);
  if (n === null) {
    ctx.addIssue({ code: 'custom', message: `expected a number or an empty cell, got "${s}"` });
    return z.NEVER;
  }
  return n;
});

const booleanCell = cell.transform((s, ctx) => {
  const b = parseBooleanCell(s);
  if (b === null) {
    ctx.addIssue({ code: 'custom', message: `expected true/false/1/0/yes/no, got "${s}"` });
    return z.NEVER;
  }
  return b;
});

const clockCell = cell.transform((s, ctx) => {
  const problem = clockProblem(s);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return s.trim();
});

function enumCell<T extends string>(values: readonly T[]) {
  return cell.transform((s, ctx) => {
    const t = s.trim();
    if (!(values as readonly string[]).includes(t)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(' | ')}, got "${s}"` });
      return z.NEVER;
    }
    return t as T;
  });
}

// ------------------------------------------------------------------------------------------- CSV rows

export const PLACE_KINDS = ['warehouse', 'hub', 'hub_candidate', 'village'] as const;
export const TARIFF_ORIGINS = ['county', 'capital', 'platform'] as const;

/** Column order of each CSV file (the writer uses it; the reader requires these columns). */
export const CSV_COLUMNS = {
  'townships.csv': ['id', 'name', 'lon', 'lat'],
  'places.csv': [
    'id',
    'kind',
    'name',
    'township',
    'lon',
    'lat',
    'population',
    'poverty',
    'has_station',
    'service_limit_days',
  ],
  'carriers.csv': ['id', 'name'],
  'demand.csv': [
    'day',
    'station_id',
    'carrier_id',
    'parcels_down',
    'kg_down',
    'parcels_up',
    'kg_up',
    'cold',
    'up_zone',
  ],
  'fleet.csv': [
    'id',
    'depot_id',
    'type',
    'count',
    'capacity_parcels',
    'capacity_kg',
    'cold',
    'fixed_cost',
    'cost_per_km',
    'cost_per_hour',
    'shift_start',
    'shift_end',
    'max_km',
    'carrier_id',
    'max_work_minutes',
    'break_minutes',
    'break_window',
  ],
  'tariffs.csv': ['carrier_id', 'origin', 'zone', 'first_kg', 'first_price', 'extra_per_kg', 'min_daily_volume'],
  'bus_lines.csv': [
    'line_id',
    'name',
    'stops',
    'departures',
    'minutes',
    'capacity_parcels',
    'price_per_parcel',
    'price_per_kg',
    'handover_minutes',
    'pickup_radius_m',
  ],
} as const;

export type CsvFileName = keyof typeof CSV_COLUMNS;

/** Columns that may be absent from the header (filled with an empty cell). */
export const OPTIONAL_COLUMNS: Partial<Record<CsvFileName, readonly string[]>> = {
  'places.csv': ['population', 'poverty', 'has_station', 'service_limit_days'],
  'demand.csv': ['parcels_up', 'kg_up', 'cold', 'up_zone'],
  'fleet.csv': ['max_km', 'carrier_id', 'max_work_minutes', 'break_minutes', 'break_window'],
  'tariffs.csv': ['min_daily_volume'],
};

/** Value an absent optional column stands for. */
export const OPTIONAL_COLUMN_DEFAULTS: Record<string, string> = {
  population: '',
  poverty: 'false',
  has_station: 'false',
  service_limit_days: '',
  parcels_up: '0',
  kg_up: '0',
  cold: 'false',
  up_zone: '',
  max_km: '',
  carrier_id: '',
  min_daily_volume: '0',
  max_work_minutes: '',
  break_minutes: '',
  break_window: '',
};

export const townshipRowSchema = z
  .object({ id: requiredText, name: requiredText, lon: numberCell, lat: numberCell })
  .transform((r): Township => ({ id: r.id, name: r.name, lon: r.lon, lat: r.lat }));

export const placeRowSchema = z
  .object({
    id: requiredText,
    kind: enumCell(PLACE_KINDS),
    name: requiredText,
    township: requiredText,
    lon: numberCell,
    lat: numberCell,
    population: optionalNumberCell,
    poverty: booleanCell,
    has_station: booleanCell,
    service_limit_days: optionalNumberCell,
  })
  .transform((r): Place => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    township: r.township,
    lon: r.lon,
    lat: r.lat,
    population: r.population,
    poverty: r.poverty,
    hasStation: r.has_station,
    serviceLimitDays: r.service_limit_days,
  }));

/**
 * The domain field a CSV column is read into and written from: snake_case → camelCase (has_station →
 * hasStation), except bus_lines.csv's line_id, which is the line's id.
 */
export function fieldOfColumn(column: string): string {
  if (column === 'line_id') return 'id';
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The Place field of each places.csv column, in column order. */
export const PLACE_FIELDS = CSV_COLUMNS['places.csv'].map(fieldOfColumn) as ReadonlyArray<keyof Place>;

export const carrierRowSchema = z
  .object({ id: requiredText, name: requiredText })
  .transform((r): Carrier => ({ id: r.id, name: r.name }));

export const demandRowSchema = z
  .object({
    day: numberCell,
    station_id: requiredText,
    carrier_id: requiredText,
    parcels_down: numberCell,
    kg_down: numberCell,
    parcels_up: numberCell,
    kg_up: numberCell,
    cold: booleanCell,
    up_zone: optionalText,
  })
  .transform((r): DemandRow => ({
    day: r.day,
    stationId: r.station_id,
    carrierId: r.carrier_id,
    parcelsDown: r.parcels_down,
    kgDown: r.kg_down,
    parcelsUp: r.parcels_up,
    kgUp: r.kg_up,
    cold: r.cold,
    upZone: r.up_zone,
  }));

/** "HH:MM-HH:MM" (a lunch-break window) or empty. */
const breakWindowCell = cell.transform((s, ctx): { start: string; end: string } | null => {
  if (s.trim() === '') return null;
  const m = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(s);
  if (!m || !clockOk(m[1]) || !clockOk(m[2]) || parseClock(m[1]) >= parseClock(m[2])) {
    ctx.addIssue({ code: 'custom', message: `expected a window HH:MM-HH:MM (start before end), got "${s}"` });
    return z.NEVER;
  }
  return { start: m[1], end: m[2] };
});

function clockOk(s: string): boolean {
  return parseDayClock(s) !== null;
}

/** Working-time columns of fleet.csv: positive, and a break needs both its minutes and a window long enough. */
function checkWorkingTime(
  r: {
    max_work_minutes: number | null;
    break_minutes: number | null;
    break_window: { start: string; end: string } | null;
  },
  ctx: z.RefinementCtx,
): void {
  if (r.max_work_minutes !== null && !(r.max_work_minutes > 0)) {
    ctx.addIssue({ code: 'custom', path: ['max_work_minutes'], message: `must be > 0, got ${r.max_work_minutes}` });
  }
  if (r.break_minutes !== null && !(r.break_minutes > 0)) {
    ctx.addIssue({ code: 'custom', path: ['break_minutes'], message: `must be > 0, got ${r.break_minutes}` });
  }
  if ((r.break_minutes === null) !== (r.break_window === null)) {
    ctx.addIssue({
      code: 'custom',
      path: [r.break_window === null ? 'break_window' : 'break_minutes'],
      message: 'break_minutes and break_window go together (both or neither)',
    });
  } else if (r.break_minutes !== null && r.break_window !== null) {
    const span = (parseClock(r.break_window.end) - parseClock(r.break_window.start)) / 60;
    if (r.break_minutes > span)
      ctx.addIssue({
        code: 'custom',
        path: ['break_minutes'],
        message: `${r.break_minutes} minutes do not fit in the window ${r.break_window.start}-${r.break_window.end}`,
      });
  }
}

export const fleetRowSchema = z
  .object({
    id: requiredText,
    depot_id: requiredText,
    type: requiredText,
    count: numberCell,
    capacity_parcels: numberCell,
    capacity_kg: numberCell,
    cold: booleanCell,
    fixed_cost: numberCell,
    cost_per_km: numberCell,
    cost_per_hour: numberCell,
    shift_start: clockCell,
    shift_end: clockCell,
    max_km: optionalNumberCell,
    carrier_id: optionalText,
    max_work_minutes: optionalNumberCell,
    break_minutes: optionalNumberCell,
    break_window: breakWindowCell,
  })
  .superRefine(checkWorkingTime)
  .transform((r): FleetRow => ({
    id: r.id,
    depotId: r.depot_id,
    type: r.type,
    count: r.count,
    capacityParcels: r.capacity_parcels,
    capacityKg: r.capacity_kg,
    cold: r.cold,
    fixedCost: r.fixed_cost,
    costPerKm: r.cost_per_km,
    costPerHour: r.cost_per_hour,
    shiftStart: r.shift_start,
    shiftEnd: r.shift_end,
    maxKm: r.max_km,
    carrierId: r.carrier_id === '' ? null : r.carrier_id,
    // Optional columns (issue 11): absent, not null, when empty, so a fleet without them reads back unchanged.
    ...(r.max_work_minutes !== null ? { maxWorkMinutes: r.max_work_minutes } : {}),
    ...(r.break_minutes !== null ? { breakMinutes: r.break_minutes } : {}),
    ...(r.break_window !== null ? { breakWindow: r.break_window } : {}),
  }));

export const tariffRowSchema = z
  .object({
    carrier_id: requiredText,
    origin: enumCell(TARIFF_ORIGINS),
    zone: requiredText,
    first_kg: numberCell,
    first_price: numberCell,
    extra_per_kg: numberCell,
    min_daily_volume: numberCell,
  })
  .transform((r): TariffRow => ({
    carrierId: r.carrier_id,
    origin: r.origin,
    zone: r.zone,
    firstKg: r.first_kg,
    firstPrice: r.first_price,
    extraPerKg: r.extra_per_kg,
    minDailyVolume: r.min_daily_volume,
  }));

// ------------------------------------------------------------------------------------------- bus_lines.csv

/** A ';'-separated list cell (empty items dropped). */
function listItems(s: string): string[] {
  return s
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

const idListCell = cell.transform((s, ctx) => {
  const items = listItems(s);
  if (items.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must not be empty (expected place ids separated by ";")' });
    return z.NEVER;
  }
  return items;
});

const clockListCell = cell.transform((s, ctx) => {
  const items = listItems(s);
  if (items.length === 0)
    ctx.addIssue({ code: 'custom', message: 'must not be empty (expected HH:MM times separated by ";")' });
  for (const t of items) {
    if (parseDayClock(t) === null)
      ctx.addIssue({ code: 'custom', message: `expected HH:MM times (00:00-24:00) separated by ";", got "${t}"` });
  }
  return items;
});

const numberListCell = cell.transform((s, ctx) => {
  const items = listItems(s);
  if (items.length === 0)
    ctx.addIssue({ code: 'custom', message: 'must not be empty (expected numbers separated by ";")' });
  const out: number[] = [];
  for (const t of items) {
    const n = parseNumberCell(t);
    if (n === null) ctx.addIssue({ code: 'custom', message: `expected numbers separated by ";", got "${t}"` });
    else out.push(n);
  }
  return out;
});

export const busLineRowSchema = z
  .object({
    line_id: requiredText,
    name: requiredText,
    stops: idListCell,
    departures: clockListCell,
    minutes: numberListCell,
    capacity_parcels: numberCell,
    price_per_parcel: numberCell,
    price_per_kg: numberCell,
    handover_minutes: numberCell,
    pickup_radius_m: numberCell,
  })
  .transform((r): BusLine => ({
    id: r.line_id,
    name: r.name,
    stops: r.stops,
    departures: r.departures,
    minutes: r.minutes,
    capacityParcels: r.capacity_parcels,
    pricePerParcel: r.price_per_parcel,
    pricePerKg: r.price_per_kg,
    handoverMinutes: r.handover_minutes,
    pickupRadiusM: r.pickup_radius_m,
  }));

/** Row schema of each CSV file of the folder. */
export const CSV_ROW_SCHEMAS = {
  'townships.csv': townshipRowSchema,
  'places.csv': placeRowSchema,
  'carriers.csv': carrierRowSchema,
  'demand.csv': demandRowSchema,
  'fleet.csv': fleetRowSchema,
  'tariffs.csv': tariffRowSchema,
  'bus_lines.csv': busLineRowSchema,
} as const;

// ------------------------------------------------------------------------------------------ county.json

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const clockString = z.string().refine((s) => parseDayClock(s) !== null, 'expected a clock time HH:MM (00:00-24:00)');

export const DEFAULT_PLANNING: PlanningDefaults = {
  dayStart: '08:00',
  dayEnd: '18:00',
  serviceLimitDays: 0,
  horizonDays: 7,
  serviceMinutesBase: 5,
  serviceMinutesPerParcel: 0.2,
  transferMinutes: 30,
  detourFactor: TRAVEL_DEFAULTS.detourFactor,
  defaultSpeedKmh: TRAVEL_DEFAULTS.defaultSpeedKmh,
  maxSnapMeters: TRAVEL_DEFAULTS.maxSnapMeters,
};

/** Policy targets of DESIGN.md §2; used when county.json has no `targets`. */
export const DEFAULT_TARGETS: IndicatorTarget[] = [
  { id: 'village_station_share', label: 'Administrative villages with a station', target: 0.5, op: '>=' },
  { id: 'poverty_village_station_share', label: 'Poverty villages with a station', target: 1, op: '>=' },
  { id: 'large_village_station_share', label: 'Villages of 500+ residents with a station', target: 1, op: '>=' },
  { id: 'township_express_share', label: 'Townships with express service', target: 1, op: '>=' },
  // Same-day delivery is a Guanyun 2020 target, not a Daming one: informational unless a county raises it.
  { id: 'same_day_share', label: 'Stations reached the same day', target: 0, op: '>=' },
  { id: 'within_limit_share', label: 'Stations served within their service limit', target: 1, op: '>=' },
  { id: 'carriers_shared', label: 'Carriers in shared delivery', target: 2, op: '>=' },
  { id: 'upstream_parity', label: 'Upstream cost per parcel vs provincial capital', target: 1, op: '<=' },
  { id: 'produce_station_share', label: 'Stations with farm-produce selling', target: 0.3, op: '>=' },
];

export const indicatorTargetSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  target: finite,
  op: z.enum(['>=', '<=']),
  /** Optional points of the indicator in a 100-point weighted score (reports; Luoyang 2016 style). */
  weight: z.number().min(0).optional(),
});

export const planningDefaultsSchema = z.object({
  dayStart: clockString.default(DEFAULT_PLANNING.dayStart),
  dayEnd: clockString.default(DEFAULT_PLANNING.dayEnd),
  serviceLimitDays: finite.default(DEFAULT_PLANNING.serviceLimitDays),
  horizonDays: finite.default(DEFAULT_PLANNING.horizonDays),
  serviceMinutesBase: finite.default(DEFAULT_PLANNING.serviceMinutesBase),
  serviceMinutesPerParcel: finite.default(DEFAULT_PLANNING.serviceMinutesPerParcel),
  transferMinutes: finite.default(DEFAULT_PLANNING.transferMinutes),
  detourFactor: finite.default(DEFAULT_PLANNING.detourFactor),
  defaultSpeedKmh: finite.default(DEFAULT_PLANNING.defaultSpeedKmh),
  maxSnapMeters: finite.default(DEFAULT_PLANNING.maxSnapMeters),
});

export const countySettingsSchema = z
  .object({
    name: z.string().min(1),
    adminCode: z.string().default(''),
    centre: z.tuple([finite, finite]),
    timeZone: z.string().min(1).default('Asia/Shanghai'),
    defaults: planningDefaultsSchema.prefault({}),
    targets: z.array(indicatorTargetSchema).optional(),
    synthetic: z.array(z.string()).default([]),
    notes: z.string().optional(),
    /** CRS of the folder's coordinates; the reader converts to WGS-84 and drops the field (src/io/crs.ts). */
    crs: z.enum(['wgs84', 'gcj02', 'bd09']).optional(),
  })
  .transform((c): CountySettings & { crs?: 'wgs84' | 'gcj02' | 'bd09' } => {
    const out: CountySettings & { crs?: 'wgs84' | 'gcj02' | 'bd09' } = {
      name: c.name,
      adminCode: c.adminCode,
      centre: [c.centre[0], c.centre[1]],
      timeZone: c.timeZone,
      defaults: { ...c.defaults },
      targets: (c.targets ?? DEFAULT_TARGETS).map((t) => ({ ...t })),
      synthetic: [...c.synthetic],
    };
    if (c.notes !== undefined) out.notes = c.notes;
    if (c.crs !== undefined) out.crs = c.crs;
    return out;
  });

// ------------------------------------------------------------------------------------------- roads.geojson

const position = z.tuple([finite, finite]).rest(finite);

export const roadPropertiesSchema = z.object({
  highway: z.string().min(1),
  speedKmh: finite.optional(),
  oneway: z.boolean().optional(),
  name: z.string().optional(),
});

const lineString = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) });
const multiLineString = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(position).min(2)),
});

export const roadFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: roadPropertiesSchema,
  geometry: z.discriminatedUnion('type', [lineString, multiLineString]),
});

/** Roads as GeoJSON; MultiLineStrings are split into LineStrings and coordinates cut to [lon, lat]. */
export const roadCollectionSchema = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(roadFeatureSchema) })
  .transform((fc): RoadCollection => {
    const features: RoadCollection['features'] = [];
    for (const f of fc.features) {
      const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const line of lines) {
        const properties: RoadCollection['features'][number]['properties'] = { highway: f.properties.highway };
        if (f.properties.speedKmh !== undefined) properties.speedKmh = f.properties.speedKmh;
        if (f.properties.oneway !== undefined) properties.oneway = f.properties.oneway;
        if (f.properties.name !== undefined) properties.name = f.properties.name;
        features.push({
          type: 'Feature',
          properties,
          geometry: { type: 'LineString', coordinates: line.map((p) => [p[0], p[1]] as [number, number]) },
        });
      }
    }
    return { type: 'FeatureCollection', features };
  });

/** Render a zod issue path as a field name: `defaults.dayStart`, `features[3].geometry`. */
export function pathToField(path: ReadonlyArray<PropertyKey>): string | null {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? null : out;
}
