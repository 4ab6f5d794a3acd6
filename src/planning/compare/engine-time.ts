/**
 * Equal engine time per station for every solve of a comparison (shared plan, each carrier alone, coalitions): a
 * solve over k stations gets k × (the shared plan's seconds / the shared plan's stations), so no baseline looks
 * worse for lack of search time. Coalition plans for the Shapley value get a reduced, stated time per station.
 */
import type { Scenario } from '../../model/types.ts';
import { aggregateDemand } from '../demand.ts';
import { planParams } from '../params.ts';

/** Least engine seconds of one solve in a comparison (a carrier with two stations still gets a real search). */
export const MIN_COMPARE_SECONDS = 0.1;

/** Default engine seconds per station of a Shapley coalition plan (Daming: ~0.5 s for the whole county). */
export const SHAPLEY_SECONDS_PER_STATION = 0.0015;

/** Stations with parcels of the given carriers on the rows. */
export function stationsOf(rows: Scenario['demand'], carriers: string[]): number {
  const keep = new Set(carriers);
  return aggregateDemand(rows.filter((r) => keep.has(r.carrierId))).size;
}

/** Engine seconds per station of the comparison: the shared plan's time over its stations. */
export function secondsPerStation(timeLimit: number | undefined, sharedStations: number): number {
  const seconds = timeLimit ?? planParams({}).timeLimit;
  return seconds / Math.max(1, sharedStations);
}

/** Engine seconds of a solve over `stations` stations at `perStation`. */
export function solveSeconds(perStation: number, stations: number): number {
  return Math.max(MIN_COMPARE_SECONDS, perStation * stations);
}
