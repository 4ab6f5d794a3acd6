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

export async function routesGeoJson(scenario: Scenario, plan: PlanResult): Promise<unknown> {
  const at = new Map(scenario.places.map((p) => [p.id, [p.lon, p.lat] as [number, number]]));
  const features = plan.routes.map((route, index) => {
    const ids = [route.depot, ...(route.kind === 'trunk' ? route.hubs ?? route.stops.map((s) => s.stationId) : route.stops.map((s) => s.stationId)), route.depot];
    return {
      type: 'Feature' as const,
      properties: { index, vehicle: route.vehicle, fleetId: route.fleetId, depot: route.depot, kind: route.kind, km: route.km, cost: route.cost, stops: route.stops.length, geometry: 'straight' },
      geometry: { type: 'LineString' as const, coordinates: ids.map((id) => at.get(id)).filter((c): c is [number, number] => !!c) },
    };
  });
  return { type: 'FeatureCollection', features };
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
export async function coverageReport(scenario: Scenario, plan?: PlanResult, planId?: string): Promise<CoverageResult> {
  const { matrix } = await planningNetwork(scenario);
  return coverage(scenario, { plan: plan ?? null, planId, matrix });
}

export async function upstreamReport(scenario: Scenario, plan: PlanResult): Promise<UpstreamResult> {
  return upstreamCost(scenario, plan);
}
