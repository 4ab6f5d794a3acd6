/**
 * WGS-84 → GCJ-02 (the offset coordinates of Chinese commercial tiles such as AMap/Gaode, Tencent). Our
 * data is WGS-84; when such tiles are the basemap, every vector layer is shifted into GCJ-02 so that it
 * lines up with the tiles. gcoord does the transform (identity outside mainland China, as the providers).
 */
import gcoordImport from 'gcoord';

/** gcoord is CommonJS with ESM-style typings: default import typed as the namespace under NodeNext. */
type Gcoord = typeof import('gcoord').default;
const gcoord: Gcoord = (gcoordImport as unknown as { default?: Gcoord }).default ?? (gcoordImport as unknown as Gcoord);

export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [x, y];
}

/** Inverse, for positions picked on a GCJ-02 basemap (drag, right-click) before they are stored. */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [x, y];
}
