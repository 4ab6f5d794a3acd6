import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as importCommand from '../../src/cli/commands/import.ts';
import { convertLonLat, gcoord, parseCrs } from '../../src/io/crs.ts';
import { readScenarioFolder, writeScenarioFolder } from '../../src/io/scenario-folder.ts';
import type { Scenario } from '../../src/model/types.ts';
import { haversineM } from '../../src/network/index.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { wgs84ToGcj02 } from '../../web/src/gcj02.ts';
import { tempDir, TINY_COUNTY } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

/** Points across mainland China, Daming first. */
const POINTS: Array<[number, number]> = [
  [115.2385, 36.3031],
  [116.3975, 39.9087],
  [121.4737, 31.2304],
  [113.2644, 23.1291],
  [104.0665, 30.5723],
  [87.6168, 43.8256],
  [126.6425, 45.7567],
  [110.3, 20.0],
  [91.1322, 29.6604],
  [119.3, 26.08],
];

/** The same scenario with every coordinate moved from WGS-84 into `to` by gcoord (the reference). */
function shifted(s: Scenario, to: 'GCJ02' | 'BD09'): Scenario {
  const cv = (lon: number, lat: number) => gcoord.transform([lon, lat], gcoord.WGS84, gcoord[to]) as [number, number];
  return {
    ...s,
    county: { ...s.county, centre: cv(...s.county.centre) },
    townships: s.townships.map((t) => ({ ...t, ...lonLat(cv(t.lon, t.lat)) })),
    places: s.places.map((p) => ({ ...p, ...lonLat(cv(p.lon, p.lat)) })),
    roads:
      s.roads.format === 'geojson'
        ? {
            format: 'geojson',
            data: {
              ...s.roads.data,
              features: s.roads.data.features.map((f) => ({
                ...f,
                geometry: { ...f.geometry, coordinates: f.geometry.coordinates.map(([x, y]) => cv(x, y)) },
              })),
            },
          }
        : s.roads,
  };
}
const lonLat = ([lon, lat]: [number, number]) => ({ lon, lat });

function maxPlaceError(a: Scenario, b: Scenario): number {
  let worst = 0;
  a.places.forEach((p, i) => (worst = Math.max(worst, haversineM(p.lon, p.lat, b.places[i].lon, b.places[i].lat))));
  a.townships.forEach(
    (t, i) => (worst = Math.max(worst, haversineM(t.lon, t.lat, b.townships[i].lon, b.townships[i].lat))),
  );
  return worst;
}

describe('CRS conversion (gcoord)', () => {
  it('GCJ-02 and BD-09 round trips land within 1 m of the original; the shift itself is hundreds of metres', () => {
    for (const [lon, lat] of POINTS) {
      for (const crs of ['GCJ02', 'BD09'] as const) {
        const ref = gcoord.transform([lon, lat], gcoord.WGS84, gcoord[crs]) as [number, number];
        expect(haversineM(lon, lat, ref[0], ref[1])).toBeGreaterThan(50);
        const ours = convertLonLat(ref[0], ref[1], crs === 'GCJ02' ? 'gcj02' : 'bd09', 'wgs84');
        expect(haversineM(lon, lat, ours[0], ours[1])).toBeLessThan(1);
        const forward = convertLonLat(lon, lat, 'wgs84', crs === 'GCJ02' ? 'gcj02' : 'bd09');
        expect(haversineM(forward[0], forward[1], ref[0], ref[1])).toBeLessThan(1);
      }
    }
    expect(convertLonLat(115.2, 36.3, 'wgs84', 'wgs84')).toEqual([115.2, 36.3]);
  });

  it("the map's GCJ-02 shift agrees with gcoord within 1 m", () => {
    for (const [lon, lat] of POINTS) {
      const ref = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      const [x, y] = wgs84ToGcj02(lon, lat);
      expect(haversineM(x, y, ref[0], ref[1])).toBeLessThan(1);
    }
  });

  it('parses CRS names and rejects others', () => {
    expect(parseCrs('GCJ-02')).toBe('gcj02');
    expect(parseCrs('bd09')).toBe('bd09');
    expect(() => parseCrs('epsg3857')).toThrow('unknown CRS "epsg3857": use wgs84, gcj02 or bd09');
  });

  it('a folder declared GCJ-02 in county.json imports within 10 m of the same data in WGS-84; roads are converted too', () => {
    const wgs = readScenarioFolder(TINY_COUNTY);
    const dir = join(tempDir(), 'gcj');
    writeScenarioFolder(shifted(wgs, 'GCJ02'), dir);
    const county = JSON.parse(readFileSync(join(dir, 'county.json'), 'utf8'));
    writeFileSync(join(dir, 'county.json'), JSON.stringify({ ...county, crs: 'gcj02' }));
    const imported = readScenarioFolder(dir);
    expect(maxPlaceError(wgs, imported)).toBeLessThan(10);
    expect('crs' in imported.county).toBe(false); // stored data is WGS-84
    const road = (s: Scenario): [number, number] =>
      s.roads.format === 'geojson' ? s.roads.data.features[0].geometry.coordinates[1] : [0, 0];
    expect(haversineM(...road(wgs), ...road(imported))).toBeLessThan(10);
    // Read without the declaration the same files are hundreds of metres off.
    writeFileSync(join(dir, 'county.json'), JSON.stringify(county));
    expect(maxPlaceError(wgs, readScenarioFolder(dir))).toBeGreaterThan(100);
  });

  it('gongpei import --crs bd09 stores WGS-84 within 10 m; a bad --crs is an error', async () => {
    const wgs = readScenarioFolder(TINY_COUNTY);
    const dir = join(tempDir(), 'bd');
    writeScenarioFolder(shifted(wgs, 'BD09'), dir);
    const data = tempDir();
    const program = new Command().exitOverride().option('--data-dir <dir>');
    importCommand.register(program);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await program.parseAsync(['node', 'gongpei', '--data-dir', data, 'import', dir, '--id', 'bd', '--crs', 'bd09']);
    await expect(
      program.parseAsync(['node', 'gongpei', '--data-dir', data, 'import', dir, '--id', 'x', '--crs', 'utm']),
    ).rejects.toThrow('unknown CRS "utm"');
    const store = openStore(data);
    expect(maxPlaceError(wgs, store.getScenario('bd')!)).toBeLessThan(10);
    expect(store.getScenario('x')).toBeNull();
    store.close();
  });
});
