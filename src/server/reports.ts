/**
 * Plan and scenario reports served by the API: routes GeoJSON, route-sheet CSV, coverage scorecard,
 * upstream cost. Thin adapters over src/planning so that the API returns what the CLI prints.
 */
import { PromiseCache } from '../util/promise-cache.ts';
import type { Scenario } from '../model/types.ts';
import type { PlanResult } from '../planning/types.ts';
import { coverage, type CoverageResult } from '../planning/coverage.ts';
import { upstreamCost, type UpstreamResult } from '../planning/upstream.ts';
import { planningNetwork } from '../planning/network.ts';
import { routeSheetsCsv, routesGeoJson as buildRoutesGeoJson, type RoutesGeoJson } from '../planning/export.ts';
import type { TravelNetwork } from '../network/matrix.ts';

/**
 * Travel networks by scenario version: building the road graph and snapping takes a moment, and the
 * coverage and route-geometry endpoints need it repeatedly. A few entries only (memory).
 */
const networks = new PromiseCache<string, TravelNetwork>(3);
export function networkFor(key: string, scenario: Scenario): Promise<TravelNetwork> {
  return networks.get(key, () => planningNetwork(scenario));
}

/** Routes GeoJSON along the roads (the CLI's exporter, on the cached planning network). */
export async function routesGeoJson(scenario: Scenario, plan: PlanResult, networkKey: string): Promise<RoutesGeoJson> {
  return buildRoutesGeoJson(scenario, plan, await networkFor(networkKey, scenario));
}

export { routeSheetsCsv };

/** Coverage scorecard; travel-time indicators use the planning network (cached on disk by content hash). */
export async function coverageReport(
  scenario: Scenario,
  networkKey: string,
  plan?: PlanResult,
  planId?: string,
): Promise<CoverageResult> {
  const { matrix } = await networkFor(networkKey, scenario);
  return coverage(scenario, { plan: plan ?? null, planId, matrix });
}

export async function upstreamReport(scenario: Scenario, plan: PlanResult): Promise<UpstreamResult> {
  return upstreamCost(scenario, plan);
}
