/**
 * GeoJSON views of a scenario for the map: places (with per-day parcels for popups), roads and township
 * seats. Plain data shaping, no I/O.
 */
import type { Scenario } from '../model/types.ts';
import { aggregateDemand, hasParcels, rowsOfDay, totalLoad } from '../planning/demand.ts';

/** Days present in demand.csv, ascending. */
function demandDays(scenario: Scenario): number[] {
  return [...new Set(scenario.demand.map((r) => r.day))].sort((a, b) => a - b);
}

type Feature = {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };
};

export interface ScenarioGeoJson {
  type: 'FeatureCollection';
  features: Feature[];
  /** Parts of the scenario that are synthesized (county.json `synthetic`): the map labels them. */
  synthetic: string[];
  /** true when there are no roads (travel = straight line × detour factor). */
  estimatedTravel: boolean;
  roadsFormat: Scenario['roads']['format'];
  /** [minLon, minLat, maxLon, maxLat] of the places. */
  bbox: [number, number, number, number];
}

export function scenarioGeoJson(scenario: Scenario): ScenarioGeoJson {
  const features: Feature[] = [];
  const down = new Map<string, Record<number, number>>();
  const up = new Map<string, Record<number, number>>();
  const carriers = new Map<string, Set<string>>();
  for (const day of demandDays(scenario)) {
    for (const [id, station] of aggregateDemand(rowsOfDay(scenario.demand, day), true)) {
      const t = totalLoad(station);
      const d = down.get(id) ?? {};
      d[day] = t.parcelsDown;
      down.set(id, d);
      const u = up.get(id) ?? {};
      u[day] = t.parcelsUp;
      up.set(id, u);
      const c = carriers.get(id) ?? new Set<string>();
      for (const carrierId of Object.keys(t.byCarrier)) c.add(carrierId);
      carriers.set(id, c);
    }
  }
  const townshipName = new Map(scenario.townships.map((t) => [t.id, t.name]));
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (const p of scenario.places) {
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    features.push({
      type: 'Feature',
      properties: {
        layer: 'place',
        id: p.id,
        kind: p.kind,
        name: p.name,
        township: p.township,
        townshipName: townshipName.get(p.township) ?? p.township,
        population: p.population,
        poverty: p.poverty,
        hasStation: p.hasStation,
        serviceLimitDays: p.serviceLimitDays ?? scenario.county.defaults.serviceLimitDays,
        parcelsDownByDay: down.get(p.id) ?? {},
        parcelsUpByDay: up.get(p.id) ?? {},
        carriers: [...(carriers.get(p.id) ?? [])].sort(),
      },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    });
  }
  for (const t of scenario.townships) {
    features.push({
      type: 'Feature',
      properties: { layer: 'township', id: t.id, name: t.name },
      geometry: { type: 'Point', coordinates: [t.lon, t.lat] },
    });
  }
  if (scenario.roads.format === 'geojson') {
    for (const road of scenario.roads.data.features) {
      features.push({
        type: 'Feature',
        properties: { layer: 'road', highway: road.properties.highway, name: road.properties.name ?? null },
        geometry: { type: 'LineString', coordinates: road.geometry.coordinates },
      });
    }
  }
  if (!Number.isFinite(minLon))
    [minLon, minLat, maxLon, maxLat] = [...scenario.county.centre, ...scenario.county.centre];
  return {
    type: 'FeatureCollection',
    features,
    synthetic: scenario.county.synthetic,
    estimatedTravel: scenario.roads.format === 'none',
    roadsFormat: scenario.roads.format,
    bbox: [minLon, minLat, maxLon, maxLat],
  };
}

/** Counts and settings of a scenario (GET /api/scenarios/:id): everything but the bulky rows. */
export function scenarioDetail(id: string, scenario: Scenario) {
  const count = { warehouse: 0, hub: 0, hub_candidate: 0, village: 0, station: 0, poverty: 0 };
  for (const p of scenario.places) {
    count[p.kind] += 1;
    if (p.kind === 'village' && p.hasStation) count.station += 1;
    if (p.kind === 'village' && p.poverty) count.poverty += 1;
  }
  const days = demandDays(scenario).map((day) => {
    const stations = [...aggregateDemand(rowsOfDay(scenario.demand, day), true).values()].map(totalLoad);
    return {
      day,
      parcelsDown: stations.reduce((a, t) => a + t.parcelsDown, 0),
      parcelsUp: stations.reduce((a, t) => a + t.parcelsUp, 0),
      stations: stations.filter(hasParcels).length,
    };
  });
  return {
    id,
    county: scenario.county,
    counts: { ...count, townships: scenario.townships.length, carriers: scenario.carriers.length },
    townships: scenario.townships,
    carriers: scenario.carriers,
    fleet: scenario.fleet,
    days,
    synthetic: scenario.county.synthetic,
    estimatedTravel: scenario.roads.format === 'none',
    roadsFormat: scenario.roads.format,
  };
}
