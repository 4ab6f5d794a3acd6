/**
 * Small planar geometry for the county generator. A county is ~50 km across, so a local equirectangular
 * projection around the county centre (metres) is accurate to well under 0.1% and keeps the maths simple.
 */

import { LocalProjection, haversineM } from '../network/geo.ts';

export type XY = [number, number];

/** Local metric projection around a centre [lon, lat]. */
export interface Projection {
  toXY(lon: number, lat: number): XY;
  toLonLat(x: number, y: number): XY;
}

/** The network's local projection (network/geo.ts) with [x, y] pairs. */
export function localProjection(centreLon: number, centreLat: number): Projection {
  const p = new LocalProjection(centreLon, centreLat);
  return {
    toXY: (lon, lat) => [p.x(lon), p.y(lat)],
    toLonLat: (x, y) => [p.lon(x), p.lat(y)],
  };
}

export { haversineM };

/** Round to 6 decimals (~0.1 m): the precision of every coordinate written to files. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export function dist(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Signed area (counter-clockwise positive) of a ring without a repeated closing point. */
export function signedArea(ring: XY[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return s / 2;
}

export function pointInPolygon(p: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, no repeated point. */
export function convexHull(points: XY[]): XY[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** Convex outline around points: the hull of circles of radius `buffer` round each point. */
export function bufferedHull(points: XY[], buffer: number, segments = 24): XY[] {
  const ring: XY[] = [];
  for (const [x, y] of points) {
    for (let k = 0; k < segments; k++) {
      const a = (2 * Math.PI * k) / segments;
      ring.push([x + buffer * Math.cos(a), y + buffer * Math.sin(a)]);
    }
  }
  return convexHull(ring);
}

/** Sutherland–Hodgman: clip any polygon by a CONVEX counter-clockwise polygon. */
export function clipByConvex(subject: XY[], clip: XY[]): XY[] {
  let output = subject;
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i];
    const b = clip[(i + 1) % clip.length];
    const inside = (p: XY) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0;
    const intersect = (p: XY, q: XY): XY => {
      const a1 = b[1] - a[1];
      const b1 = a[0] - b[0];
      const c1 = a1 * a[0] + b1 * a[1];
      const a2 = q[1] - p[1];
      const b2 = p[0] - q[0];
      const c2 = a2 * p[0] + b2 * p[1];
      const det = a1 * b2 - a2 * b1;
      return [(b2 * c1 - b1 * c2) / det, (a1 * c2 - a2 * c1) / det];
    };
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const cur = input[j];
      const prev = input[(j + input.length - 1) % input.length];
      const curIn = inside(cur);
      const prevIn = inside(prev);
      if (curIn) {
        if (!prevIn) output.push(intersect(prev, cur));
        output.push(cur);
      } else if (prevIn) {
        output.push(intersect(prev, cur));
      }
    }
  }
  return output;
}

/** Uniform grid hash for "no other point within r" tests while points are being added. */
export class SpacingGrid {
  private readonly cells = new Map<string, XY[]>();
  constructor(private readonly cellSize: number) {}
  private key(ix: number, iy: number): string {
    return `${ix},${iy}`;
  }
  add(p: XY): void {
    const k = this.key(Math.floor(p[0] / this.cellSize), Math.floor(p[1] / this.cellSize));
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [p]);
  }
  /** true when no stored point lies within r (r ≤ cellSize × 2 for a full search). */
  isFree(p: XY, r: number): boolean {
    const span = Math.ceil(r / this.cellSize);
    const ix = Math.floor(p[0] / this.cellSize);
    const iy = Math.floor(p[1] / this.cellSize);
    for (let dx = -span; dx <= span; dx++) {
      for (let dy = -span; dy <= span; dy++) {
        const list = this.cells.get(this.key(ix + dx, iy + dy));
        if (!list) continue;
        for (const q of list) if (dist(p, q) < r) return false;
      }
    }
    return true;
  }
}
