/**
 * Snapping points to the nearest road: exact projection onto the nearest edge segment, found with a
 * kdbush index of points sampled along every segment (so that a long straight road is found even when
 * both its ends are far away). Motorways and their ramps are not snap targets (graph.edgeSnappable).
 */
import KDBush from 'kdbush';
import { LocalProjection } from './geo.ts';
import type { RoadGraph } from './graph.ts';

/** Where a point meets the road graph: a virtual node on edge `edge`, `alongM` metres from its start. */
export interface RoadSnap {
  edge: number;
  alongM: number;
  /** The snapped position on the road. */
  lon: number;
  lat: number;
  /** Straight-line metres from the point to the road. */
  distanceM: number;
}

/** Spacing (m) of the index samples along segments. */
const SAMPLE_SPACING_M = 100;

const indexes = new WeakMap<RoadGraph, SnapIndex>();

/** The snap index of a graph, built once per graph. */
export function snapIndexOf(graph: RoadGraph): SnapIndex {
  let index = indexes.get(graph);
  if (!index) {
    index = new SnapIndex(graph);
    indexes.set(graph, index);
  }
  return index;
}

export class SnapIndex {
  private readonly proj: LocalProjection;
  private readonly index: KDBush;
  /** For each index sample, the geometry point that starts its segment. */
  private readonly sampleSegment: Int32Array;
  /** For each geometry point that starts a segment, its edge; -1 for an edge's last point. */
  private readonly segmentEdge: Int32Array;
  private readonly gx: Float64Array;
  private readonly gy: Float64Array;

  constructor(private readonly graph: RoadGraph) {
    const n = graph.nodeCount;
    let lon0 = 0;
    let lat0 = 0;
    for (let i = 0; i < n; i++) {
      lon0 += graph.nodeLon[i];
      lat0 += graph.nodeLat[i];
    }
    this.proj = new LocalProjection(n ? lon0 / n : 0, n ? lat0 / n : 0);
    const gCount = graph.geomLon.length;
    this.gx = new Float64Array(gCount);
    this.gy = new Float64Array(gCount);
    for (let p = 0; p < gCount; p++) {
      this.gx[p] = this.proj.x(graph.geomLon[p]);
      this.gy[p] = this.proj.y(graph.geomLat[p]);
    }
    this.segmentEdge = new Int32Array(gCount).fill(-1);
    const samples: number[] = [];
    const sampleSeg: number[] = [];
    for (let e = 0; e < graph.edgeCount; e++) {
      if (graph.edgeSnappable[e] === 0) continue;
      const last = graph.geomStart[e + 1] - 1;
      for (let p = graph.geomStart[e]; p < last; p++) {
        this.segmentEdge[p] = e;
        const dx = this.gx[p + 1] - this.gx[p];
        const dy = this.gy[p + 1] - this.gy[p];
        const steps = Math.max(1, Math.ceil(Math.hypot(dx, dy) / SAMPLE_SPACING_M));
        // Samples at both ends and every ≤ SAMPLE_SPACING_M between.
        for (let s = 0; s <= steps; s++) {
          samples.push(this.gx[p] + (dx * s) / steps, this.gy[p] + (dy * s) / steps);
          sampleSeg.push(p);
        }
      }
    }
    this.sampleSegment = Int32Array.from(sampleSeg);
    this.index = new KDBush(Math.max(1, sampleSeg.length));
    for (let i = 0; i < sampleSeg.length; i++) this.index.add(samples[2 * i], samples[2 * i + 1]);
    if (sampleSeg.length === 0) this.index.add(Infinity, Infinity);
    this.index.finish();
  }

  /**
   * Nearest road point to (lon, lat). Always returns the true nearest (searching farther than
   * `searchLimitM` only by a full scan), or null when the graph has no edges.
   */
  nearest(lon: number, lat: number, searchLimitM = 5000): RoadSnap | null {
    const x = this.proj.x(lon);
    const y = this.proj.y(lat);
    const half = SAMPLE_SPACING_M / 2;
    for (let r = 250; ; r *= 2) {
      const radius = Math.min(r, searchLimitM) + half;
      let bestSeg = -1;
      let bestD2 = Infinity;
      let bestT = 0;
      const seen = new Set<number>();
      for (const id of this.index.within(x, y, radius)) {
        const p = this.sampleSegment[id];
        if (seen.has(p)) continue;
        seen.add(p);
        const [d2, t] = this.segmentDistance2(p, x, y);
        if (d2 < bestD2) {
          bestD2 = d2;
          bestSeg = p;
          bestT = t;
        }
      }
      // Exact once nothing closer than the best can be outside the searched radius.
      if (bestSeg >= 0 && Math.sqrt(bestD2) <= radius - half) return this.snapAt(bestSeg, bestT, Math.sqrt(bestD2));
      if (r >= searchLimitM) return this.scanAll(x, y);
    }
  }

  private segmentDistance2(p: number, x: number, y: number): [number, number] {
    const ax = this.gx[p];
    const ay = this.gy[p];
    const dx = this.gx[p + 1] - ax;
    const dy = this.gy[p + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = ax + t * dx - x;
    const ey = ay + t * dy - y;
    return [ex * ex + ey * ey, t];
  }

  private scanAll(x: number, y: number): RoadSnap | null {
    let bestSeg = -1;
    let bestD2 = Infinity;
    let bestT = 0;
    for (let p = 0; p < this.segmentEdge.length; p++) {
      if (this.segmentEdge[p] < 0) continue;
      const [d2, t] = this.segmentDistance2(p, x, y);
      if (d2 < bestD2) {
        bestD2 = d2;
        bestSeg = p;
        bestT = t;
      }
    }
    return bestSeg < 0 ? null : this.snapAt(bestSeg, bestT, Math.sqrt(bestD2));
  }

  private snapAt(p: number, t: number, distanceM: number): RoadSnap {
    const g = this.graph;
    const edge = this.segmentEdge[p];
    const alongM = g.geomAlongM[p] + t * (g.geomAlongM[p + 1] - g.geomAlongM[p]);
    return {
      edge,
      alongM,
      lon: g.geomLon[p] + t * (g.geomLon[p + 1] - g.geomLon[p]),
      lat: g.geomLat[p] + t * (g.geomLat[p + 1] - g.geomLat[p]),
      distanceM,
    };
  }
}
