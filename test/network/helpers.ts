/** Small hand-made road networks for the network tests (metres east/north of a point in Daming county). */
import type { RoadCollection, RoadProperties } from '../../src/model/types.ts';

export const LON0 = 115.15;
export const LAT0 = 36.28;
const M_PER_DEG_LAT = 111_195;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180);

/** [lon, lat] of a point x metres east and y metres north of the origin. */
export function at(x: number, y: number): [number, number] {
  return [LON0 + x / M_PER_DEG_LON, LAT0 + y / M_PER_DEG_LAT];
}

export function road(
  points: Array<[number, number]>,
  props: Partial<RoadProperties> = {},
): RoadCollection['features'][number] {
  return {
    type: 'Feature',
    properties: { highway: 'unclassified', ...props },
    geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) },
  };
}

export function roads(...features: RoadCollection['features']): RoadCollection {
  return { type: 'FeatureCollection', features };
}

export function point(id: string, x: number, y: number): { id: string; lon: number; lat: number } {
  const [lon, lat] = at(x, y);
  return { id, lon, lat };
}
