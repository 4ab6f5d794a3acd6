/**
 * Synthetic rural road network. Every place is a junction of a planar graph (the relative-neighbourhood
 * graph of all seats and villages, which contains the minimum spanning tree, so it is connected); chains of
 * it that join neighbouring township seats are county roads, the rest are village roads. Each edge gets a
 * curved geometry whose length is a fixed factor of the straight line; the village-road factor is tuned
 * so that the median road / straight-line ratio between villages hits the target (about 1.45, as in real
 * rural networks such as north Bayreuth's 1.47).
 */
import { Delaunay } from 'd3-delaunay';
import KDBush from 'kdbush';
import type { RoadCollection, RoadProperties } from '../model/types.ts';
import { dist, haversineM, localProjection, round6, type XY } from './geo.ts';

export interface RoadNode {
  lon: number;
  lat: number;
  /** 'seat' = township seat (warehouse / hub / candidate sit there), 'village', 'community' (urban). */
  role: 'seat' | 'village' | 'community';
  /** Name used for county-road names (seats only). */
  name?: string;
}

export interface RoadNetworkOptions {
  nodes: RoadNode[];
  /** Index (into nodes) of the seat that hosts the county warehouse: its roads are the faster class. */
  warehouseNode: number;
  rng: () => number;
  /** Median road / straight-line ratio wanted between villages. */
  targetDetour?: number;
  /** Straightness of county roads (length factor of each edge). */
  countyRoadFactor?: number;
}

export interface DetourStats {
  /** Village pairs sampled (straight distance ≥ 1 km). */
  pairs: number;
  median: number;
  mean: number;
  p10: number;
  p90: number;
}

export interface RoadNetwork {
  roads: RoadCollection;
  /** Length factor applied to village-road edges (tuned). */
  villageRoadFactor: number;
  detour: DetourStats;
  roadKm: number;
  edges: number;
}

interface Edge {
  u: number;
  v: number;
  straight: number;
  county: boolean;
  countyName: string;
  touchesWarehouse: boolean;
}

const SPEED = { secondary: 60, tertiary: 50, unclassified: 40, residential: 30 } as const;

export function buildRoadNetwork(options: RoadNetworkOptions): RoadNetwork {
  const { nodes, rng } = options;
  const targetDetour = options.targetDetour ?? 1.45;
  const countyFactor = options.countyRoadFactor ?? 1.06;
  const n = nodes.length;
  const lon0 = nodes.reduce((s, p) => s + p.lon, 0) / n;
  const lat0 = nodes.reduce((s, p) => s + p.lat, 0) / n;
  const proj = localProjection(lon0, lat0);
  const xy: XY[] = nodes.map((p) => proj.toXY(p.lon, p.lat));

  const edges = relativeNeighbourhoodEdges(xy);
  const adjacency = buildAdjacency(n, edges);

  // County roads: shortest straight-line chains between seats that are Gabriel neighbours.
  const seats = nodes.map((p, i) => (p.role === 'seat' ? i : -1)).filter((i) => i >= 0);
  const straight = edges.map((e) => e.straight);
  for (const [a, b] of gabrielPairs(seats.map((i) => xy[i]))) {
    const sa = seats[a];
    const sb = seats[b];
    const path = shortestPathEdges(adjacency, straight, sa, sb);
    const name = `${nodes[sa].name ?? sa}—${nodes[sb].name ?? sb}`;
    const toWarehouse = sa === options.warehouseNode || sb === options.warehouseNode;
    for (const ei of path) {
      const e = edges[ei];
      if (!e.county || (toWarehouse && !e.touchesWarehouse)) {
        e.county = true;
        e.countyName = name;
        e.touchesWarehouse = toWarehouse;
      }
    }
  }

  // Sample village pairs once; tune the village-road factor by bisection on the median detour.
  const villages = nodes.map((p, i) => (p.role === 'seat' ? -1 : i)).filter((i) => i >= 0);
  const sample = samplePairs(villages, xy, rng);
  const detourFor = (factor: number): DetourStats => {
    const w = edges.map((e) => e.straight * (e.county ? countyFactor : factor));
    return measureDetour(adjacency, w, sample, nodes);
  };
  let lo = 1.0;
  let hi = 1.8;
  for (let it = 0; it < 14; it++) {
    const mid = (lo + hi) / 2;
    if (detourFor(mid).median < targetDetour) lo = mid;
    else hi = mid;
  }
  const villageFactor = Math.round(((lo + hi) / 2) * 1000) / 1000;

  // Geometry: curved polylines whose length is factor × straight length.
  const features: RoadCollection['features'] = [];
  let roadM = 0;
  for (const e of edges) {
    const factor = e.county ? countyFactor : villageFactor;
    const a = xy[e.u];
    const b = xy[e.v];
    const inner = curvedPoints(a, b, factor, rng);
    const coords: [number, number][] = [[nodes[e.u].lon, nodes[e.u].lat]];
    for (const p of inner) {
      const [lon, lat] = proj.toLonLat(p[0], p[1]);
      coords.push([round6(lon), round6(lat)]);
    }
    coords.push([nodes[e.v].lon, nodes[e.v].lat]);
    for (let i = 1; i < coords.length; i++) {
      roadM += haversineM(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]);
    }
    let properties: RoadProperties;
    if (e.county) {
      const highway = e.touchesWarehouse ? 'secondary' : 'tertiary';
      properties = { highway, speedKmh: SPEED[highway], oneway: false, name: e.countyName };
    } else {
      const town = nodes[e.u].role !== 'village' && nodes[e.v].role !== 'village';
      const highway = town ? 'residential' : 'unclassified';
      properties = { highway, speedKmh: SPEED[highway], oneway: false };
    }
    features.push({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: coords } });
  }

  return {
    roads: { type: 'FeatureCollection', features },
    villageRoadFactor: villageFactor,
    detour: detourFor(villageFactor),
    roadKm: Math.round(roadM / 100) / 10,
    edges: edges.length,
  };
}

/** Delaunay edges that pass the relative-neighbourhood test (no third point closer to both ends). */
function relativeNeighbourhoodEdges(xy: XY[]): Edge[] {
  const n = xy.length;
  const delaunay = Delaunay.from(xy);
  const index = new KDBush(n);
  for (const [x, y] of xy) index.add(x, y);
  index.finish();
  const seen = new Set<number>();
  const edges: Edge[] = [];
  const { triangles, halfedges } = delaunay;
  for (let e = 0; e < triangles.length; e++) {
    if (halfedges[e] > e) continue; // each interior edge once (hull edges have −1)
    const u = triangles[e];
    const v = triangles[e % 3 === 2 ? e - 2 : e + 1];
    const a = Math.min(u, v);
    const b = Math.max(u, v);
    const key = a * n + b;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = dist(xy[a], xy[b]);
    let blocked = false;
    for (const w of index.within(xy[a][0], xy[a][1], d)) {
      if (w === a || w === b) continue;
      if (dist(xy[w], xy[a]) < d && dist(xy[w], xy[b]) < d) {
        blocked = true;
        break;
      }
    }
    if (!blocked) edges.push({ u: a, v: b, straight: d, county: false, countyName: '', touchesWarehouse: false });
  }
  edges.sort((p, q) => p.u - q.u || p.v - q.v);
  return edges;
}

/** Index pairs (into pts) that are Gabriel neighbours: no other point inside the circle on their diameter. */
function gabrielPairs(pts: XY[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (pts.length < 2) return out;
  if (pts.length === 2) return [[0, 1]];
  const delaunay = Delaunay.from(pts);
  for (let i = 0; i < pts.length; i++) {
    for (const j of delaunay.neighbors(i)) {
      if (j <= i) continue;
      const mx = (pts[i][0] + pts[j][0]) / 2;
      const my = (pts[i][1] + pts[j][1]) / 2;
      const r = dist(pts[i], pts[j]) / 2;
      const inside = pts.some((p, k) => k !== i && k !== j && Math.hypot(p[0] - mx, p[1] - my) < r);
      if (!inside) out.push([i, j]);
    }
  }
  return out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

interface Adjacency {
  start: Int32Array;
  to: Int32Array;
  edge: Int32Array;
}

function buildAdjacency(n: number, edges: Edge[]): Adjacency {
  const deg = new Int32Array(n + 1);
  for (const e of edges) {
    deg[e.u + 1]++;
    deg[e.v + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const start = deg.slice();
  const fill = deg.slice(0, n);
  const to = new Int32Array(edges.length * 2);
  const edge = new Int32Array(edges.length * 2);
  edges.forEach((e, ei) => {
    to[fill[e.u]] = e.v;
    edge[fill[e.u]++] = ei;
    to[fill[e.v]] = e.u;
    edge[fill[e.v]++] = ei;
  });
  return { start, to, edge };
}

/** Single-source Dijkstra over edge weights; returns distances and the edge used to reach each node. */
export function dijkstra(
  adj: Adjacency,
  weight: ArrayLike<number>,
  source: number,
  target = -1,
): { d: Float64Array; via: Int32Array } {
  const n = adj.start.length - 1;
  const d = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const heapNode: number[] = [];
  const heapKey: number[] = [];
  const push = (node: number, key: number) => {
    let i = heapNode.length;
    heapNode.push(node);
    heapKey.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p] <= key) break;
      heapNode[i] = heapNode[p];
      heapKey[i] = heapKey[p];
      i = p;
    }
    heapNode[i] = node;
    heapKey[i] = key;
  };
  const pop = (): number => {
    const top = heapNode[0];
    const lastNode = heapNode.pop()!;
    const lastKey = heapKey.pop()!;
    if (heapNode.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heapNode.length) break;
        if (c + 1 < heapNode.length && heapKey[c + 1] < heapKey[c]) c++;
        if (heapKey[c] >= lastKey) break;
        heapNode[i] = heapNode[c];
        heapKey[i] = heapKey[c];
        i = c;
      }
      heapNode[i] = lastNode;
      heapKey[i] = lastKey;
    }
    return top;
  };
  d[source] = 0;
  push(source, 0);
  const done = new Uint8Array(n);
  while (heapNode.length > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === target) break;
    for (let k = adj.start[u]; k < adj.start[u + 1]; k++) {
      const v = adj.to[k];
      const nd = d[u] + weight[adj.edge[k]];
      if (nd < d[v]) {
        d[v] = nd;
        via[v] = adj.edge[k];
        push(v, nd);
      }
    }
  }
  return { d, via };
}

function shortestPathEdges(adj: Adjacency, weight: number[], from: number, to: number): number[] {
  const { via } = dijkstra(adj, weight, from, to);
  const path: number[] = [];
  let cur = to;
  while (cur !== from && via[cur] >= 0) {
    const ei = via[cur];
    path.push(ei);
    // the other end of edge ei
    const k = findNeighbour(adj, cur, ei);
    cur = k;
  }
  return path;
}

function findNeighbour(adj: Adjacency, node: number, edgeIndex: number): number {
  for (let k = adj.start[node]; k < adj.start[node + 1]; k++) if (adj.edge[k] === edgeIndex) return adj.to[k];
  throw new Error('internal: edge not incident');
}

interface PairSample {
  sources: number[];
  targets: number[][];
}

function samplePairs(villages: number[], xy: XY[], rng: () => number): PairSample {
  const sources: number[] = [];
  const targets: number[][] = [];
  const nSources = Math.min(40, villages.length);
  for (let s = 0; s < nSources; s++) {
    const src = villages[Math.floor(rng() * villages.length)];
    const t: number[] = [];
    for (let k = 0; k < 30; k++) {
      const dst = villages[Math.floor(rng() * villages.length)];
      if (dist(xy[src], xy[dst]) >= 1000) t.push(dst);
    }
    sources.push(src);
    targets.push(t);
  }
  return { sources, targets };
}

function measureDetour(adj: Adjacency, weight: number[], sample: PairSample, nodes: RoadNode[]): DetourStats {
  const ratios: number[] = [];
  sample.sources.forEach((src, s) => {
    const { d } = dijkstra(adj, weight, src);
    for (const dst of sample.targets[s]) {
      const straight = haversineM(nodes[src].lon, nodes[src].lat, nodes[dst].lon, nodes[dst].lat);
      ratios.push(d[dst] / straight);
    }
  });
  ratios.sort((a, b) => a - b);
  const q = (f: number) => ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))] ?? NaN;
  const mean = ratios.reduce((s, r) => s + r, 0) / Math.max(1, ratios.length);
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  return { pairs: ratios.length, median: r3(q(0.5)), mean: r3(mean), p10: r3(q(0.1)), p90: r3(q(0.9)) };
}

/**
 * Intermediate points of a gently curving road from a to b whose polyline length is factor × |ab|:
 * a random smooth lateral profile (three sine harmonics) scaled by bisection on its amplitude.
 */
export function curvedPoints(a: XY, b: XY, factor: number, rng: () => number): XY[] {
  const len = dist(a, b);
  const k = Math.max(2, Math.min(10, Math.round(len / 300)));
  const c1 = 0.6 + 0.4 * rng();
  const c2 = (rng() - 0.5) * 0.8;
  const c3 = (rng() - 0.5) * 0.5;
  const sign = rng() < 0.5 ? -1 : 1;
  const jitter = Array.from({ length: k }, () => (rng() - 0.5) * 0.3);
  const ux = (b[0] - a[0]) / len;
  const uy = (b[1] - a[1]) / len;
  const shape = (amp: number): XY[] => {
    const pts: XY[] = [];
    for (let i = 1; i <= k; i++) {
      const t = i / (k + 1);
      const prof =
        c1 * Math.sin(Math.PI * t) +
        c2 * Math.sin(2 * Math.PI * t) +
        c3 * Math.sin(3 * Math.PI * t) +
        jitter[i - 1] * Math.sin(Math.PI * t);
      const off = sign * amp * len * prof;
      pts.push([a[0] + ux * len * t - uy * off, a[1] + uy * len * t + ux * off]);
    }
    return pts;
  };
  const lengthOf = (pts: XY[]) => {
    let s = 0;
    let prev = a;
    for (const p of pts) {
      s += dist(prev, p);
      prev = p;
    }
    return s + dist(prev, b);
  };
  if (factor <= 1.0005) return shape(0);
  let lo = 0;
  let hi = 2;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (lengthOf(shape(mid)) / len < factor) lo = mid;
    else hi = mid;
  }
  return shape((lo + hi) / 2);
}
