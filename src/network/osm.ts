/**
 * Road sources → a flat list of drivable ways over shared vertices (the input of the graph builder).
 * OSM PBF via ./pbf.ts, OSM XML via fast-xml-parser, GeoJSON LineStrings (RoadCollection).
 */
import { XMLParser } from 'fast-xml-parser';
import type { RoadCollection, RoadSource } from '../model/types.ts';
import { readOsmPbf } from './pbf.ts';
import { classSpeedKmh, isVanRoad, MAX_VAN_SPEED_KMH, onewayOf, roadSpeedKmh } from './road-class.ts';

/** Drivable ways over a shared vertex list; a vertex used by two ways is the same index in both. */
export interface RoadWays {
  /** Vertex positions, WGS-84 degrees. */
  lon: Float64Array;
  lat: Float64Array;
  ways: Array<{ vertices: number[]; speedKmh: number; oneway: -1 | 0 | 1; highway: string }>;
}

/** Place nodes (place=village/town/hamlet/…) of an OSM file, for tests and data preparation. */
export interface OsmPlaceNode {
  osmId: number;
  place: string;
  name: string;
  lon: number;
  lat: number;
}

interface RawOsm {
  nodes: Map<number, [number, number]>;
  ways: Array<{ refs: number[]; tags: Record<string, string> }>;
  places: OsmPlaceNode[];
}

function readRawOsm(format: 'osm.pbf' | 'osm', bytes: Uint8Array): RawOsm {
  const nodes = new Map<number, [number, number]>();
  const ways: RawOsm['ways'] = [];
  const places: OsmPlaceNode[] = [];
  const onNode = (id: number, lon: number, lat: number, tags: Record<string, string> | null) => {
    nodes.set(id, [lon, lat]);
    if (tags?.place) places.push({ osmId: id, place: tags.place, name: tags.name ?? '', lon, lat });
  };
  const onWay = (_id: number, refs: number[], tags: Record<string, string>) => {
    if (isVanRoad(tags)) ways.push({ refs, tags });
  };
  if (format === 'osm.pbf') readOsmPbf(bytes, { node: onNode, way: onWay });
  else readOsmXml(bytes, onNode, onWay);
  return { nodes, ways, places };
}

function readOsmXml(
  bytes: Uint8Array,
  onNode: (id: number, lon: number, lat: number, tags: Record<string, string> | null) => void,
  onWay: (id: number, refs: number[], tags: Record<string, string>) => void,
): void {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'node' || name === 'way' || name === 'nd' || name === 'tag',
  });
  type XmlTag = { k: string; v: string };
  type XmlNode = { id: string; lon: string; lat: string; tag?: XmlTag[] };
  type XmlWay = { id: string; nd?: Array<{ ref: string }>; tag?: XmlTag[] };
  const doc = parser.parse(new TextDecoder().decode(bytes)) as { osm?: { node?: XmlNode[]; way?: XmlWay[] } };
  if (!doc.osm) throw new Error('not an OSM XML document (no <osm> root element)');
  const tagsOf = (list: XmlTag[] | undefined) => {
    const tags: Record<string, string> = {};
    for (const t of list ?? []) tags[t.k] = String(t.v);
    return tags;
  };
  for (const n of doc.osm.node ?? []) {
    onNode(Number(n.id), Number(n.lon), Number(n.lat), n.tag ? tagsOf(n.tag) : null);
  }
  for (const w of doc.osm.way ?? []) {
    onWay(
      Number(w.id),
      (w.nd ?? []).map((nd) => Number(nd.ref)),
      tagsOf(w.tag),
    );
  }
}

/** Place nodes of an OSM file (pbf or XML). */
export function readOsmPlaces(format: 'osm.pbf' | 'osm', bytes: Uint8Array): OsmPlaceNode[] {
  const places: OsmPlaceNode[] = [];
  const onNode = (id: number, lon: number, lat: number, tags: Record<string, string> | null) => {
    if (tags?.place) places.push({ osmId: id, place: tags.place, name: tags.name ?? '', lon, lat });
  };
  if (format === 'osm.pbf') readOsmPbf(bytes, { node: onNode });
  else readOsmXml(bytes, onNode, () => {});
  return places;
}

function osmToWays(raw: RawOsm): RoadWays {
  const index = new Map<number, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const ways: RoadWays['ways'] = [];
  for (const w of raw.ways) {
    const vertices: number[] = [];
    for (const ref of w.refs) {
      const pos = raw.nodes.get(ref);
      if (!pos) continue; // way clipped at the extract border: keep the part inside
      let v = index.get(ref);
      if (v === undefined) {
        v = lon.length;
        index.set(ref, v);
        lon.push(pos[0]);
        lat.push(pos[1]);
      }
      if (vertices[vertices.length - 1] !== v) vertices.push(v);
    }
    if (vertices.length < 2) continue;
    ways.push({
      vertices,
      speedKmh: roadSpeedKmh(w.tags.highway!, w.tags.maxspeed),
      oneway: onewayOf(w.tags),
      highway: w.tags.highway!,
    });
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), ways };
}

/**
 * GeoJSON roads: vertices are shared when their coordinates are equal to 1e-7° (~1 cm), which is how
 * LineStrings that meet at a junction are joined. Lines that cross without a shared vertex do not connect
 * (a bridge), as in OSM.
 */
function geojsonToWays(roads: RoadCollection): RoadWays {
  const index = new Map<string, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const ways: RoadWays['ways'] = [];
  roads.features.forEach((f, i) => {
    const where = `roads.geojson:feature ${i}`;
    if (!f || f.geometry?.type !== 'LineString' || !Array.isArray(f.geometry.coordinates)) {
      throw new Error(`${where}:geometry: expected a LineString`);
    }
    const props = f.properties ?? ({} as RoadCollection['features'][number]['properties']);
    const highway = props.highway ?? 'unclassified';
    if (!isVanRoad({ highway })) return;
    const vertices: number[] = [];
    for (const c of f.geometry.coordinates) {
      const [x, y] = c;
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
        throw new Error(`${where}:coordinates: invalid position ${JSON.stringify(c)}`);
      }
      const key = `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;
      let v = index.get(key);
      if (v === undefined) {
        v = lon.length;
        index.set(key, v);
        lon.push(x);
        lat.push(y);
      }
      if (vertices[vertices.length - 1] !== v) vertices.push(v);
    }
    if (vertices.length < 2) return;
    if (props.speedKmh !== undefined && !(props.speedKmh > 0)) {
      throw new Error(`${where}:speedKmh: must be a positive number, got ${JSON.stringify(props.speedKmh)}`);
    }
    ways.push({
      vertices,
      // GeoJSON speedKmh is the van speed itself (synthetic or prepared data), not a posted limit.
      speedKmh: Math.min(props.speedKmh ?? classSpeedKmh(highway), MAX_VAN_SPEED_KMH),
      oneway: props.oneway ? 1 : 0,
      highway,
    });
  });
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), ways };
}

/** Drivable ways of a road source; null for { format: 'none' }. */
export function readRoadWays(source: RoadSource): RoadWays | null {
  if (source.format === 'none') return null;
  if (source.format === 'geojson') return geojsonToWays(source.data);
  try {
    return osmToWays(readRawOsm(source.format, source.bytes));
  } catch (err) {
    throw new Error(`roads.${source.format}: ${(err as Error).message}`);
  }
}
