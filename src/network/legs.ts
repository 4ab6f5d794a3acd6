/**
 * Geometry of one leg along the roads, for drawing routes: the same fastest path the matrix used,
 * from the place to its snap point, along the (partial) edges, to the next place.
 */
import type { RoadGraph } from './graph.ts';
import { AT_JUNCTION_M, type TravelNetwork } from './matrix.ts';
import type { RoadSnap } from './snap.ts';

export type LonLat = [number, number];

/** Point at `alongM` metres from the start of edge e. */
function pointAlong(g: RoadGraph, e: number, alongM: number): LonLat {
  const start = g.geomStart[e];
  const last = g.geomStart[e + 1] - 1;
  for (let p = start; p < last; p++) {
    const a0 = g.geomAlongM[p];
    const a1 = g.geomAlongM[p + 1];
    if (alongM <= a1 || p === last - 1) {
      const t = a1 > a0 ? Math.min(1, Math.max(0, (alongM - a0) / (a1 - a0))) : 0;
      return [
        g.geomLon[p] + t * (g.geomLon[p + 1] - g.geomLon[p]),
        g.geomLat[p] + t * (g.geomLat[p + 1] - g.geomLat[p]),
      ];
    }
  }
  return [g.geomLon[start], g.geomLat[start]];
}

/** Edge e's geometry between two positions along it, in travel order (either direction). */
export function edgeSlice(g: RoadGraph, e: number, fromM: number, toM: number): LonLat[] {
  const out: LonLat[] = [pointAlong(g, e, fromM)];
  const start = g.geomStart[e];
  const end = g.geomStart[e + 1];
  if (fromM <= toM) {
    for (let p = start; p < end; p++)
      if (g.geomAlongM[p] > fromM && g.geomAlongM[p] < toM) out.push([g.geomLon[p], g.geomLat[p]]);
  } else {
    for (let p = end - 1; p >= start; p--)
      if (g.geomAlongM[p] < fromM && g.geomAlongM[p] > toM) out.push([g.geomLon[p], g.geomLat[p]]);
  }
  out.push(pointAlong(g, e, toM));
  return out;
}

interface Seed {
  node: number;
  cost: number;
  /** Geometry from the snap point to the node. */
  path: () => LonLat[];
}

/** Cost per metre along edge e: seconds (fastest routes) or 1 (shortest). */
function costPerM(g: RoadGraph, e: number, byDuration: boolean): number {
  const len = g.edgeLengthM[e];
  if (!byDuration) return 1;
  return len > 0 ? g.edgeDurationS[e] / len : 0;
}

function departures(g: RoadGraph, s: RoadSnap, byDuration: boolean): Seed[] {
  const e = s.edge;
  const len = g.edgeLengthM[e];
  const pace = costPerM(g, e, byDuration);
  const seeds: Seed[] = [];
  if (g.edgeDir[e] !== 1 || s.alongM <= AT_JUNCTION_M)
    seeds.push({ node: g.edgeFrom[e], cost: s.alongM * pace, path: () => edgeSlice(g, e, s.alongM, 0) });
  if (g.edgeDir[e] !== -1 || len - s.alongM <= AT_JUNCTION_M) {
    seeds.push({ node: g.edgeTo[e], cost: (len - s.alongM) * pace, path: () => edgeSlice(g, e, s.alongM, len) });
  }
  return seeds;
}

function arrivals(g: RoadGraph, t: RoadSnap, byDuration: boolean): Seed[] {
  const e = t.edge;
  const len = g.edgeLengthM[e];
  const pace = costPerM(g, e, byDuration);
  const ends: Seed[] = [];
  if (g.edgeDir[e] !== -1 || t.alongM <= AT_JUNCTION_M)
    ends.push({ node: g.edgeFrom[e], cost: t.alongM * pace, path: () => edgeSlice(g, e, 0, t.alongM) });
  if (g.edgeDir[e] !== 1 || len - t.alongM <= AT_JUNCTION_M) {
    ends.push({ node: g.edgeTo[e], cost: (len - t.alongM) * pace, path: () => edgeSlice(g, e, len, t.alongM) });
  }
  return ends;
}

/** Geometry of the arc a (in its direction of travel). */
function arcGeometry(g: RoadGraph, from: number, a: number): LonLat[] {
  const e = g.arcEdge[a];
  const forward = g.edgeFrom[e] === from && (g.edgeDir[e] !== -1 || g.edgeTo[e] !== from);
  const len = g.edgeLengthM[e];
  return forward ? edgeSlice(g, e, 0, len) : edgeSlice(g, e, len, 0);
}

function pushAll(out: LonLat[], pts: LonLat[]): void {
  for (const p of pts) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
}

/**
 * [lon, lat] polyline of the leg fromId → toId following the roads (fastest path, as in the matrix).
 * A straight segment when the matrix is an estimate; null when no route exists (unreachable places).
 */
export function legPath(network: TravelNetwork, fromId: string, toId: string): LonLat[] | null {
  const from = network.points.find((p) => p.id === fromId);
  const to = network.points.find((p) => p.id === toId);
  if (!from) throw new Error(`legPath: unknown place id "${fromId}"`);
  if (!to) throw new Error(`legPath: unknown place id "${toId}"`);
  if (network.matrix.estimated)
    return [
      [from.lon, from.lat],
      [to.lon, to.lat],
    ];
  const g = network.graph();
  const s = network.snap(fromId);
  const t = network.snap(toId);
  if (!g || !s || !t) return null;
  const head: LonLat[] = [
    [from.lon, from.lat],
    [s.lon, s.lat],
  ];
  const tail: LonLat[] = [
    [t.lon, t.lat],
    [to.lon, to.lat],
  ];
  if (fromId === toId) return [[from.lon, from.lat]];
  const byDuration = network.options.metric === 'duration';
  const arcCost = byDuration ? g.arcDurationS : g.arcLengthM;

  // Direct ride along a shared edge.
  let best = Infinity;
  let bestPath: LonLat[] | null = null;
  if (s.edge === t.edge) {
    const e = s.edge;
    const pace = costPerM(g, e, byDuration);
    const delta = t.alongM - s.alongM;
    if ((delta >= 0 && g.edgeDir[e] !== -1) || (delta <= 0 && g.edgeDir[e] !== 1)) {
      best = Math.abs(delta) * pace;
      bestPath = edgeSlice(g, e, s.alongM, t.alongM);
    }
  }

  // Dijkstra from the departure seeds with predecessors, until both arrival nodes are settled.
  const n = g.nodeCount;
  const costTo = new Float64Array(n).fill(Infinity);
  const predArc = new Int32Array(n).fill(-1);
  const predNode = new Int32Array(n).fill(-1);
  const seedOf = new Map<number, Seed>();
  const heap: Array<[number, number]> = [];
  const push = (d: number, v: number) => {
    heap.push([d, v]);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent][0] <= d) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (c + 1 < heap.length && heap[c + 1][0] < heap[c][0]) c++;
        if (heap[c][0] >= heap[i][0]) break;
        [heap[i], heap[c]] = [heap[c], heap[i]];
        i = c;
      }
    }
    return top;
  };
  for (const seed of departures(g, s, byDuration)) {
    if (seed.cost < costTo[seed.node]) {
      costTo[seed.node] = seed.cost;
      seedOf.set(seed.node, seed);
      push(seed.cost, seed.node);
    }
  }
  const ends = arrivals(g, t, byDuration);
  const pending = new Set(ends.map((a) => a.node));
  const settled = new Uint8Array(n);
  while (heap.length && pending.size) {
    const [d, u] = pop();
    if (settled[u] || d > costTo[u]) continue;
    settled[u] = 1;
    pending.delete(u);
    for (let a = g.arcOffset[u]; a < g.arcOffset[u + 1]; a++) {
      const v = g.arcTarget[a];
      const nd = d + arcCost[a];
      if (nd < costTo[v]) {
        costTo[v] = nd;
        predArc[v] = a;
        predNode[v] = u;
        push(nd, v);
      }
    }
  }
  for (const end of ends) {
    const total = costTo[end.node] + end.cost;
    if (total >= best) continue;
    best = total;
    const arcs: Array<[number, number]> = [];
    let v = end.node;
    while (predArc[v] >= 0) {
      arcs.push([predNode[v], predArc[v]]);
      v = predNode[v];
    }
    const path: LonLat[] = [];
    pushAll(path, seedOf.get(v)!.path());
    for (let k = arcs.length - 1; k >= 0; k--) pushAll(path, arcGeometry(g, arcs[k][0], arcs[k][1]));
    pushAll(path, end.path());
    bestPath = path;
  }
  if (!bestPath) return null;
  const out: LonLat[] = [];
  pushAll(out, head);
  pushAll(out, bestPath);
  pushAll(out, tail);
  return out;
}
