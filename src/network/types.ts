/**
 * Road graph and travel matrices. The functions that produce these live in this folder
 * (see ./index.ts); planning/, cli/ and server/ use only these shapes.
 */

/** A point to route between (a place of the scenario, or any labelled point). */
export interface MatrixPoint {
  id: string;
  lon: number;
  lat: number;
}

export interface SnapInfo {
  id: string;
  /** Graph node the point was attached to (−1 when estimated without roads). */
  node: number;
  /** Straight-line metres from the point to the road it was snapped to. */
  snapDistanceM: number;
}

export interface UnreachableInfo {
  id: string;
  /** Machine-readable reason. */
  reason: 'off_road' | 'disconnected' | 'no_route';
  /** Human text, e.g. "2.4 km from the nearest road (limit 1.0 km)". */
  detail: string;
}

export interface TravelMatrix {
  /** Point ids in matrix order. */
  ids: string[];
  size: number;
  /** Row-major size×size metres; Infinity where no route exists. */
  distanceM: Float64Array;
  /** Row-major size×size seconds; Infinity where no route exists. */
  durationS: Float64Array;
  /** true when computed as straight line × detour factor (no road data): say so in every output. */
  estimated: boolean;
  snaps: SnapInfo[];
  unreachable: UnreachableInfo[];
}
