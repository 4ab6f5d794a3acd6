/** Real OpenStreetMap extracts from ../shared/geo/osm (read in place, never copied). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildRoadGraph,
  computeTravelMatrix,
  computeTravelNetwork,
  haversineM,
  legPath,
  readOsmPlaces,
  roadStats,
  type MatrixPoint,
} from '../../src/network/index.ts';
import { readOsmPbf } from '../../src/network/pbf.ts';

const OSM_DIR = join(process.cwd(), '..', 'shared', 'geo', 'osm');
const pbf = (name: string) => new Uint8Array(readFileSync(join(OSM_DIR, name)));

const northBayreuth = pbf('north-bayreuth.osm.pbf');
const villages = (bytes: Uint8Array): MatrixPoint[] =>
  readOsmPlaces('osm.pbf', bytes)
    .filter((p) => p.place === 'village')
    .map((p) => ({ id: p.name, lon: p.lon, lat: p.lat }));

describe('north-bayreuth.osm.pbf', () => {
  it('builds a road graph of about the documented size (~526 km, ~1,800 drivable ways)', () => {
    const stats = roadStats(buildRoadGraph({ format: 'osm.pbf', bytes: northBayreuth }));
    expect(stats.roadKm).toBeGreaterThan(526 * 0.95);
    expect(stats.roadKm).toBeLessThan(526 * 1.05);
    expect(stats.largestComponentShare).toBeGreaterThan(0.95);
    expect(stats.nodes).toBeGreaterThan(1000);
  });

  it('Neudrossenfeld → Harsdorf: shortest road distance 5.9–6.1 km; the fastest route is longer but quicker', async () => {
    const both = villages(northBayreuth).filter((p) => p.id === 'Neudrossenfeld' || p.id === 'Harsdorf');
    expect(both.map((p) => p.id).sort()).toEqual(['Harsdorf', 'Neudrossenfeld']);
    const roads = { format: 'osm.pbf' as const, bytes: northBayreuth };
    const shortest = await computeTravelMatrix(both, roads, { cacheDir: null, metric: 'distance' });
    const fastest = await computeTravelMatrix(both, roads, { cacheDir: null });
    const n = both.findIndex((p) => p.id === 'Neudrossenfeld');
    const h = 1 - n;
    for (const [a, b] of [
      [n, h],
      [h, n],
    ]) {
      const dShort = shortest.distanceM[a! * 2 + b!];
      expect(dShort).toBeGreaterThan(5900);
      expect(dShort).toBeLessThan(6100);
      // The straight line is ~5.0 km: a road detour of 1.1–1.3 is plausible.
      const line = haversineM(both[a!].lon, both[a!].lat, both[b!].lon, both[b!].lat);
      expect(dShort / line).toBeGreaterThan(1.1);
      expect(fastest.distanceM[a! * 2 + b!]).toBeGreaterThanOrEqual(dShort);
      expect(fastest.durationS[a! * 2 + b!]).toBeLessThanOrEqual(shortest.durationS[a! * 2 + b!]);
    }
  });

  it('reaches every place=village (0 unreachable, all entries finite), on worker threads and without', async () => {
    const pts = villages(northBayreuth);
    expect(pts.length).toBe(22);
    const roads = { format: 'osm.pbf' as const, bytes: northBayreuth };
    const m = await computeTravelMatrix(pts, roads, { cacheDir: null, threads: 2 });
    expect(m.unreachable).toEqual([]);
    expect(m.distanceM.every(Number.isFinite)).toBe(true);
    expect(m.snaps.every((s) => s.snapDistanceM < 200)).toBe(true);
    const single = await computeTravelMatrix(pts, roads, { cacheDir: null, threads: 1 });
    expect(single.distanceM).toEqual(m.distanceM);
    expect(single.durationS).toEqual(m.durationS);
    // A road route is never shorter than the straight line; the median detour matches the data README
    // ("road/straight-line ratio between villages median 1.47").
    const ratios: number[] = [];
    for (let i = 0; i < pts.length; i++) {
      for (let j = 0; j < pts.length; j++) {
        if (i === j) continue;
        const line = haversineM(pts[i].lon, pts[i].lat, pts[j].lon, pts[j].lat);
        expect(m.distanceM[i * pts.length + j] + 1e-6).toBeGreaterThanOrEqual(line);
        ratios.push(m.distanceM[i * pts.length + j] / line);
      }
    }
    ratios.sort((a, b) => a - b);
    const median = ratios[ratios.length >> 1];
    expect(median).toBeGreaterThan(1.47 * 0.95);
    expect(median).toBeLessThan(1.47 * 1.05);
  });

  it('reaches every hamlet as well (70 villages and hamlets, 0 unreachable)', async () => {
    const pts = readOsmPlaces('osm.pbf', northBayreuth)
      .filter((p) => p.place === 'village' || p.place === 'hamlet')
      .map((p) => ({ id: `${p.osmId}`, lon: p.lon, lat: p.lat }));
    expect(pts.length).toBe(70);
    const m = await computeTravelMatrix(pts, { format: 'osm.pbf', bytes: northBayreuth }, { cacheDir: null });
    expect(m.unreachable).toEqual([]);
    expect(m.durationS.every(Number.isFinite)).toBe(true);
  });

  it('draws a leg whose length equals the matrix distance', async () => {
    const pts = villages(northBayreuth).slice(0, 6);
    const net = await computeTravelNetwork(pts, { format: 'osm.pbf', bytes: northBayreuth }, { cacheDir: null });
    const path = legPath(net, pts[0].id, pts[5].id)!;
    let len = 0;
    for (let k = 1; k < path.length; k++) len += haversineM(path[k - 1][0], path[k - 1][1], path[k][0], path[k][1]);
    expect(len).toBeCloseTo(net.matrix.distanceM[5], 0);
  });
});

describe('OSM XML', () => {
  /** harsdorf.osm.pbf rewritten as OSM XML by our PBF reader: both parsers must give the same graph. */
  function pbfToXml(bytes: Uint8Array): string {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const tagXml = (tags: Record<string, string> | null) =>
      Object.entries(tags ?? {})
        .map(([k, v]) => `<tag k="${esc(k)}" v="${esc(v)}"/>`)
        .join('');
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">'];
    readOsmPbf(bytes, {
      node: (id, lon, lat, tags) => out.push(`<node id="${id}" lon="${lon}" lat="${lat}">${tagXml(tags)}</node>`),
      way: (id, refs, tags) =>
        out.push(`<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tagXml(tags)}</way>`),
    });
    out.push('</osm>');
    return out.join('\n');
  }

  it('gives the same graph and matrix as the PBF of the same data', async () => {
    const bytes = pbf('harsdorf.osm.pbf');
    const xml = new TextEncoder().encode(pbfToXml(bytes));
    const fromPbf = roadStats(buildRoadGraph({ format: 'osm.pbf', bytes }));
    const fromXml = roadStats(buildRoadGraph({ format: 'osm', bytes: xml }));
    expect(fromXml).toEqual(fromPbf);
    expect(fromPbf.edges).toBeGreaterThan(50);
    expect(readOsmPlaces('osm', xml)).toEqual(readOsmPlaces('osm.pbf', bytes));
    const pts = readOsmPlaces('osm.pbf', bytes)
      .filter((p) => p.name)
      .map((p) => ({ id: `${p.osmId}`, lon: p.lon, lat: p.lat }));
    expect(pts.length).toBeGreaterThanOrEqual(2);
    const a = await computeTravelMatrix(pts, { format: 'osm.pbf', bytes }, { cacheDir: null });
    const b = await computeTravelMatrix(pts, { format: 'osm', bytes: xml }, { cacheDir: null });
    expect(b).toEqual(a);
  });

  it('keeps van roads only and applies one-way tags', () => {
    const xml = `<?xml version="1.0"?><osm version="0.6">
      <node id="1" lon="11.000" lat="50.000"/><node id="2" lon="11.010" lat="50.000"/>
      <node id="3" lon="11.020" lat="50.000"/><node id="4" lon="11.030" lat="50.000"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="oneway" v="-1"/></way>
      <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="footway"/></way>
      <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="service"/><tag k="access" v="private"/></way>
      <way id="13"><nd ref="2"/><nd ref="4"/><tag k="highway" v="tertiary"/><tag k="maxspeed" v="30"/></way>
    </osm>`;
    const g = buildRoadGraph({ format: 'osm', bytes: new TextEncoder().encode(xml) })!;
    expect(g.edgeCount).toBe(2);
    expect([...g.edgeDir]).toEqual([-1, 0]);
    // 30 km/h limit × 0.8 = 24 km/h on the tertiary road.
    expect(g.edgeLengthM[1] / g.edgeDurationS[1]).toBeCloseTo(24 / 3.6, 6);
  });
});
