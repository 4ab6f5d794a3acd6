/**
 * Exporters of a plan, shared by the CLI (`gongpei plan --out DIR`) and the server: route sheets (CSV, one row
 * per stop) and routes as GeoJSON LineStrings that follow the road graph (legPath). Without road data the legs
 * are straight segments and every feature says so (geometry: 'straight-estimate').
 */
import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../io/csv.ts';
import type { Scenario } from '../model/types.ts';
import type { TravelNetwork } from '../network/matrix.ts';
import { legPath, type LonLat } from '../network/legs.ts';
import type { PlanResult, PlanStop } from './types.ts';
import { parseClock } from '../util/time.ts';

/** English header of the route sheets (tools read it: never change, only append). */
export const ROUTE_SHEET_COLUMNS = [
  'vehicle',
  'trip',
  'kind',
  'seq',
  'station_id',
  'station',
  'township',
  'arrival',
  'departure',
  'parcels_down',
  'parcels_up',
  'load',
  'load_kg',
  'cold',
  'by_carrier',
] as const;

/** Chinese header of the same columns, in the same order (the default: what an operator opens in Excel). */
const ROUTE_SHEET_COLUMNS_ZH: Record<(typeof ROUTE_SHEET_COLUMNS)[number], string> = {
  vehicle: '车辆',
  trip: '趟次',
  kind: '类型',
  seq: '序号',
  station_id: '站点编号',
  station: '站点',
  township: '乡镇',
  arrival: '到达',
  departure: '离开',
  parcels_down: '下行件数',
  parcels_up: '上行件数',
  load: '车上件数',
  load_kg: '车上重量(kg)',
  cold: '冷链',
  by_carrier: '各快递公司件数(下/上)',
};

export type SheetLang = 'zh' | 'en';

/** A stop's parcels per carrier as "carrier:down/up" items separated by spaces, carriers sorted (route sheets). */
export function byCarrierText(byCarrier: PlanStop['byCarrier'] | undefined): string {
  return Object.keys(byCarrier ?? {})
    .sort()
    .map((c) => `${c}:${byCarrier![c].down}/${byCarrier![c].up}`)
    .join(' ');
}

/** Header row: the fixed columns, then down and up per carrier of the scenario (`down_ID, up_ID` in English). */
export function routeSheetHeader(scenario: Scenario, lang: SheetLang = 'zh'): string[] {
  const fixed = ROUTE_SHEET_COLUMNS.map((c) => (lang === 'en' ? c : ROUTE_SHEET_COLUMNS_ZH[c]));
  const perCarrier = scenario.carriers.flatMap((c) =>
    lang === 'en' ? [`down_${c.id}`, `up_${c.id}`] : [`${c.name}下行`, `${c.name}上行`],
  );
  return [...fixed, ...perCarrier];
}

/**
 * Route sheets: one row per stop of every route (trunk stops are the hubs), in visiting order; UTF-8 with BOM so
 * Chinese Excel opens it right. Chinese header and cell words by default; `lang = 'en'` keeps the English column
 * names tools read (cold as 1/0, kind as delivery/trunk).
 */
export function routeSheetsCsv(scenario: Scenario, plan: PlanResult, lang: SheetLang = 'zh'): string {
  const place = new Map(scenario.places.map((p) => [p.id, p] as const));
  const township = new Map(scenario.townships.map((t) => [t.id, t.name] as const));
  const zh = lang !== 'en';
  const rows: Array<Array<string | number>> = [];
  for (const route of plan.routes) {
    const brk = breakRow(route, lang, scenario.carriers.length);
    if (brk?.afterStop === 0) rows.push(brk.row);
    route.stops.forEach((stop, i) => {
      const p = place.get(stop.stationId);
      const cold = zh ? (stop.cold ? '是' : '') : stop.cold ? 1 : 0;
      rows.push([
        route.vehicle,
        route.trip ?? 1,
        zh ? (route.kind === 'trunk' ? '干线' : '配送') : route.kind,
        i + 1,
        stop.stationId,
        p?.name ?? '',
        township.get(p?.township ?? '') ?? p?.township ?? '',
        stop.arrival,
        stop.departure,
        stop.parcelsDown,
        stop.parcelsUp,
        stop.load,
        stop.loadKg,
        cold,
        byCarrierText(stop.byCarrier),
        ...scenario.carriers.flatMap((c) => [stop.byCarrier?.[c.id]?.down ?? 0, stop.byCarrier?.[c.id]?.up ?? 0]),
      ]);
      if (brk?.afterStop === i + 1) rows.push(brk.row);
    });
  }
  rows.push(...busHandoverRows(scenario, plan, lang));
  return `\ufeff${stringify(rows, { header: true, columns: routeSheetHeader(scenario, lang), cast: { string: safeCell } })}`;
}

/**
 * The lunch break of a route (route.break) as a route-sheet row of kind `break` (午休): arrival and departure are its
 * start and end, the station column says its minutes, parcels and loads 0 (also in the down/up columns of each of
 * `carriers` carriers; on the way, load and load_kg are those on board). At the depot (station_id the depot): seq 0 before the trip's first stop, stops + 1 after the
 * last; on the way: after its stop, with that stop's seq and station id. `afterStop`: rows of stops before it.
 * Null for a route without a break.
 */
function breakRow(
  route: PlanResult['routes'][number],
  lang: SheetLang,
  carriers: number,
): { afterStop: number; row: Array<string | number> } | null {
  const b = route.break;
  if (!b) return null;
  const [start, end] = [clockMinutes(b.start), clockMinutes(b.end)];
  const before = b.stationId === undefined && end <= clockMinutes(route.departure);
  const afterStop = before ? 0 : (b.afterStop ?? route.stops.length);
  // On the way the van still carries the load it left its stop with.
  const on = b.stationId !== undefined ? route.stops[afterStop - 1] : undefined;
  const zh = lang !== 'en';
  const minutes = end - start;
  return {
    afterStop,
    row: [
      route.vehicle,
      route.trip ?? 1,
      zh ? '午休' : 'break',
      b.stationId !== undefined ? afterStop : before ? 0 : route.stops.length + 1,
      b.stationId ?? route.depot,
      zh ? `午休 ${minutes} 分钟` : `lunch break ${minutes} min`,
      '',
      b.start,
      b.end,
      0,
      0,
      on?.load ?? 0,
      on?.loadKg ?? 0,
      zh ? '' : 0,
      '',
      ...Array.from({ length: 2 * carriers }, () => 0),
    ],
  };
}

const clockMinutes = (hhmm: string) => Math.round(parseClock(hhmm) / 60);

/**
 * Hand-over list of every bus run (kind 'bus', vehicle "line departure"): one row per station in arrival order, the
 * station column naming the bus stop where its keeper collects; load = parcels still on the bus for later stops.
 */
export function busHandoverRows(
  scenario: Scenario,
  plan: PlanResult,
  lang: SheetLang = 'zh',
): Array<Array<string | number>> {
  const place = new Map(scenario.places.map((p) => [p.id, p] as const));
  const township = new Map(scenario.townships.map((t) => [t.id, t.name] as const));
  const rows: Array<Array<string | number>> = [];
  for (const leg of plan.busLegs ?? []) {
    let load = leg.stops.reduce((a, s) => a + s.parcels, 0);
    let loadKg = leg.stops.reduce((a, s) => a + s.kg, 0);
    leg.stops.forEach((stop, i) => {
      const p = place.get(stop.stationId);
      load -= stop.parcels;
      loadKg -= stop.kg;
      rows.push([
        `${leg.line} ${leg.departure}`,
        1,
        lang === 'en' ? 'bus' : '班车',
        i + 1,
        stop.stationId,
        `${p?.name ?? ''} ← ${place.get(stop.stopId)?.name ?? stop.stopId}`,
        township.get(p?.township ?? '') ?? p?.township ?? '',
        stop.arrival,
        stop.arrival,
        stop.parcels,
        0,
        load,
        Math.round(Math.max(0, loadKg) * 1000) / 1000,
        lang === 'en' ? 0 : '',
        byCarrierText(stop.byCarrier),
        ...scenario.carriers.flatMap((c) => [stop.byCarrier?.[c.id]?.down ?? 0, stop.byCarrier?.[c.id]?.up ?? 0]),
      ]);
    });
  }
  return rows;
}

export interface RoutesGeoJson {
  type: 'FeatureCollection';
  estimatedTravel: boolean;
  /** Legs drawn straight because no road path was found (0 with a complete road graph). */
  straightLegs: number;
  features: Array<{
    type: 'Feature';
    properties: Record<string, unknown>;
    geometry: { type: 'LineString'; coordinates: LonLat[] } | { type: 'Point'; coordinates: LonLat };
  }>;
}

/**
 * Routes as LineStrings along the roads (depot → stops → depot), plus one Point per stop (seq, arrival).
 * network = the planning network the plan was made on (planningNetwork); null → straight legs, flagged.
 */
export function routesGeoJson(scenario: Scenario, plan: PlanResult, network: TravelNetwork | null): RoutesGeoJson {
  const at = new Map(scenario.places.map((p) => [p.id, [p.lon, p.lat] as LonLat] as const));
  const known = new Set(network ? network.points.map((p) => p.id) : []);
  const estimated = !network || network.matrix.estimated;
  let straightLegs = 0;
  const cache = new Map<string, LonLat[]>();
  const leg = (from: string, to: string): LonLat[] => {
    const key = `${from}\u0000${to}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let path: LonLat[] | null = null;
    if (network && known.has(from) && known.has(to)) path = legPath(network, from, to);
    if (!path || path.length === 0) {
      if (!estimated) straightLegs++;
      path = [at.get(from), at.get(to)].filter((c): c is LonLat => c !== undefined);
    }
    cache.set(key, path);
    return path;
  };
  const features: RoutesGeoJson['features'] = [];
  plan.routes.forEach((route, index) => {
    const ids = [route.depot, ...route.stops.map((s) => s.stationId), route.depot];
    const coordinates: LonLat[] = [];
    for (let k = 1; k < ids.length; k++) {
      for (const c of leg(ids[k - 1], ids[k])) {
        const last = coordinates[coordinates.length - 1];
        if (!last || last[0] !== c[0] || last[1] !== c[1]) coordinates.push(c);
      }
    }
    features.push({
      type: 'Feature',
      properties: {
        index,
        vehicle: route.vehicle,
        trip: route.trip ?? 1,
        fleetId: route.fleetId,
        depot: route.depot,
        kind: route.kind,
        km: route.km,
        hours: route.hours,
        cost: route.cost,
        departure: route.departure,
        returnTime: route.returnTime,
        stops: route.stops.map((s) => s.stationId),
        geometry: estimated ? 'straight-estimate' : 'road',
      },
      geometry: { type: 'LineString', coordinates },
    });
    route.stops.forEach((stop, seq) => {
      const c = at.get(stop.stationId);
      if (!c) return;
      features.push({
        type: 'Feature',
        properties: {
          route: index,
          vehicle: route.vehicle,
          seq: seq + 1,
          stationId: stop.stationId,
          arrival: stop.arrival,
          parcelsDown: stop.parcelsDown,
          parcelsUp: stop.parcelsUp,
          load: stop.load,
          cold: stop.cold ?? false,
          byCarrier: stop.byCarrier ?? {},
        },
        geometry: { type: 'Point', coordinates: c },
      });
    });
  });
  return { type: 'FeatureCollection', estimatedTravel: estimated, straightLegs, features };
}
