/** Small geodesy helpers (WGS-84 sphere approximation; good to ~0.5% at county scale). */

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Local equirectangular projection to metres around a reference latitude: accurate enough for
 * nearest-road search inside a county (tens of km), and cheap.
 */
export class LocalProjection {
  readonly kx: number;
  readonly ky = EARTH_RADIUS_M * RAD;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.kx = EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD);
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  lon(x: number): number {
    return this.lon0 + x / this.kx;
  }
  lat(y: number): number {
    return this.lat0 + y / this.ky;
  }
}

/** "850 m" or "2.4 km". */
export function formatMeters(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}
