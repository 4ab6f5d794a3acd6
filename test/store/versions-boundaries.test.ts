import { describe, expect, it, afterEach } from 'vitest';
import { convertLonLat } from '../../src/io/crs.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { ScenarioError } from '../../src/model/validate.ts';
import { haversineM } from '../../src/network/index.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { insideBoundaries, parseBoundaries, saveBoundaries } from '../../src/store/versions-boundaries.ts';
import { ScenarioVersions } from '../../src/store/versions.ts';
import { geographicIssues } from '../../src/store/versions-edit.ts';
import { tempDir, TINY_COUNTY } from '../io/helpers.ts';
import { json, startTestServer, type TestServer } from '../server/helpers.ts';

const rect = (w: number, s: number, e: number, n: number) => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];
/** Two township rectangles of the tiny county; 大名镇 stops at lon 115.17. */
const BOUNDARIES = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: '大名镇' },
      geometry: { type: 'Polygon', coordinates: rect(115.1, 36.25, 115.17, 36.335) },
    },
    {
      type: 'Feature',
      properties: { id: '130425102' },
      geometry: { type: 'Polygon', coordinates: rect(115.1, 36.335, 115.2, 36.41) },
    },
  ],
};

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('township boundaries', () => {
  it('parse: matched by id or name, Polygon → MultiPolygon; unknown townships and bad geometry are named', () => {
    const tiny = readScenarioFolder(TINY_COUNTY);
    const b = parseBoundaries(BOUNDARIES, tiny);
    expect(b.features.map((f) => [f.properties.id, f.geometry.type])).toEqual([
      ['130425100', 'MultiPolygon'],
      ['130425102', 'MultiPolygon'],
    ]);
    expect(insideBoundaries(b, 115.16, 36.27)).toBe(true);
    expect(insideBoundaries(b, 115.18, 36.28)).toBe(false);
    const bad = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '无此镇' }, geometry: BOUNDARIES.features[0].geometry },
        { type: 'Feature', properties: { id: '130425102' }, geometry: { type: 'Point', coordinates: [1, 2] } },
      ],
    };
    const err = (() => {
      try {
        parseBoundaries(bad, tiny);
      } catch (e) {
        return e as ScenarioError;
      }
      return null;
    })()!;
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues.map((i) => `${i.file}:${i.row}:${i.field}`)).toEqual([
      'townships.geojson:1:properties',
      'townships.geojson:2:geometry.type',
    ]);
  });

  it('with boundaries, an edit outside every township boundary is refused even inside the places outline', async () => {
    const store = openStore(tempDir());
    const tiny = readScenarioFolder(TINY_COUNTY);
    store.saveScenario('tiny', tiny);
    const versions = new ScenarioVersions(store);
    // (115.18, 36.28) lies inside the places' outline + 2 km: not "outside the county" without boundaries.
    const moved = { ...tiny, places: tiny.places.map((p) => (p.id === 'V1' ? { ...p, lon: 115.18, lat: 36.28 } : p)) };
    expect(geographicIssues(tiny, moved, new Set(['V1'])).some((i) => i.message.includes('outside'))).toBe(false);
    saveBoundaries(store, 'tiny', parseBoundaries(BOUNDARIES, tiny));
    const err = await versions
      .edit('tiny', { edits: [{ op: 'move', id: 'V1', lon: 115.18, lat: 36.28 }] })
      .catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain(
      'places.csv:5:lon: V1 (东关村) at 115.18000, 36.28000 is outside the county (outside every township boundary of townships.geojson)',
    );
    await versions.edit('tiny', { edits: [{ op: 'move', id: 'V1', lon: 115.158, lat: 36.272 }] });
    expect(versions.list('tiny')).toHaveLength(2);
    store.close();
  });

  it('API: PUT in GCJ-02 is stored in WGS-84; GET returns it; 404 without; bad file → 400 naming the feature', async () => {
    server = await startTestServer();
    const base = `${server.url}/api/scenarios/tiny/boundaries`;
    expect((await fetch(base)).status).toBe(404);
    const gcj = JSON.parse(JSON.stringify(BOUNDARIES));
    for (const f of gcj.features)
      f.geometry.coordinates = f.geometry.coordinates.map((ring: number[][]) =>
        ring.map(([x, y]) => convertLonLat(x!, y!, 'wgs84', 'gcj02')),
      );
    const put = await fetch(`${base}?crs=gcj02`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(gcj),
    });
    expect(put.status).toBe(201);
    expect(await json(put)).toEqual({ townships: 2, of: 2 });
    const got = await json(await fetch(base));
    const [x, y] = got.features[0].geometry.coordinates[0][0][0];
    expect(haversineM(x, y, 115.1, 36.25)).toBeLessThan(1);
    const bad = await fetch(base, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'x' }, geometry: null }],
      }),
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues[0]).toMatchObject({ file: 'townships.geojson', row: 1, field: 'properties' });
    expect((await fetch(base, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(base)).status).toBe(404);
  });
});
