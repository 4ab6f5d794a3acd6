/** Our typed-array Dijkstra against graphology-shortest-path on random road graphs. */
import { connectedComponents } from 'graphology-components';
import { dijkstra } from 'graphology-shortest-path';
import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../../src/util/rng.ts';
import {
  buildRoadGraph,
  computeTravelMatrix,
  roadStats,
  toGraphology,
  type RoadGraph,
} from '../../src/network/index.ts';
import type { RoadCollection } from '../../src/model/types.ts';
import { point, road, roads } from './helpers.ts';

/** A jittered grid; every road is one segment, so every grid vertex is a junction of the graph. */
function randomGrid(seed: number, side: number): { data: RoadCollection; vertices: Array<[number, number]> } {
  const rng = createRng(seed);
  const xy: Array<[number, number]> = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) xy.push([c * 800 + (rng() - 0.5) * 300, r * 800 + (rng() - 0.5) * 300]);
  }
  const features: RoadCollection['features'] = [];
  const classes = ['tertiary', 'unclassified', 'residential', 'track'];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = r * side + c;
      for (const w of [c + 1 < side ? v + 1 : -1, r + 1 < side ? v + side : -1]) {
        if (w < 0 || rng() < 0.15) continue;
        const forward = rng() < 0.5;
        const [a, b] = forward ? [xy[v], xy[w]] : [xy[w], xy[v]];
        features.push(
          road([a, b], {
            highway: classes[Math.floor(rng() * classes.length)],
            ...(rng() < 0.5 ? { speedKmh: 15 + Math.floor(rng() * 50) } : {}),
            ...(rng() < 0.2 ? { oneway: true } : {}),
          }),
        );
      }
    }
  }
  return { data: roads(...features), vertices: xy };
}

function nodeAt(g: RoadGraph, lon: number, lat: number): number {
  for (let n = 0; n < g.nodeCount; n++)
    if (Math.abs(g.nodeLon[n] - lon) < 1e-9 && Math.abs(g.nodeLat[n] - lat) < 1e-9) return n;
  return -1;
}

describe('many-to-many Dijkstra', () => {
  for (const seed of [1, 2, 3]) {
    it(`equals graphology-shortest-path on a random graph (seed ${seed}), by duration and by distance`, async () => {
      const { data, vertices } = randomGrid(seed, 9);
      const source = { format: 'geojson' as const, data };
      const g = buildRoadGraph(source)!;
      const gg = toGraphology(g);
      const rng = createRng(seed * 101);
      const chosen = vertices.filter(() => rng() < 0.35);
      const pts = chosen.map(([x, y], i) => point(`p${i}`, x, y));
      const nodes = pts.map((p) => nodeAt(g, p.lon, p.lat));
      for (const metric of ['duration', 'distance'] as const) {
        const weight = metric === 'duration' ? 'durationS' : 'lengthM';
        const m = await computeTravelMatrix(pts, source, { cacheDir: null, metric, threads: 0 });
        const cost = metric === 'duration' ? m.durationS : m.distanceM;
        let finite = 0;
        pts.forEach((_, i) => {
          if (nodes[i] < 0) return; // vertex left without roads by the random draw
          const paths = dijkstra.singleSource(gg, String(nodes[i]), weight);
          pts.forEach((__, j) => {
            if (nodes[j] < 0 || i === j) return;
            const path = paths[String(nodes[j])];
            const got = cost[i * pts.length + j];
            if (!path) {
              expect(got).toBe(Infinity);
              return;
            }
            let expected = 0;
            for (let k = 1; k < path.length; k++)
              expected += gg.getEdgeAttribute(gg.edge(path[k - 1], path[k])!, weight);
            expect(got).toBeCloseTo(expected, 6);
            finite++;
          });
        });
        expect(finite).toBeGreaterThan(pts.length * 2);
      }
    });
  }

  it('gives the same matrix on worker threads as on the main thread', async () => {
    const { data, vertices } = randomGrid(7, 10);
    const pts = vertices.map(([x, y], i) => point(`v${i}`, x + 37, y - 21));
    const single = await computeTravelMatrix(pts, { format: 'geojson', data }, { cacheDir: null, threads: 1 });
    // The fallback to the main thread would hide broken workers: it must not have been taken.
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const multi = await computeTravelMatrix(pts, { format: 'geojson', data }, { cacheDir: null, threads: 3 });
      expect(multi).toEqual(single);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('finds the same weakly connected components as graphology-components', () => {
    for (const seed of [4, 5]) {
      const { data } = randomGrid(seed, 8);
      // Cut the grid with a few isolated pieces.
      const cut = roads(...data.features.filter((_, i) => i % 9 !== 0));
      const g = buildRoadGraph({ format: 'geojson', data: cut })!;
      const theirs = connectedComponents(toGraphology(g));
      expect(roadStats(g).components).toBe(theirs.length);
      for (const comp of theirs) {
        const ids = new Set(comp.map((n) => g.nodeComponent[Number(n)]));
        expect(ids.size).toBe(1);
      }
    }
  });
});
