/**
 * Independent checks of a generated road network, written without the generator's code: a graph keyed by
 * the exact coordinates of LineString ends, union-find connectivity, and Dijkstra on haversine lengths.
 */
import type { RoadCollection } from '../../src/model/types.ts';

export function haversine(a: [number, number], b: [number, number]): number {
  const R = 6_371_008.8;
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLon = (b[0] - a[0]) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

export interface RoadGraph {
  nodeIndex: Map<string, number>;
  coords: Array<[number, number]>;
  adj: Array<Array<{ to: number; m: number }>>;
  /** Every vertex of every LineString (for distance-to-road checks). */
  vertices: Array<[number, number]>;
}

export const key = (c: [number, number]) => `${c[0]},${c[1]}`;

export function buildRoadGraph(roads: RoadCollection): RoadGraph {
  const nodeIndex = new Map<string, number>();
  const coords: Array<[number, number]> = [];
  const adj: RoadGraph['adj'] = [];
  const vertices: Array<[number, number]> = [];
  const node = (c: [number, number]) => {
    let i = nodeIndex.get(key(c));
    if (i === undefined) {
      i = coords.length;
      nodeIndex.set(key(c), i);
      coords.push(c);
      adj.push([]);
    }
    return i;
  };
  for (const f of roads.features) {
    const cs = f.geometry.coordinates;
    let m = 0;
    for (let i = 1; i < cs.length; i++) m += haversine(cs[i - 1], cs[i]);
    vertices.push(...cs);
    const a = node(cs[0]);
    const b = node(cs[cs.length - 1]);
    adj[a].push({ to: b, m });
    if (!f.properties.oneway) adj[b].push({ to: a, m });
  }
  return { nodeIndex, coords, adj, vertices };
}

export function componentCount(g: RoadGraph): number {
  const parent = g.coords.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  g.adj.forEach((list, a) => list.forEach(({ to }) => (parent[find(a)] = find(to))));
  return new Set(g.coords.map((_, i) => find(i))).size;
}

export function shortestMetres(g: RoadGraph, source: number): Float64Array {
  const d = new Float64Array(g.coords.length).fill(Infinity);
  d[source] = 0;
  const done = new Uint8Array(g.coords.length);
  // Simple O(n²)-free variant: a sorted-array frontier is fine for < 10k nodes in a test.
  const frontier: number[] = [source];
  while (frontier.length > 0) {
    let bi = 0;
    for (let i = 1; i < frontier.length; i++) if (d[frontier[i]] < d[frontier[bi]]) bi = i;
    const u = frontier[bi];
    frontier[bi] = frontier[frontier.length - 1];
    frontier.pop();
    if (done[u]) continue;
    done[u] = 1;
    for (const { to, m } of g.adj[u]) {
      if (d[u] + m < d[to]) {
        if (d[to] === Infinity) frontier.push(to);
        d[to] = d[u] + m;
      }
    }
  }
  return d;
}

/** Median road / straight-line ratio over sampled pairs of the given points (straight ≥ 1 km). */
export function medianDetour(
  g: RoadGraph,
  points: Array<[number, number]>,
  sources: number,
  perSource: number,
): { median: number; pairs: number } {
  const ratios: number[] = [];
  const step = Math.max(1, Math.floor(points.length / sources));
  for (let s = 0; s < points.length && ratios.length < sources * perSource; s += step) {
    const src = g.nodeIndex.get(key(points[s]));
    if (src === undefined) throw new Error(`point ${key(points[s])} is not a road junction`);
    const d = shortestMetres(g, src);
    for (let k = 1; k <= perSource; k++) {
      const t = points[(s + k * 37) % points.length];
      const straight = haversine(points[s], t);
      if (straight < 1000) continue;
      ratios.push(d[g.nodeIndex.get(key(t))!] / straight);
    }
  }
  ratios.sort((a, b) => a - b);
  return { median: ratios[Math.floor(ratios.length / 2)], pairs: ratios.length };
}
