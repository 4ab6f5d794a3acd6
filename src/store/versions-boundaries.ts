/**
 * Real township boundaries of a scenario (GeoJSON Polygon / MultiPolygon features, one per township,
 * matched by `id` or `name` to townships.csv). Optional: without them the map draws Voronoi zones of the
 * township seats, labelled as an approximation. With them, "outside the county" in edit validation means
 * outside every boundary. Stored beside the scenario (not in its document) so that importing a boundary
 * file is not a scenario version.
 */
import type { FieldIssue, Scenario } from '../model/types.ts';
import { ScenarioError } from '../model/validate.ts';
import { convertLonLat, type Crs } from '../io/crs.ts';
import type { SqliteStore } from './sqlite.ts';

type Ring = [number, number][];
export interface BoundaryFeature {
  type: 'Feature';
  properties: { id: string; name: string };
  geometry: { type: 'MultiPolygon'; coordinates: Ring[][] };
}
export interface Boundaries {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}

const FILE = 'townships.geojson';

/** Check and normalise a boundary file (every geometry becomes a MultiPolygon in WGS-84). */
export function parseBoundaries(input: unknown, scenario: Scenario, crs: Crs = 'wgs84'): Boundaries {
  const issues: FieldIssue[] = [];
  const at = (row: number | null, field: string | null, message: string) =>
    issues.push({ file: FILE, row, field, message });
  const fc = input as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ScenarioError(
      [{ file: FILE, row: null, field: 'type', message: 'expected a GeoJSON FeatureCollection' }],
      'invalid boundaries',
    );
  }
  const byId = new Map(scenario.townships.map((t) => [t.id, t]));
  const byName = new Map(scenario.townships.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const features: BoundaryFeature[] = [];
  (fc.features as Array<{ properties?: unknown; geometry?: unknown } | null>).forEach((f, i) => {
    const row = i + 1; // feature number
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    const township = byId.get(String(props.id ?? '')) ?? byName.get(String(props.name ?? ''));
    if (!township)
      return at(
        row,
        'properties',
        `feature ${row}: no township with id "${String(props.id ?? '')}" or name "${String(props.name ?? '')}" in townships.csv`,
      );
    if (seen.has(township.id))
      return at(row, 'properties.id', `township "${township.id}" (${township.name}) has a second boundary`);
    seen.add(township.id);
    const g = f?.geometry as { type?: string; coordinates?: unknown } | undefined;
    const polygons =
      g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : null;
    if (!polygons) return at(row, 'geometry.type', `expected Polygon or MultiPolygon, got ${String(g?.type)}`);
    const out: Ring[][] = [];
    for (const poly of polygons) {
      const rings: Ring[] = [];
      for (const ring of (poly as unknown[]) ?? []) {
        const pts = (ring as unknown[]).map((c) => c as number[]);
        if (
          pts.length < 4 ||
          pts.some(
            (c) =>
              !Array.isArray(c) ||
              !Number.isFinite(c[0]) ||
              !Number.isFinite(c[1]) ||
              Math.abs(c[0]) > 180 ||
              Math.abs(c[1]) > 90,
          )
        ) {
          return at(row, 'geometry.coordinates', 'each ring needs at least 4 [lon, lat] positions within range');
        }
        rings.push(pts.map((c) => convertLonLat(c[0], c[1], crs, 'wgs84')));
      }
      out.push(rings);
    }
    features.push({
      type: 'Feature',
      properties: { id: township.id, name: township.name },
      geometry: { type: 'MultiPolygon', coordinates: out },
    });
  });
  if (issues.length > 0) throw new ScenarioError(issues, 'invalid boundaries');
  return { type: 'FeatureCollection', features };
}

function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside some township's boundary (outer ring in, no hole). */
export function insideBoundaries(b: Boundaries, lon: number, lat: number): boolean {
  return b.features.some((f) =>
    f.geometry.coordinates.some(
      ([outer, ...holes]) => !!outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h)),
    ),
  );
}

export function getBoundaries(store: SqliteStore, scenarioId: string): Boundaries | null {
  const row = store.handle.prepare('SELECT geojson FROM scenario_boundaries WHERE scenario_id = ?').get(scenarioId) as
    { geojson: string } | undefined;
  return row ? (JSON.parse(row.geojson) as Boundaries) : null;
}

export function saveBoundaries(store: SqliteStore, scenarioId: string, b: Boundaries): void {
  store.handle
    .prepare(
      'INSERT INTO scenario_boundaries (scenario_id, geojson, updated_at) VALUES (?, ?, ?) ON CONFLICT(scenario_id) DO UPDATE SET geojson = excluded.geojson, updated_at = excluded.updated_at',
    )
    .run(scenarioId, JSON.stringify(b), new Date().toISOString());
}

export function deleteBoundaries(store: SqliteStore, scenarioId: string): boolean {
  return store.handle.prepare('DELETE FROM scenario_boundaries WHERE scenario_id = ?').run(scenarioId).changes > 0;
}
