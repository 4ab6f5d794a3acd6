/**
 * Travel matrix of a whole scenario: every place (warehouse, hubs, hub candidates, villages), ids =
 * place ids, with the scenario's roads and the county's defaults (detour factor, default speed,
 * maximum snap distance).
 */
import type { Scenario } from '../model/types.ts';
import { computeTravelNetwork, type MatrixOptions, type TravelNetwork } from './matrix.ts';
import type { MatrixPoint, TravelMatrix } from './types.ts';

/** The scenario's places as matrix points, in places order. */
export function scenarioPoints(scenario: Scenario): MatrixPoint[] {
  return scenario.places.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat }));
}

/** Options from county.defaults, overridden by `opts`. */
export function scenarioMatrixOptions(scenario: Scenario, opts: MatrixOptions = {}): MatrixOptions {
  const d = scenario.county.defaults;
  return {
    detourFactor: d.detourFactor,
    defaultSpeedKmh: d.defaultSpeedKmh,
    maxSnapMeters: d.maxSnapMeters,
    ...opts,
  };
}

export function scenarioNetwork(scenario: Scenario, opts: MatrixOptions = {}): Promise<TravelNetwork> {
  return computeTravelNetwork(scenarioPoints(scenario), scenario.roads, scenarioMatrixOptions(scenario, opts));
}

export async function scenarioMatrix(scenario: Scenario, opts: MatrixOptions = {}): Promise<TravelMatrix> {
  return (await scenarioNetwork(scenario, opts)).matrix;
}
