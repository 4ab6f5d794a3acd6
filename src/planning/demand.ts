/**
 * The one home of demand aggregation: demand rows (station × carrier × cold) → loads. Every planner (day,
 * horizon, compare, hubs, coverage, upstream) and the map's GeoJSON read demand through this module, so
 * "parcels of a station" means the same thing everywhere. No I/O.
 *
 * Names of quantities, end to end: parcelsDown / kgDown (to the village), parcelsUp / kgUp (produce collected),
 * per carrier { down, up } (parcels). In engine load vectors the dimensions are [PARCELS, KG].
 */
import type { DemandRow } from '../model/types.ts';

/** Index of the parcel count in an engine load vector (Job.delivery, Job.pickup, VehicleType.capacity). */
export const PARCELS = 0;
/** Index of the weight (kg) in an engine load vector. */
export const KG = 1;

/** Parcels of one carrier at a station or stop. */
export interface CarrierParcels {
  down: number;
  up: number;
}

/** carrierId → parcels of that carrier. Carriers without parcels are absent. */
export type ByCarrier = Record<string, CarrierParcels>;

/** The load of a job, a stop or a station: parcels and kg both ways, and the parcels per carrier. */
export interface Load {
  parcelsDown: number;
  kgDown: number;
  parcelsUp: number;
  kgUp: number;
  byCarrier: ByCarrier;
}

/** A station's demand: the ambient (normal) load and the cold-chain load, which is its own job and stop. */
export interface StationDemand {
  stationId: string;
  normal: Load;
  cold: Load;
}

/** Anything carrying parcel counts both ways (a demand row, a Load, a PlanStop, KPIs). */
export type HasParcelCounts = { parcelsDown: number; parcelsUp: number };

/** Parcels handled both ways: what cost per parcel, service time and "has parcels" count. */
export function parcelsOf(x: HasParcelCounts): number {
  return x.parcelsDown + x.parcelsUp;
}

/** The one "has parcels" predicate: a row, load or station with at least one parcel down or up. */
export function hasParcels(x: HasParcelCounts): boolean {
  return x.parcelsDown + x.parcelsUp > 0;
}

export function emptyLoad(): Load {
  return { parcelsDown: 0, kgDown: 0, parcelsUp: 0, kgUp: 0, byCarrier: {} };
}

function addCarrier(by: ByCarrier, carrierId: string, down: number, up: number): void {
  if (down + up <= 0) return;
  const c = by[carrierId] ?? (by[carrierId] = { down: 0, up: 0 });
  c.down += down;
  c.up += up;
}

/** Add one demand row to a load (the row's parcels are counted for its carrier). */
export function addRow(
  load: Load,
  row: Pick<DemandRow, 'carrierId' | 'parcelsDown' | 'kgDown' | 'parcelsUp' | 'kgUp'>,
): void {
  load.parcelsDown += row.parcelsDown;
  load.kgDown += row.kgDown;
  load.parcelsUp += row.parcelsUp;
  load.kgUp += row.kgUp;
  addCarrier(load.byCarrier, row.carrierId, row.parcelsDown, row.parcelsUp);
}

/** Add a load to another (e.g. a hub's total over its stations). */
export function addLoad(into: Load, other: Load): void {
  into.parcelsDown += other.parcelsDown;
  into.kgDown += other.kgDown;
  into.parcelsUp += other.parcelsUp;
  into.kgUp += other.kgUp;
  for (const [c, p] of Object.entries(other.byCarrier)) addCarrier(into.byCarrier, c, p.down, p.up);
}

/** Both parts of a station taken together. */
export function totalLoad(s: StationDemand): Load {
  const t = emptyLoad();
  addLoad(t, s.normal);
  addLoad(t, s.cold);
  return t;
}

/**
 * Demand rows → one StationDemand per station (station × carrier × cold → load), in first-seen order. Stations
 * whose rows carry no parcel are left out unless keepEmpty.
 */
export function aggregateDemand(rows: readonly DemandRow[], keepEmpty = false): Map<string, StationDemand> {
  const out = new Map<string, StationDemand>();
  for (const r of rows) {
    let s = out.get(r.stationId);
    if (!s) out.set(r.stationId, (s = { stationId: r.stationId, normal: emptyLoad(), cold: emptyLoad() }));
    addRow(r.cold ? s.cold : s.normal, r);
  }
  if (!keepEmpty) for (const [id, s] of out) if (!hasParcels(s.normal) && !hasParcels(s.cold)) out.delete(id);
  return out;
}

/** Parcels per carrier over a set of rows (carriers without parcels are absent). */
export function parcelsByCarrier(rows: readonly DemandRow[]): Map<string, CarrierParcels> {
  const by: ByCarrier = {};
  for (const r of rows) addCarrier(by, r.carrierId, r.parcelsDown, r.parcelsUp);
  return new Map(Object.entries(by));
}

/** The rows of one day. */
export function rowsOfDay(rows: readonly DemandRow[], day: number): DemandRow[] {
  return rows.filter((r) => r.day === day);
}

/**
 * Split `counts` (summing to Σ parts) over parts of the given sizes, filling the parts in order: carrier by carrier,
 * so each part's per-carrier counts are whole numbers summing to the part's size.
 */
function splitCounts(by: ByCarrier, key: keyof CarrierParcels, sizes: number[], into: ByCarrier[]): void {
  let part = 0;
  let room = sizes[0] ?? 0;
  for (const carrierId of Object.keys(by).sort()) {
    let left = by[carrierId][key];
    while (left > 0 && part < sizes.length) {
      if (room === 0) {
        part++;
        room = sizes[part] ?? 0;
        continue;
      }
      const take = Math.min(left, room);
      const c = into[part][carrierId] ?? (into[part][carrierId] = { down: 0, up: 0 });
      c[key] += take;
      left -= take;
      room -= take;
    }
  }
}

/** Split a load into the fewest equal parts that each fit one vehicle of capacity [capP parcels, capK kg]. */
export function splitLoad(load: Load, capP: number, capK: number): Load[] {
  const k = Math.max(
    1,
    Math.ceil(load.parcelsDown / capP),
    Math.ceil(load.parcelsUp / capP),
    Math.ceil(load.kgDown / capK - 1e-9),
    Math.ceil(load.kgUp / capK - 1e-9),
  );
  if (!Number.isFinite(k) || k <= 1) return [load];
  const share = (total: number, i: number) => Math.floor(total / k) + (i < total % k ? 1 : 0);
  const parts: Load[] = [];
  for (let i = 0; i < k; i++) {
    parts.push({
      parcelsDown: share(load.parcelsDown, i),
      kgDown: load.kgDown / k,
      parcelsUp: share(load.parcelsUp, i),
      kgUp: load.kgUp / k,
      byCarrier: {},
    });
  }
  const by = parts.map((p) => p.byCarrier);
  splitCounts(
    load.byCarrier,
    'down',
    parts.map((p) => p.parcelsDown),
    by,
  );
  splitCounts(
    load.byCarrier,
    'up',
    parts.map((p) => p.parcelsUp),
    by,
  );
  return parts;
}

/** A copy of a ByCarrier (plan stops own theirs). */
export function copyByCarrier(by: ByCarrier): ByCarrier {
  return Object.fromEntries(Object.entries(by).map(([c, p]) => [c, { down: p.down, up: p.up }]));
}

/** Merge b into a (stops made of several job parts). */
export function mergeByCarrier(a: ByCarrier, b: ByCarrier): void {
  for (const [c, p] of Object.entries(b)) addCarrier(a, c, p.down, p.up);
}
