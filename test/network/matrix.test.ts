import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildRoadGraph,
  computeTravelMatrix,
  computeTravelNetwork,
  haversineM,
  legPath,
  roadStats,
  type TravelMatrix,
} from '../../src/network/index.ts';
import { at, point, road, roads } from './helpers.ts';

const cacheDirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gongpei-matrix-'));
  cacheDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
});

const cell = (m: TravelMatrix, from: string, to: string, which: 'distanceM' | 'durationS' = 'distanceM') =>
  m[which][m.ids.indexOf(from) * m.size + m.ids.indexOf(to)];
const hv = (a: [number, number], b: [number, number]) => haversineM(a[0], a[1], b[0], b[1]);

describe('road matrix on hand-made GeoJSON', () => {
  // A one-way road A → B along the south side; the way back goes round the square (B → C → D → A).
  const square = roads(
    road(
      [
        [0, 0],
        [1000, 0],
      ],
      { oneway: true, speedKmh: 36 },
    ),
    road(
      [
        [1000, 0],
        [1000, 1000],
        [0, 1000],
        [0, 0],
      ],
      { speedKmh: 36 },
    ),
  );

  it('respects one-way roads: A→B ≠ B→A, both recomputed from the geometry', async () => {
    const pts = [point('A', 0, 0), point('B', 1000, 0)];
    const m = await computeTravelMatrix(pts, { format: 'geojson', data: square }, { cacheDir: null });
    expect(m.estimated).toBe(false);
    expect(m.unreachable).toEqual([]);
    const direct = hv(at(0, 0), at(1000, 0));
    const around = hv(at(1000, 0), at(1000, 1000)) + hv(at(1000, 1000), at(0, 1000)) + hv(at(0, 1000), at(0, 0));
    expect(cell(m, 'A', 'B')).toBeCloseTo(direct, 3);
    expect(cell(m, 'B', 'A')).toBeCloseTo(around, 3);
    // 36 km/h = 10 m/s on every road.
    expect(cell(m, 'A', 'B', 'durationS')).toBeCloseTo(direct / 10, 3);
    expect(cell(m, 'B', 'A', 'durationS')).toBeCloseTo(around / 10, 3);
    expect(cell(m, 'A', 'A')).toBe(0);
  });

  it('splits edges virtually at snap points and adds the off-road connector both ways', async () => {
    // P is 30 m south of the one-way road, 250 m from A; Q is 40 m north of it, 700 m from A.
    const pts = [point('P', 250, -30), point('Q', 700, 40)];
    const m = await computeTravelMatrix(
      pts,
      { format: 'geojson', data: square },
      { cacheDir: null, connectorSpeedKmh: 18 },
    );
    const pq = hv(at(250, 0), at(700, 0));
    const qp =
      hv(at(700, 0), at(1000, 0)) +
      hv(at(1000, 0), at(1000, 1000)) +
      hv(at(1000, 1000), at(0, 1000)) +
      hv(at(0, 1000), at(0, 0)) +
      hv(at(0, 0), at(250, 0));
    const conn = hv(at(250, -30), at(250, 0)) + hv(at(700, 40), at(700, 0));
    expect(cell(m, 'P', 'Q')).toBeCloseTo(pq + conn, 0);
    expect(cell(m, 'Q', 'P')).toBeCloseTo(qp + conn, 0);
    // Connector at 18 km/h = 5 m/s, road at 10 m/s.
    expect(cell(m, 'P', 'Q', 'durationS')).toBeCloseTo(pq / 10 + conn / 5, 0);
    expect(m.snaps.map((s) => Math.round(s.snapDistanceM))).toEqual([30, 40]);
  });

  it('never snaps a place onto a motorway', async () => {
    // A motorway passes 20 m from V; the nearest road a van can stop on is 200 m away.
    const data = roads(
      ...square.features,
      road(
        [
          [-2000, 1220],
          [3000, 1220],
        ],
        { highway: 'motorway' },
      ),
      road(
        [
          [1000, 1000],
          [1000, 1200],
        ],
        { highway: 'residential' },
      ),
    );
    const pts = [point('A', 0, 0), point('V', 1200, 1200)];
    const m = await computeTravelMatrix(pts, { format: 'geojson', data }, { cacheDir: null });
    expect(m.snaps[1].snapDistanceM).toBeCloseTo(200, 0);
    expect(m.unreachable).toEqual([]);
  });

  it('reports a place beyond maxSnapMeters as off_road with the distance and the limit', async () => {
    const pts = [point('A', 0, 0), point('B', 1000, 0), point('far', 500, 3500)];
    const m = await computeTravelMatrix(
      pts,
      { format: 'geojson', data: square },
      { cacheDir: null, maxSnapMeters: 1000 },
    );
    expect(m.unreachable).toEqual([
      { id: 'far', reason: 'off_road', detail: '2.5 km from the nearest road (limit 1.0 km)' },
    ]);
    expect(cell(m, 'A', 'far')).toBe(Infinity);
    expect(cell(m, 'far', 'B', 'durationS')).toBe(Infinity);
    expect(cell(m, 'far', 'far')).toBe(0);
    expect(Number.isFinite(cell(m, 'A', 'B'))).toBe(true);
  });

  it('reports places on a road component not connected to the main network as disconnected', async () => {
    const island = road([
      [5000, 5000],
      [6000, 5000],
    ]);
    const data = roads(...square.features, island);
    expect(roadStats(buildRoadGraph({ format: 'geojson', data }))).toMatchObject({ components: 2, edges: 3 });
    const pts = [
      point('A', 0, 0),
      point('B', 1000, 0),
      point('C', 500, 1000),
      point('I1', 5200, 5010),
      point('I2', 5800, 5000),
    ];
    const m = await computeTravelMatrix(pts, { format: 'geojson', data }, { cacheDir: null });
    expect(m.unreachable.map((u) => [u.id, u.reason])).toEqual([
      ['I1', 'disconnected'],
      ['I2', 'disconnected'],
    ]);
    expect(m.unreachable[0].detail).toBe(
      'its road (2 junctions, with 2 of the places) is not connected to the road network that 3 of the 5 places are on',
    );
    expect(cell(m, 'A', 'I1')).toBe(Infinity);
    expect(cell(m, 'I2', 'C')).toBe(Infinity);
    // Within the island the route exists and is exact.
    expect(cell(m, 'I1', 'I2')).toBeCloseTo(hv(at(5200, 5010), at(5200, 5000)) + hv(at(5200, 5000), at(5800, 5000)), 0);
  });

  it('reports a place that one-way roads make unreachable as no_route', async () => {
    // A dead-end one-way spur: you can drive in to S but never out.
    const data = roads(
      ...square.features,
      road(
        [
          [1000, 1000],
          [1500, 1000],
        ],
        { oneway: true },
      ),
    );
    const pts = [point('A', 0, 0), point('B', 1000, 0), point('S', 1500, 1000)];
    const m = await computeTravelMatrix(pts, { format: 'geojson', data }, { cacheDir: null });
    expect(m.unreachable).toEqual([
      {
        id: 'S',
        reason: 'no_route',
        detail: 'one-way roads: no route to 2 and from 0 of the 2 places of the main network',
      },
    ]);
    expect(cell(m, 'S', 'A')).toBe(Infinity);
    expect(Number.isFinite(cell(m, 'A', 'S'))).toBe(true);
  });

  it('draws legs along the road, through the snap points, matching the matrix distance', async () => {
    const pts = [point('P', 250, -30), point('Q', 700, 40)];
    const net = await computeTravelNetwork(pts, { format: 'geojson', data: square }, { cacheDir: null });
    for (const [a, b] of [
      ['P', 'Q'],
      ['Q', 'P'],
    ] as const) {
      const path = legPath(net, a, b)!;
      let len = 0;
      for (let k = 1; k < path.length; k++) len += hv(path[k - 1], path[k]);
      expect(len).toBeCloseTo(cell(net.matrix, a, b), 0);
    }
    // Q → P goes round the square: the path passes the corner (1000, 1000).
    const back = legPath(net, 'Q', 'P')!;
    const corner = at(1000, 1000);
    expect(back.some((p) => hv(p, corner) < 0.01)).toBe(true);
  });
});

describe('straight-line estimate', () => {
  it('is haversine × detour factor at the default speed and is flagged estimated', async () => {
    const pts = [point('A', 0, 0), point('B', 3000, 4000), point('C', -2000, 500)];
    const m = await computeTravelMatrix(pts, null, { cacheDir: null, detourFactor: 1.3, defaultSpeedKmh: 36 });
    expect(m.estimated).toBe(true);
    expect(m.unreachable).toEqual([]);
    for (const a of pts) {
      for (const b of pts) {
        const d = haversineM(a.lon, a.lat, b.lon, b.lat) * 1.3;
        expect(cell(m, a.id, b.id)).toBeCloseTo(d, 6);
        expect(cell(m, a.id, b.id, 'durationS')).toBeCloseTo(d / 10, 6);
      }
    }
    const none = await computeTravelMatrix(pts, { format: 'none' }, { cacheDir: null });
    expect(none.estimated).toBe(true);
    const net = await computeTravelNetwork(pts, null, { cacheDir: null });
    expect(legPath(net, 'A', 'B')).toEqual([
      [pts[0].lon, pts[0].lat],
      [pts[1].lon, pts[1].lat],
    ]);
  });
});

describe('matrix cache', () => {
  const data = roads(
    road([
      [0, 0],
      [1000, 0],
      [1000, 800],
    ]),
    road(
      [
        [1000, 0],
        [2500, 300],
      ],
      { highway: 'tertiary' },
    ),
  );
  const pts = [point('A', 10, 20), point('B', 1000, 700), point('C', 2400, 250), point('far', 9000, 9000)];

  it('returns the same matrix from the cache, and ignores a corrupt cache file', async () => {
    const dir = tempDir();
    const first = await computeTravelNetwork(pts, { format: 'geojson', data }, { cacheDir: dir });
    expect(first.fromCache).toBe(false);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const second = await computeTravelNetwork(pts, { format: 'geojson', data }, { cacheDir: dir });
    expect(second.fromCache).toBe(true);
    expect(second.matrix).toEqual(first.matrix);
    expect(second.matrix.unreachable.map((u) => u.reason)).toEqual(['off_road']);
    // Legs still work after a cache hit (the graph is rebuilt on demand).
    expect(legPath(second, 'A', 'C')).toEqual(legPath(first, 'A', 'C'));

    // Other options → another key.
    const other = await computeTravelNetwork(
      pts,
      { format: 'geojson', data },
      { cacheDir: dir, maxSnapMeters: 20_000 },
    );
    expect(other.fromCache).toBe(false);
    expect(other.matrix.unreachable).toEqual([]);

    writeFileSync(join(dir, files[0]), 'GPMX1\nthis is not a matrix');
    const third = await computeTravelNetwork(pts, { format: 'geojson', data }, { cacheDir: dir });
    expect(third.fromCache).toBe(false);
    expect(third.matrix).toEqual(first.matrix);
    const fourth = await computeTravelNetwork(pts, { format: 'geojson', data }, { cacheDir: dir });
    expect(fourth.fromCache).toBe(true);
  });

  it('uses GONGPEI_CACHE_DIR when no cacheDir is given', async () => {
    const dir = tempDir();
    const saved = process.env.GONGPEI_CACHE_DIR;
    process.env.GONGPEI_CACHE_DIR = dir;
    try {
      await computeTravelMatrix(pts, { format: 'geojson', data });
      expect(readdirSync(dir).filter((f) => f.endsWith('.matrix'))).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.GONGPEI_CACHE_DIR;
      else process.env.GONGPEI_CACHE_DIR = saved;
    }
  });
});

describe('matrix cache size limit', () => {
  it('deletes the oldest matrices beyond GONGPEI_CACHE_MAX_MB, never the one just written', async () => {
    const dir = tempDir();
    const saved = process.env.GONGPEI_CACHE_MAX_MB;
    process.env.GONGPEI_CACHE_MAX_MB = '0.0001'; // ~100 bytes: smaller than any matrix file
    try {
      const pts = [point('A', 0, 0), point('B', 100, 100)];
      await computeTravelMatrix(pts, null, { cacheDir: dir });
      const first = readdirSync(dir);
      await computeTravelMatrix(pts, null, { cacheDir: dir, detourFactor: 1.2 });
      const second = readdirSync(dir);
      expect(first).toHaveLength(1);
      expect(second).toHaveLength(1);
      expect(second[0]).not.toBe(first[0]);
      const again = await computeTravelNetwork(pts, null, { cacheDir: dir, detourFactor: 1.2 });
      expect(again.fromCache).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GONGPEI_CACHE_MAX_MB;
      else process.env.GONGPEI_CACHE_MAX_MB = saved;
    }
  });
});

describe('input errors', () => {
  it('names the bad point or road', async () => {
    await expect(computeTravelMatrix([point('A', 0, 0), point('A', 1, 1)], null, { cacheDir: null })).rejects.toThrow(
      'matrix point 1: id: duplicate id "A"',
    );
    await expect(computeTravelMatrix([{ id: 'X', lon: 200, lat: 0 }], null, { cacheDir: null })).rejects.toThrow(
      'matrix point 0 ("X"): lon/lat: invalid position 200, 0',
    );
    const bad = roads(
      road([
        [0, 0],
        [10, 0],
      ]),
      road(
        [
          [0, 0],
          [0, 10],
        ],
        { speedKmh: -5 },
      ),
    );
    expect(() => buildRoadGraph({ format: 'geojson', data: bad })).toThrow(
      'roads.geojson:feature 1:speedKmh: must be a positive number, got -5',
    );
    expect(() => buildRoadGraph({ format: 'osm.pbf', bytes: new Uint8Array([0, 0, 0, 9, 1]) })).toThrow(
      'roads.osm.pbf: truncated PBF blob header',
    );
    expect(() => buildRoadGraph({ format: 'osm', bytes: new TextEncoder().encode('<html></html>') })).toThrow(
      'roads.osm: not an OSM XML document (no <osm> root element)',
    );
  });
});
