import { describe, expect, it } from 'vitest';
import {
  bufferedHull,
  clipByConvex,
  convexHull,
  dist,
  haversineM,
  localProjection,
  pointInPolygon,
  signedArea,
  type XY,
} from '../../src/generate/geo.ts';
import { curvedPoints } from '../../src/generate/roads.ts';
import { createRng } from '../../src/util/rng.ts';

const square = (x0: number, y0: number, s: number): XY[] => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
];

describe('generator geometry', () => {
  it('clips a polygon by a convex one (area of the overlap of two squares)', () => {
    const clipped = clipByConvex(square(0, 0, 10), square(5, 5, 10));
    expect(Math.abs(signedArea(clipped))).toBeCloseTo(25, 9);
    // a concave L clipped by a square covering its notch keeps only the L's part
    const L: XY[] = [
      [0, 0],
      [20, 0],
      [20, 10],
      [10, 10],
      [10, 20],
      [0, 20],
    ];
    expect(Math.abs(signedArea(clipByConvex(L, square(5, 5, 10))))).toBeCloseTo(75, 9);
    expect(clipByConvex(square(0, 0, 1), square(5, 5, 1))).toEqual([]);
  });

  it('computes hulls, containment and a buffered hull of the wanted size', () => {
    const pts: XY[] = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [2, 2],
      [1, 3],
    ];
    const hull = convexHull(pts);
    expect(hull).toHaveLength(4);
    expect(signedArea(hull)).toBeCloseTo(16, 9); // counter-clockwise
    expect(pointInPolygon([2, 2], hull)).toBe(true);
    expect(pointInPolygon([5, 2], hull)).toBe(false);
    // one point buffered by r: a 48-gon of area close to π r²
    const disc = bufferedHull([[0, 0]], 1000, 48);
    expect(signedArea(disc) / (Math.PI * 1e6)).toBeGreaterThan(0.99);
    expect(signedArea(disc) / (Math.PI * 1e6)).toBeLessThan(1);
  });

  it('projects locally with metre accuracy against haversine', () => {
    const proj = localProjection(115.2, 36.3);
    const a: [number, number] = [115.0, 36.1];
    const b: [number, number] = [115.4, 36.5];
    const planar = dist(proj.toXY(...a), proj.toXY(...b));
    const sphere = haversineM(a[0], a[1], b[0], b[1]);
    expect(Math.abs(planar - sphere) / sphere).toBeLessThan(0.001);
    const back = proj.toLonLat(...proj.toXY(...a));
    expect(back[0]).toBeCloseTo(a[0], 9);
    expect(back[1]).toBeCloseTo(a[1], 9);
  });

  it('bends a road so that its length is the asked factor of the straight line', () => {
    const rng = createRng(9);
    for (const factor of [1.06, 1.25, 1.4]) {
      const a: XY = [0, 0];
      const b: XY = [3000, 1200];
      const inner = curvedPoints(a, b, factor, rng);
      const path = [a, ...inner, b];
      let len = 0;
      for (let i = 1; i < path.length; i++) len += dist(path[i - 1], path[i]);
      expect(len / dist(a, b)).toBeCloseTo(factor, 3);
    }
  });
});
