import { describe, expect, it } from 'vitest';
import { formatInfo, scenarioInfo } from '../../src/cli/commands/info.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import type { Scenario } from '../../src/model/types.ts';
import { TINY_COUNTY } from './helpers.ts';

const noCache = { cacheDir: null } as const;

describe('scenario info', () => {
  it('sums demand and fleet independently of the reader', async () => {
    const s = readScenarioFolder(TINY_COUNTY);
    const info = await scenarioInfo(s, 'folder', null, noCache);
    let down = 0;
    let up = 0;
    for (const r of s.demand) {
      down += r.parcelsDown;
      up += r.parcelsUp;
    }
    expect(info.demand.parcelsDown).toBe(down);
    expect(info.demand.parcelsUp).toBe(up);
    expect(info.fleet.vehicles).toBe(s.fleet.reduce((n, f) => n + f.count, 0));
    expect(info.villages).toEqual({ poverty: 2, povertyWithStation: 2, large: 3, largeWithStation: 2 });
    expect(info.roads.components).toBe(1);
    expect(info.unreachable).toEqual([]);
    expect(formatInfo(info)).toContain('unreachable: 0');
  });

  it('a village on a road piece not connected to the rest is reported as disconnected', async () => {
    const s = readScenarioFolder(TINY_COUNTY);
    if (s.roads.format !== 'geojson') throw new Error('fixture has GeoJSON roads');
    // An isolated farm track about 6 km east of everything, and V3 moved onto it.
    const island: Scenario = {
      ...s,
      places: s.places.map((p) => (p.id === 'V3' ? { ...p, lon: 115.24, lat: 36.3 } : p)),
      roads: {
        format: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: [
            ...s.roads.data.features,
            {
              type: 'Feature',
              properties: { highway: 'track' },
              geometry: {
                type: 'LineString',
                coordinates: [
                  [115.235, 36.3],
                  [115.245, 36.3],
                ],
              },
            },
          ],
        },
      },
    };
    const info = await scenarioInfo(island, 'folder', null, noCache);
    expect(info.roads.components).toBe(2);
    expect(info.roads.largestComponentShare).toBeLessThan(1);
    expect(info.unreachable.map((u) => [u.id, u.reason, u.kind])).toEqual([['V3', 'disconnected', 'village']]);
    expect(formatInfo(info)).toMatch(/V3 北营村 \(village\): disconnected — /);
  });

  it('without roads travel is flagged as an estimate', async () => {
    const s: Scenario = { ...readScenarioFolder(TINY_COUNTY), roads: { format: 'none' } };
    const info = await scenarioInfo(s, 'store', 'tiny', noCache);
    expect(info.estimatedTravel).toBe(true);
    expect(info.roadKm).toBe(0);
    expect(info.unreachable).toEqual([]);
    expect(formatInfo(info)).toContain('travel times are ESTIMATES');
  });
});
