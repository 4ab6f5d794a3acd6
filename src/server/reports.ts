/**
 * Plan and scenario reports served by the API: routes GeoJSON, route-sheet CSV, coverage scorecard,
 * upstream cost. Thin adapters over src/planning so that the API returns what the CLI prints.
 */
import { stringify } from 'csv-stringify/sync';
import type { Scenario } from '../model/types.ts';
import type { PlanResult } from '../planning/types.ts';
import { coverage, type CoverageResult } from '../planning/coverage.ts';
import { upstreamCost, type UpstreamResult } from '../planning/upstream.ts';
import { planningNetwork } from '../planning/network.ts';
import { legPath, type LonLat } from '../network/index.ts';
import type { TravelNetwork } from '../network/matrix.ts';

/**
 * Travel networks by scenario version: building the road graph and snapping takes a moment, and the
 * coverage and route-geometry endpoints need it repeatedly. A few entries only (memory).
 */
const networks = new Map<string, Promise<TravelNetwork>>();
export function networkFor(key: string, scenario: Scenario): Promise<TravelNetwork> {
  let entry = networks.get(key);
  if (!entry) {
    entry = planningNetwork(scenario);
    entry.catch(() => networks.delete(key));
    networks.set(key, entry);
    while (networks.size > 3) networks.delete(networks.keys().next().value!);
  }
  return entry;
}

/** Routes as LineStrings following the road graph (straight where a leg has no road path). */
export async function routesGeoJson(scenario: Scenario, plan: PlanResult, networkKey: string): Promise<unknown> {
  const network = await networkFor(networkKey, scenario);
  const at = new Map(scenario.places.map((p) => [p.id, [p.lon, p.lat] as LonLat]));
  const known = new Set(network.points.map((p) => p.id));
  const leg = (from: string, to: string): LonLat[] => {
    if (known.has(from) && known.has(to)) {
      const path = legPath(network, from, to);
      if (path && path.length > 0) return path;
    }
    return [at.get(from), at.get(to)].filter((c): c is LonLat => c !== undefined);
  };
  const features = plan.routes.map((route, index) => {
    const ids = [route.depot, ...(route.kind === 'trunk' && route.hubs?.length ? route.hubs : route.stops.map((s) => s.stationId)), route.depot];
    const coordinates: LonLat[] = [];
    for (let k = 1; k < ids.length; k++) {
      for (const c of leg(ids[k - 1]!, ids[k]!)) {
        const last = coordinates[coordinates.length - 1];
        if (!last || last[0] !== c[0] || last[1] !== c[1]) coordinates.push(c);
      }
    }
    return {
      type: 'Feature' as const,
      properties: {
        index, vehicle: route.vehicle, fleetId: route.fleetId, depot: route.depot, kind: route.kind, km: route.km, cost: route.cost,
        stops: route.stops.map((s) => s.stationId), geometry: network.matrix.estimated ? 'straight-estimate' : 'road',
      },
      geometry: { type: 'LineString' as const, coordinates },
    };
  });
  return { type: 'FeatureCollection', estimatedTravel: network.matrix.estimated, features };
}

export async function routeSheetsCsv(scenario: Scenario, plan: PlanResult): Promise<string> {
  const place = new Map(scenario.places.map((p) => [p.id, p]));
  const township = new Map(scenario.townships.map((t) => [t.id, t.name]));
  const rows: unknown[][] = [];
  for (const route of plan.routes) {
    route.stops.forEach((stop, i) => {
      const p = place.get(stop.stationId);
      rows.push([route.vehicle, i + 1, stop.stationId, p?.name ?? '', township.get(p?.township ?? '') ?? p?.township ?? '', stop.arrival, stop.parcelsDown, stop.parcelsUp, stop.load]);
    });
  }
  return stringify(rows, { header: true, columns: ['vehicle', 'seq', 'station_id', 'station', 'township', 'arrival', 'parcels_down', 'parcels_up', 'load'] });
}

/** Coverage scorecard; travel-time indicators use the planning network (cached on disk by content hash). */
export async function coverageReport(scenario: Scenario, networkKey: string, plan?: PlanResult, planId?: string): Promise<CoverageResult> {
  const { matrix } = await networkFor(networkKey, scenario);
  return coverage(scenario, { plan: plan ?? null, planId, matrix });
}

export async function upstreamReport(scenario: Scenario, plan: PlanResult): Promise<UpstreamResult> {
  return upstreamCost(scenario, plan);
}
