/**
 * Domain types of a county scenario (DESIGN.md §3). One place for them: io/, store/, planning/, server/
 * and web/ all speak these shapes. Validation (zod schemas) lives in ./schemas.ts; this file has no code.
 *
 * Units: coordinates WGS-84 degrees; clock times "HH:MM" in files, seconds since midnight in the engine;
 * distances metres inside the engine, km in KPIs; money in yuan (CNY).
 */

export type PlaceKind = 'warehouse' | 'hub' | 'hub_candidate' | 'village';

/** A row of places.csv. A village with hasStation = true is a village station (the delivery stop). */
export interface Place {
  id: string;
  kind: PlaceKind;
  name: string;
  /** Township id (townships.csv `id`, the 9-digit admin code for Daming). */
  township: string;
  lon: number;
  lat: number;
  /** Residents; null where unknown (warehouse, hubs). */
  population: number | null;
  /** 建档立卡贫困村 flag (villages only). */
  poverty: boolean;
  hasStation: boolean;
  /** Per-station override of the county service limit (days; 0 = same day). null = county default. */
  serviceLimitDays: number | null;
}

/** A row of townships.csv (an addition to DESIGN.md §3: the coverage scorecard needs the township list). */
export interface Township {
  id: string;
  name: string;
  /** Township seat position. */
  lon: number;
  lat: number;
}

export interface Carrier {
  id: string;
  name: string;
}

/** A row of demand.csv: one station, one carrier, one day. */
export interface DemandRow {
  /** Day of the horizon, 1-based. */
  day: number;
  stationId: string;
  carrierId: string;
  parcelsDown: number;
  kgDown: number;
  parcelsUp: number;
  kgUp: number;
  /** Cold-chain items: only vehicles with cold = true may carry this row. */
  cold: boolean;
  /** Destination zone of the upstream parcels (tariffs.csv `zone`); '' when parcelsUp = 0. */
  upZone: string;
}

/** A row of fleet.csv: `count` identical vehicles based at `depotId`. type 'trunk' = warehouse → hub line-haul. */
export interface FleetRow {
  id: string;
  depotId: string;
  type: string;
  count: number;
  capacityParcels: number;
  capacityKg: number;
  cold: boolean;
  fixedCost: number;
  costPerKm: number;
  costPerHour: number;
  /** "HH:MM" */
  shiftStart: string;
  /** "HH:MM" */
  shiftEnd: string;
  /** null = no limit */
  maxKm: number | null;
  /** Own fleet of a carrier for the separate (non-shared) baseline; null = shared fleet. */
  carrierId: string | null;
  /** Longest working day in minutes, first departure to last return (driving, service, waiting, reloads); null/absent = none. */
  maxWorkMinutes?: number | null;
  /** Lunch break of this many minutes inside breakWindow ("HH:MM" start and end); null/absent = none. */
  breakMinutes?: number | null;
  breakWindow?: { start: string; end: string } | null;
}

export type TariffOrigin = 'county' | 'capital' | 'platform';

/** A row of tariffs.csv: price of one parcel = firstPrice + extraPerKg × max(0, ceil(kg − firstKg)). */
export interface TariffRow {
  carrierId: string;
  origin: TariffOrigin;
  zone: string;
  firstKg: number;
  firstPrice: number;
  extraPerKg: number;
  /** Volume tier: the row applies when the daily upstream volume (parcels) is ≥ this. */
  minDailyVolume: number;
}

/** One policy indicator target (DESIGN.md §2); targets are data, a county sets its own. */
export interface IndicatorTarget {
  /** e.g. village_station_share, poverty_village_station_share, … (see issue 5) */
  id: string;
  label: string;
  /** Threshold: share in 0..1, a count, or a ratio, depending on the indicator. */
  target: number;
  /** How value compares with target to pass. */
  op: '>=' | '<=';
  /** Points of the indicator in the optional 100-point weighted score of reports (weights are normalised to 100). */
  weight?: number;
}

export interface PlanningDefaults {
  /** Working day "HH:MM" – "HH:MM": a same-day station must be reached inside it. */
  dayStart: string;
  dayEnd: string;
  /** County default service limit in days (0 = same day, ≤ 7). */
  serviceLimitDays: number;
  horizonDays: number;
  /** Time at a stop: base minutes + minutes per parcel (down and up). */
  serviceMinutesBase: number;
  serviceMinutesPerParcel: number;
  /** Trunk arrival at a hub → hub vehicles may leave after this many minutes. */
  transferMinutes: number;
  /** Where no roads are given: road km = straight-line km × detourFactor, at defaultSpeedKmh. */
  detourFactor: number;
  defaultSpeedKmh: number;
  /** A place farther than this from every road is reported, not silently snapped. */
  maxSnapMeters: number;
}

/** county.json */
export interface CountySettings {
  name: string;
  adminCode: string;
  /** [lon, lat] */
  centre: [number, number];
  timeZone: string;
  defaults: PlanningDefaults;
  targets: IndicatorTarget[];
  /** Which parts of the data are synthesized (shown by `info` and on the map). Empty = all real. */
  synthetic: string[];
  /** Free-form provenance notes. */
  notes?: string;
}

/** Road source of a scenario: GeoJSON LineStrings, raw OSM bytes, or none (straight-line estimate). */
export type RoadSource =
  { format: 'geojson'; data: RoadCollection } | { format: 'osm.pbf' | 'osm'; bytes: Uint8Array } | { format: 'none' };

export interface RoadProperties {
  /** OSM-like class: motorway, trunk, primary, secondary, tertiary, unclassified, residential, track, … */
  highway: string;
  /** km/h; if absent, the default speed of the class. */
  speedKmh?: number;
  oneway?: boolean;
  name?: string;
}

export interface RoadCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    properties: RoadProperties;
    geometry: { type: 'LineString'; coordinates: [number, number][] };
  }>;
}

/** A whole county on one planning horizon. */
export interface Scenario {
  county: CountySettings;
  townships: Township[];
  places: Place[];
  carriers: Carrier[];
  demand: DemandRow[];
  fleet: FleetRow[];
  tariffs: TariffRow[];
  roads: RoadSource;
  /** Passenger-bus lines that may carry parcels (客运班车带货), from the optional bus_lines.csv. */
  busLines?: BusLine[];
}

/** Error of one field of one row of one file; rendered `file:row:field: message`. Row is 1-based data row (header = row 1 → first data row = 2). */
export interface FieldIssue {
  file: string;
  row: number | null;
  field: string | null;
  message: string;
}

/**
 * A row of bus_lines.csv: a passenger-bus line that carries parcels on its runs (客运班车带货). Stops are place ids in
 * order; a run leaves the first stop at each departure and reaches stop k `minutes[k]` minutes later.
 */
export interface BusLine {
  id: string;
  name: string;
  stops: string[];
  /** "HH:MM" departures from the first stop. */
  departures: string[];
  /** Minutes from the first stop to each stop (same length as stops, first 0, strictly increasing). */
  minutes: number[];
  /** Parcels one run may carry. */
  capacityParcels: number;
  pricePerParcel: number;
  pricePerKg: number;
  /** Minutes to hand parcels over at a stop (the station keeper collects them). */
  handoverMinutes: number;
  /** A station within this distance (m) of a stop can be served by the line. */
  pickupRadiusM: number;
}
