/**
 * Defaults of travel estimation shared by the scenario schema (county.json `defaults`) and the travel matrix
 * (network/matrix.ts): one home, so that a county without the keys and a matrix built without options agree.
 */
export const TRAVEL_DEFAULTS = {
  /** Without roads: road km = straight-line km × detourFactor. */
  detourFactor: 1.4,
  /** Without roads (and on roads without a speed): km/h. */
  defaultSpeedKmh: 40,
  /** A place farther than this (m) from every road is unreachable. */
  maxSnapMeters: 1000,
} as const;
