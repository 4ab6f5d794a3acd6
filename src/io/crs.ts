/**
 * Coordinate reference systems of imported data. Chinese sources give GCJ-02 (AMap, Tencent) or BD-09
 * (Baidu) instead of WGS-84; everything inside Gongpei is WGS-84, so a scenario declared in another CRS
 * (county.json `crs`, or `gongpei import --crs`) is converted once, at import, with gcoord (its inverse
 * transforms are iterative and accurate to well under a metre).
 *
 * OSM road files are WGS-84 by definition and are never converted.
 */
import gcoordImport from 'gcoord';
import type { Scenario } from '../model/types.ts';

/** gcoord is CommonJS with ESM-style typings: under NodeNext its default import is typed as the namespace. */
type Gcoord = typeof import('gcoord').default;
export const gcoord: Gcoord =
  (gcoordImport as unknown as { default?: Gcoord }).default ?? (gcoordImport as unknown as Gcoord);

export const CRS_NAMES = ['wgs84', 'gcj02', 'bd09'] as const;
export type Crs = (typeof CRS_NAMES)[number];

const GCOORD: Record<Crs, Parameters<typeof gcoord.transform>[1]> = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
};

export function parseCrs(text: string): Crs {
  const t = text.trim().toLowerCase().replace(/[-_]/g, '');
  const found = CRS_NAMES.find((c) => c === t);
  if (!found) throw new Error(`unknown CRS "${text}": use wgs84, gcj02 or bd09`);
  return found;
}

/** [lon, lat] from `from` to `to`. */
export function convertLonLat(lon: number, lat: number, from: Crs, to: Crs): [number, number] {
  if (from === to) return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], GCOORD[from], GCOORD[to]) as [number, number];
  return [x, y];
}

/** The scenario with every coordinate (centre, township seats, places, GeoJSON roads) in WGS-84. */
export function scenarioToWgs84(scenario: Scenario, from: Crs): Scenario {
  if (from === 'wgs84') return scenario;
  const cv = (lon: number, lat: number) => convertLonLat(lon, lat, from, 'wgs84');
  const roads = scenario.roads;
  return {
    ...scenario,
    county: { ...scenario.county, centre: cv(scenario.county.centre[0], scenario.county.centre[1]) },
    townships: scenario.townships.map((t) => {
      const [lon, lat] = cv(t.lon, t.lat);
      return { ...t, lon, lat };
    }),
    places: scenario.places.map((p) => {
      const [lon, lat] = cv(p.lon, p.lat);
      return { ...p, lon, lat };
    }),
    roads:
      roads.format === 'geojson'
        ? {
            format: 'geojson',
            data: {
              ...roads.data,
              features: roads.data.features.map((f) => ({
                ...f,
                geometry: { ...f.geometry, coordinates: f.geometry.coordinates.map(([x, y]) => cv(x, y)) },
              })),
            },
          }
        : roads,
  };
}
