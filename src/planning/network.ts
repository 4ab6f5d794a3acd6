/**
 * The travel network the county planners route on: warehouse, hubs and every station (places with a station or
 * named in demand.csv) — not every village, which keeps the matrix of a 3000-station county near 150 MB instead of
 * several hundred. Matrix options come from the county's planning defaults.
 */
import type { Scenario } from '../model/types.ts';
import type { MatrixPoint } from '../network/types.ts';
import { computeTravelNetwork, type TravelNetwork } from '../network/matrix.ts';

export interface PlanningNetworkOptions {
  /** Matrix cache directory; null disables the cache (default: the network module's default). */
  cacheDir?: string | null;
  onProgress?: (fraction: number) => void;
}

export function planningPoints(scenario: Scenario): MatrixPoint[] {
  const inDemand = new Set(scenario.demand.map((r) => r.stationId));
  return scenario.places
    .filter((p) => p.kind === 'warehouse' || p.kind === 'hub' || p.hasStation || inDemand.has(p.id))
    .map((p) => ({ id: p.id, lon: p.lon, lat: p.lat }));
}

export async function planningNetwork(
  scenario: Scenario,
  options: PlanningNetworkOptions = {},
): Promise<TravelNetwork> {
  const d = scenario.county.defaults;
  return computeTravelNetwork(planningPoints(scenario), scenario.roads, {
    detourFactor: d.detourFactor,
    defaultSpeedKmh: d.defaultSpeedKmh,
    maxSnapMeters: d.maxSnapMeters,
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
